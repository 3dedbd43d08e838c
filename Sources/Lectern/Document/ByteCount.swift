import Yams

/// Sizes of output in options: a whole number of bytes, or one with a unit
/// (`500 kB`, `2 MB`, `1 MiB`).
enum ByteCount {
    /// A cell's output keeps 1 MB of text unless `output-limit` says otherwise.
    static let defaultCellLimit = 1_000_000
    /// A lecture's output keeps 10 MB of text unless `lecture-output-limit` says otherwise.
    static let defaultLectureLimit = 10_000_000
    /// The largest limit accepted: 1 GB.
    static let largest = 1_000_000_000

    /// What a size option takes, for errors and the README.
    static let accepts = "a size from 1 byte to 1 GB, such as 1000000, '500 kB' or '2 MB'"

    /// The size a YAML value gives, or nil.
    static func read(_ value: Node) -> Int? {
        if let n = value.int { return n > 0 && n <= largest ? n : nil }
        guard let text = value.string else { return nil }
        return read(text)
    }

    /// The size `text` gives ("500 kB", "2 GB", 1000), up to `largest`, or nil.
    static func read(_ text: String, largest: Int = ByteCount.largest) -> Int? {
        guard let match = text.wholeMatch(of: /\s*([0-9]+(?:\.[0-9]+)?)\s*(B|kB|KB|MB|GB|KiB|MiB|GiB)?\s*/),
              let number = Double(match.1) else { return nil }
        let scale: Double = switch match.2.map(String.init) ?? "B" {
        case "kB", "KB": 1e3
        case "MB": 1e6
        case "GB": 1e9
        case "KiB": 1024
        case "MiB": 1_048_576
        case "GiB": 1_073_741_824
        default: 1
        }
        let bytes = number * scale
        return bytes >= 1 && bytes <= Double(largest) ? Int(bytes) : nil
    }

    /// `n` as the README writes it: "1 MB" for a whole number of megabytes;
    /// `rounded`, to one decimal in the largest unit that fits (a console line).
    static func written(_ n: Int, rounded: Bool = false) -> String {
        if rounded {
            for (unit, size) in [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] where Double(n) >= size {
                return String(format: "%.1f %@", Double(n) / size, unit)
            }
            return "\(n) B"
        }
        if n % 1_000_000 == 0 { return "\(n / 1_000_000) MB" }
        if n % 1000 == 0 { return "\(n / 1000) kB" }
        return "\(n)"
    }
}
