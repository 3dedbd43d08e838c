import Stats
import Foundation

/// A vector of reals inside a model, one per observation: a linear predictor,
/// or the per-event log densities of a mixture component. Operations on it
/// are one loop each and one node on the `Tape`, with analytic partials.
public struct Reals {
    /// The numbers themselves, one per observation.
    public let values: [Double]
    let tape: Tape?
    let index: Int

    /// Constant values.
    public init(_ values: [Double]) {
        self.values = values
        tape = nil
        index = -1
    }

    init(values: [Double], tape: Tape) {
        self.values = values
        self.tape = tape
        index = tape.vector(count: values.count)
        tape.hold(values)
    }

    /// The number of values.
    public var count: Int { values.count }

    /// Σᵢ xᵢ.
    public func sum() -> Real {
        var total = 0.0
        for v in values { total += v }
        guard let tape else { return Real(total) }
        let out = tape.scalar(total), source = index
        tape.record(.custom { t in
            let g = t.adjoints[out]
            t.accumulate(source) { _ in g }
        })
        return Real(value: total, tape: tape, index: out)
    }

    /// Elementwise f(xᵢ) with f′(xᵢ) = `derivatives[i]`.
    func elementwise(_ result: [Double], _ derivatives: [Double]) -> Reals {
        guard let tape else { return Reals(result) }
        let out = Reals(values: result, tape: tape), source = index, outIndex = out.index
        tape.record(.custom { t in
            let g = t.vectorAdjoints[outIndex]
            guard !g.isEmpty else { return }
            derivatives.withUnsafeBufferPointer { d in
                g.withUnsafeBufferPointer { g in t.accumulate(source) { d[$0] * g[$0] } }
            }
        })
        return out
    }
}

// MARK: Vector with scalar

extension Real {
    /// a·xᵢ for data x.
    public static func * (a: Real, x: [Double]) -> Reals {
        let values = x.map { a.value * $0 }
        guard let tape = a.tape else { return Reals(values) }
        let out = Reals(values: values, tape: tape), outIndex = out.index, source = a.index
        tape.record(.custom { t in
            let g = t.vectorAdjoints[outIndex]
            guard !g.isEmpty else { return }
            var s = 0.0
            for i in g.indices { s += g[i] * x[i] }
            t.adjoints[source] += s
        })
        return out
    }

    /// xᵢ·a for data x and a model real a.
    public static func * (x: [Double], a: Real) -> Reals { a * x }
}

extension Reals {
    /// a·xᵢ.
    public static func * (a: Real, x: Reals) -> Reals {
        let values = x.values.map { a.value * $0 }
        guard let tape = a.tape ?? x.tape else { return Reals(values) }
        let out = Reals(values: values, tape: tape), outIndex = out.index
        let scalar = a.tape == nil ? -1 : a.index, vector = x.tape == nil ? -1 : x.index
        let av = a.value, xv = x.values
        tape.record(.custom { t in
            let g = t.vectorAdjoints[outIndex]
            guard !g.isEmpty else { return }
            if scalar >= 0 {
                var s = 0.0
                for i in g.indices { s += g[i] * xv[i] }
                t.adjoints[scalar] += s
            }
            if vector >= 0 { t.addToVectorAdjoint(vector, g, times: av) }
        })
        return out
    }

    /// xᵢ·a.
    public static func * (x: Reals, a: Real) -> Reals { a * x }

    /// xᵢ + a.
    public static func + (x: Reals, a: Real) -> Reals {
        let values = x.values.map { $0 + a.value }
        guard let tape = a.tape ?? x.tape else { return Reals(values) }
        let out = Reals(values: values, tape: tape), outIndex = out.index
        let scalar = a.tape == nil ? -1 : a.index, vector = x.tape == nil ? -1 : x.index
        tape.record(.custom { t in
            let g = t.vectorAdjoints[outIndex]
            guard !g.isEmpty else { return }
            if scalar >= 0 {
                var s = 0.0
                for v in g { s += v }
                t.adjoints[scalar] += s
            }
            if vector >= 0 { t.addToVectorAdjoint(vector, g) }
        })
        return out
    }

    /// a + xᵢ.
    public static func + (a: Real, x: Reals) -> Reals { x + a }
    /// xᵢ − a.
    public static func - (x: Reals, a: Real) -> Reals { x + (-a) }

    /// xᵢ + cᵢ for data c.
    public static func + (x: Reals, c: [Double]) -> Reals {
        require(x.count == c.count, "Reals + [Double] needs equal lengths, got \(x.count) and \(c.count)")
        let values = zip(x.values, c).map { $0 + $1 }
        return x.elementwise(values, [Double](repeating: 1, count: c.count))
    }

    /// cᵢ + xᵢ for data c.
    public static func + (c: [Double], x: Reals) -> Reals { x + c }
}

// MARK: Vector with vector

extension Reals {
    /// xᵢ + yᵢ.
    public static func + (x: Reals, y: Reals) -> Reals { linear(x, y, sign: 1) }
    /// xᵢ − yᵢ.
    public static func - (x: Reals, y: Reals) -> Reals { linear(x, y, sign: -1) }

    /// xᵢ + sign·yᵢ, whose partials need no storage.
    static func linear(_ x: Reals, _ y: Reals, sign: Double) -> Reals {
        require(x.count == y.count, "Reals need equal lengths, got \(x.count) and \(y.count)")
        let tape = x.tape ?? y.tape
        var values = tape?.scratch(count: x.count) ?? [Double](repeating: 0, count: x.count)
        values.withUnsafeMutableBufferPointer { v in
            x.values.withUnsafeBufferPointer { a in
                y.values.withUnsafeBufferPointer { b in for i in v.indices { v[i] = a[i] + sign * b[i] } }
            }
        }
        guard let tape else { return Reals(values) }
        let out = Reals(values: values, tape: tape), outIndex = out.index
        let xi = x.tape == nil ? -1 : x.index, yi = y.tape == nil ? -1 : y.index
        tape.record(.custom { t in
            let g = t.vectorAdjoints[outIndex]
            guard !g.isEmpty else { return }
            if xi >= 0 { t.addToVectorAdjoint(xi, g) }
            if yi >= 0 { t.addToVectorAdjoint(yi, g, times: sign) }
        })
        return out
    }
    /// xᵢ·yᵢ.
    public static func * (x: Reals, y: Reals) -> Reals { combine(x, y, *, { _, b in b }, { a, _ in a }) }

    static func combine(_ x: Reals, _ y: Reals, _ f: (Double, Double) -> Double,
                        _ dx: (Double, Double) -> Double, _ dy: (Double, Double) -> Double) -> Reals {
        require(x.count == y.count, "Reals need equal lengths, got \(x.count) and \(y.count)")
        let n = x.count
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = f(x.values[i], y.values[i]) }
        guard let tape = x.tape ?? y.tape else { return Reals(values) }
        let out = Reals(values: values, tape: tape), outIndex = out.index
        let xi = x.tape == nil ? -1 : x.index, yi = y.tape == nil ? -1 : y.index
        let px = xi >= 0 ? (0..<n).map { dx(x.values[$0], y.values[$0]) } : []
        let py = yi >= 0 ? (0..<n).map { dy(x.values[$0], y.values[$0]) } : []
        tape.record(.custom { t in
            let g = t.vectorAdjoints[outIndex]
            guard !g.isEmpty else { return }
            if xi >= 0 { t.accumulate(xi) { px[$0] * g[$0] } }
            if yi >= 0 { t.accumulate(yi) { py[$0] * g[$0] } }
        })
        return out
    }
}

// MARK: Functions

/// e^xᵢ for each value, with derivatives e^xᵢ.
public func exp(_ x: Reals) -> Reals {
    let e = x.values.map { Foundation.exp($0) }
    return x.elementwise(e, e)
}

/// ln xᵢ for each value, with derivatives 1/xᵢ.
public func log(_ x: Reals) -> Reals {
    x.elementwise(x.values.map { Foundation.log($0) }, x.values.map { 1 / $0 })
}

// MARK: Vector with constant

extension Reals {
    /// c·xᵢ.
    public static func * (x: Reals, c: Double) -> Reals {
        x.elementwise(x.values.map { $0 * c }, [Double](repeating: c, count: x.count))
    }
    /// c·xᵢ.
    public static func * (c: Double, x: Reals) -> Reals { x * c }
    /// xᵢ + c.
    public static func + (x: Reals, c: Double) -> Reals {
        x.elementwise(x.values.map { $0 + c }, [Double](repeating: 1, count: x.count))
    }
    /// c + xᵢ.
    public static func + (c: Double, x: Reals) -> Reals { x + c }
    /// xᵢ − c.
    public static func - (x: Reals, c: Double) -> Reals { x + (-c) }
    /// −xᵢ.
    public static prefix func - (x: Reals) -> Reals { x * -1 }
}
