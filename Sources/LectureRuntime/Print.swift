/// `print` as cells see it: Swift's, except that floating-point numbers (also
/// inside arrays) read with four significant digits, as inline values do
/// (`InlineFormat`), so a printed loss is `0.3486`, not `0.3486001491555608`.
/// Format a number yourself (`String(format:)`) for other digits, or call
/// `Swift.print` for all of them. Declared here, it shadows the standard
/// library's `print` in every lecture program.
public func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(items.map(PrintedValue.text).joined(separator: separator), terminator: terminator)
}

/// How `print` writes one value.
enum PrintedValue {
    static func text(_ value: Any) -> String {
        switch value {
        case let x as Double: InlineFormat.number(x)
        case let x as Float: InlineFormat.number(Double(x))
        case let xs as [Double]: "[" + xs.map { InlineFormat.number($0) }.joined(separator: ", ") + "]"
        case let xs as [Float]: "[" + xs.map { InlineFormat.number(Double($0)) }.joined(separator: ", ") + "]"
        case let s as String: s
        default: String(describing: value)
        }
    }
}
