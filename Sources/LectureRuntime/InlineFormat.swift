import Foundation

/// How inline `` `{swift} expr` `` values read in prose: floating-point numbers
/// with four significant digits (no exponent between 10⁻⁴ and 10⁹), everything
/// else by its `description`. Format the value yourself in the expression
/// (e.g. `String(format: "%.2f", x)`) to choose otherwise.
public enum InlineFormat {
    /// The text an inline value shows: a Double or Float with four significant digits, a String as it is, anything else by its description.
    public static func text(for value: Any) -> String {
        switch value {
        case let x as Double: return number(x)
        case let x as Float: return number(Double(x))
        case let s as String: return s
        case let x as CustomStringConvertible: return x.description
        default: return String(describing: value)
        }
    }

    /// `x` with `digits` significant digits, trailing zeros dropped.
    public static func number(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude >= 1e9 || magnitude < 1e-4 {
            return String(format: "%.\(digits - 1)e", x)
        }
        let exponent = Int(floor(log10(magnitude)))
        let decimals = max(0, digits - 1 - exponent)
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
