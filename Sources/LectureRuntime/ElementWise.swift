import Foundation
import Stats

// NumPy's arithmetic on arrays, for cells: `2 * x + 1`, `x - y`, `exp(x)`.
//
// Only cells see these (they live in the runtime, not in the engine's
// modules), so the engine's own code keeps Swift's meaning of `+` on arrays.
// In a cell, `+` between two `[Double]` adds element by element, as NumPy's
// does; arrays are joined with `concatenate([x, y])`, NumPy's spelling. Each
// name is one concrete overload (no generics), so the type checker finds them
// without a search (`lectern check --type-check-limit` keeps it so).

/// Applies `f` to each pair of `lhs[i]`, `rhs[i]`; stops the cell with a
/// message naming `symbol` when the lengths differ.
@inline(__always)
private func pairwise(_ lhs: [Double], _ rhs: [Double], _ symbol: String,
                      _ f: (Double, Double) -> Double) -> [Double] {
    require(lhs.count == rhs.count,
            "x \(symbol) y on [Double] works element by element, as NumPy's does, and needs arrays of one length: "
            + "these have \(lhs.count) and \(rhs.count) values"
            + (symbol == "+" ? "; to join two arrays, write concatenate([x, y])" : ""))
    return [Double](unsafeUninitializedCapacity: lhs.count) { out, n in
        lhs.withUnsafeBufferPointer { a in
            rhs.withUnsafeBufferPointer { b in
                for i in 0..<a.count { out[i] = f(a[i], b[i]) }
            }
        }
        n = lhs.count
    }
}

/// Applies `f` to each element: NumPy's universal functions.
@inline(__always)
private func each(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    [Double](unsafeUninitializedCapacity: x.count) { out, n in
        x.withUnsafeBufferPointer { a in
            for i in 0..<a.count { out[i] = f(a[i]) }
        }
        n = x.count
    }
}

/// xᵢ + yᵢ for each i: NumPy's `x + y` (equal lengths, else the cell stops
/// and says so). To join two arrays, write `concatenate([x, y])`.
public func + (lhs: [Double], rhs: [Double]) -> [Double] { pairwise(lhs, rhs, "+", +) }
/// xᵢ − yᵢ for each i: NumPy's `x - y` (equal lengths).
public func - (lhs: [Double], rhs: [Double]) -> [Double] { pairwise(lhs, rhs, "-", -) }
/// xᵢ · yᵢ for each i: NumPy's `x * y` (equal lengths; not a dot product,
/// which is `Matrix`'s `*` or `zip(x, y).map(*).sum`).
public func * (lhs: [Double], rhs: [Double]) -> [Double] { pairwise(lhs, rhs, "*", *) }
/// xᵢ / yᵢ for each i: NumPy's `x / y` (equal lengths; x/0 is ±inf or NaN, as NumPy's).
public func / (lhs: [Double], rhs: [Double]) -> [Double] { pairwise(lhs, rhs, "/", /) }

/// xᵢ + c for each i: NumPy's `x + c`.
public func + (lhs: [Double], rhs: Double) -> [Double] { each(lhs) { $0 + rhs } }
/// c + xᵢ for each i: NumPy's `c + x`.
public func + (lhs: Double, rhs: [Double]) -> [Double] { each(rhs) { lhs + $0 } }
/// xᵢ − c for each i: NumPy's `x - c`.
public func - (lhs: [Double], rhs: Double) -> [Double] { each(lhs) { $0 - rhs } }
/// c − xᵢ for each i: NumPy's `c - x`.
public func - (lhs: Double, rhs: [Double]) -> [Double] { each(rhs) { lhs - $0 } }
/// xᵢ · c for each i: NumPy's `x * c`.
public func * (lhs: [Double], rhs: Double) -> [Double] { each(lhs) { $0 * rhs } }
/// c · xᵢ for each i: NumPy's `c * x`.
public func * (lhs: Double, rhs: [Double]) -> [Double] { each(rhs) { lhs * $0 } }
/// xᵢ / c for each i: NumPy's `x / c`.
public func / (lhs: [Double], rhs: Double) -> [Double] { each(lhs) { $0 / rhs } }
/// c / xᵢ for each i: NumPy's `c / x`.
public func / (lhs: Double, rhs: [Double]) -> [Double] { each(rhs) { lhs / $0 } }
/// −xᵢ for each i: NumPy's `-x`.
public prefix func - (x: [Double]) -> [Double] { each(x) { -$0 } }

/// x ← x + y element by element: NumPy's `x += y` (equal lengths). To append,
/// write `x.append(contentsOf: y)`.
public func += (lhs: inout [Double], rhs: [Double]) { lhs = lhs + rhs }
/// x ← x − y element by element: NumPy's `x -= y`.
public func -= (lhs: inout [Double], rhs: [Double]) { lhs = lhs - rhs }
/// x ← x · y element by element: NumPy's `x *= y`.
public func *= (lhs: inout [Double], rhs: [Double]) { lhs = lhs * rhs }
/// x ← x / y element by element: NumPy's `x /= y`.
public func /= (lhs: inout [Double], rhs: [Double]) { lhs = lhs / rhs }
/// xᵢ ← xᵢ + c: NumPy's `x += c`.
public func += (lhs: inout [Double], rhs: Double) { lhs = lhs + rhs }
/// xᵢ ← xᵢ − c: NumPy's `x -= c`.
public func -= (lhs: inout [Double], rhs: Double) { lhs = lhs - rhs }
/// xᵢ ← xᵢ · c: NumPy's `x *= c`.
public func *= (lhs: inout [Double], rhs: Double) { lhs = lhs * rhs }
/// xᵢ ← xᵢ / c: NumPy's `x /= c`.
public func /= (lhs: inout [Double], rhs: Double) { lhs = lhs / rhs }

/// e^xᵢ for each i: NumPy's `np.exp(x)`.
public func exp(_ x: [Double]) -> [Double] { each(x) { Foundation.exp($0) } }
/// The natural logarithm ln xᵢ for each i: NumPy's `np.log(x)` (NaN below 0, −inf at 0).
public func log(_ x: [Double]) -> [Double] { each(x) { Foundation.log($0) } }
/// √xᵢ for each i: NumPy's `np.sqrt(x)` (NaN below 0).
public func sqrt(_ x: [Double]) -> [Double] { each(x) { $0.squareRoot() } }
/// |xᵢ| for each i: NumPy's `np.abs(x)`.
public func abs(_ x: [Double]) -> [Double] { each(x) { Swift.abs($0) } }
/// xᵢ^p for each i: NumPy's `x ** p` or `np.power(x, p)`.
public func pow(_ x: [Double], _ p: Double) -> [Double] {
    if p == 2 { return each(x) { $0 * $0 } }
    return each(x) { Foundation.pow($0, p) }
}
