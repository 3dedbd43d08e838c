#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import LecternProtocol

/// A digest of a value's contents, for `lectern preview`: after an edit, a
/// later cell keeps its last result only when every global it reads has the
/// digest it had last time (and the generator its state), so the digest must
/// see everything a cell could read. It walks the value with `Mirror`:
/// numbers by their bits, strings by their UTF-8, arrays element by element,
/// structs, enums, tuples and class instances by their stored properties,
/// each node tagged with its type's name. What it cannot see whole makes the
/// value undigestible (nil, never equal to anything): closures, pointers,
/// types with a custom mirror (outside the standard library), more than `budget` nodes. Dictionaries and
/// sets are digested in their iteration order, which differs between
/// processes: equal ones may digest differently, which costs a re-run, never
/// a wrong page.
///
/// Two 64-bit lanes with different multipliers (128 bits in all); it is not
/// a cryptographic hash, and needs none: cells are trusted code, and two
/// different values share a digest by accident with odds near 2⁻¹²⁸.
struct Fingerprint {
    private var a: UInt64 = 0x243F_6A88_85A3_08D3
    private var b: UInt64 = 0x1319_8A2E_0370_7344
    private var nodes = 0
    private var seen: [ObjectIdentifier: Int] = [:]
    private let budget: Int
    /// At most this many nodes by default (array elements digested as words count an eighth each).
    static let budget = 1_000_000

    private init(budget: Int) { self.budget = budget }

    /// Whether the runtime digests values: only under the preview (which
    /// asks for checkpoints). Set once in `_lecternStart`, before any fork,
    /// on the main thread; read only on the thread that runs the cells.
    nonisolated(unsafe) static var enabled = false

    /// The digest of `value` as 32 hex digits, or nil when it cannot be seen whole.
    static func of(_ value: Any, budget: Int = Fingerprint.budget) -> String? {
        var digest = Fingerprint(budget: budget)
        guard digest.feed(value, depth: 0) else { return nil }
        return digest.text
    }

    private var text: String {
        func finish(_ x: UInt64) -> UInt64 {
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func hex(_ x: UInt64) -> String {
            let digits = String(x, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(finish(a ^ UInt64(nodes))) + hex(finish(b &+ a))
    }

    private mutating func add(_ word: UInt64) {
        a = ((a ^ word) &* 0x9E37_79B9_7F4A_7C15)
        a = (a << 27) | (a >> 37)
        b = ((b &+ word) &* 0xC2B2_AE3D_27D4_EB4F)
        b = (b << 31) | (b >> 33)
        b ^= a
    }

    private mutating func add(_ text: String) {
        add(UInt64(text.utf8.count) | 0xA5 << 56)
        var word: UInt64 = 0, shift: UInt64 = 0
        for byte in text.utf8 {
            word |= UInt64(byte) << shift
            shift += 8
            if shift == 64 { add(word); word = 0; shift = 0 }
        }
        if shift > 0 { add(word) }
    }

    private mutating func words<C: Collection>(_ values: C, tag: UInt64, _ bits: (C.Element) -> UInt64) -> Bool {
        nodes += values.count / 8 + 1
        guard nodes <= budget else { return false }
        add(tag)
        add(UInt64(values.count))
        for value in values { add(bits(value)) }
        return true
    }

    /// Adds `value`; false when it cannot be seen whole.
    private mutating func feed(_ value: Any, depth: Int) -> Bool {
        nodes += 1
        guard nodes <= budget, depth < 200 else { return false }
        switch value {
        case let x as Double: add(1); add(x.bitPattern); return true
        case let x as Float: add(2); add(UInt64(x.bitPattern)); return true
        case let x as Int: add(3); add(UInt64(bitPattern: Int64(x))); return true
        case let x as Bool: add(4); add(x ? 1 : 0); return true
        case let x as String: add(5); add(x); return true
        case let x as [Double]: return words(x, tag: 6) { $0.bitPattern }
        case let x as [Float]: return words(x, tag: 7) { UInt64($0.bitPattern) }
        case let x as [Int]: return words(x, tag: 8) { UInt64(bitPattern: Int64($0)) }
        case let x as [[Double]]:
            add(9); add(UInt64(x.count))
            for row in x { guard words(row, tag: 6, { $0.bitPattern }) else { return false } }
            return true
        default: break
        }
        let type = type(of: value)
        let name = String(reflecting: type)
        if name.contains("->") || name.hasPrefix("Swift.Unsafe") || name.hasPrefix("Swift.OpaquePointer")
            || name.hasPrefix("Swift.AutoreleasingUnsafe") || name.hasPrefix("Swift.ManagedBuffer") { return false }
        add(10)
        add(name)
        if name.hasPrefix("Swift."), !name.contains("<"), !name.contains("(") {
            // Another number type, a character, a substring: its text is all of it.
            add(String(describing: value))
            return true
        }
        let mirror = Mirror(reflecting: value)
        let style = mirror.displayStyle
        // A custom mirror may leave state out; the standard library's (ranges, collections) show all of it.
        if value is CustomReflectable, !name.hasPrefix("Swift."), ![.collection, .dictionary, .set, .optional].contains(style) { return false }
        if style == .class {
            let object = ObjectIdentifier(value as AnyObject)
            if let index = seen[object] { add(11); add(UInt64(index)); return true }
            seen[object] = seen.count
        }
        var current: Mirror? = mirror
        var children = 0
        while let m = current {
            for child in m.children {
                children += 1
                add(child.label ?? "")
                guard feed(child.value, depth: depth + 1) else { return false }
            }
            current = style == .class ? m.superclassMirror : nil
        }
        add(12); add(UInt64(children))
        if children == 0 {
            // A leaf: an enum case without a payload, an empty struct, a
            // number type of the standard library not listed above.
            switch style {
            case .enum?, .struct?: add(String(describing: value))
            case nil: return false
            default: break
            }
        }
        return true
    }
}

/// Reports the digest of global `name` as cell `cell` ends (the preview
/// only; nothing otherwise). Only the generated program calls it.
public func _lecternValue<T>(_ cell: Int, _ name: String, _ value: T) {
    guard Fingerprint.enabled else { return }
    Channel.send(.value(cell: cell, name: name, fingerprint: Fingerprint.of(value)))
}
