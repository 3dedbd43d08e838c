import Foundation

/// `num` values from `start` to `stop`, equally spaced, both ends included:
/// NumPy's `linspace(start, stop, num)`.
///
///     let x = linspace(0, 1, 101)   // 0, 0.01, …, 1
public func linspace(_ start: Double, _ stop: Double, _ num: Int = 50) -> [Double] {
    require(num >= 0, "linspace needs a count ≥ 0, not \(num)")
    guard num > 1 else { return num == 1 ? [start] : [] }
    let step = (stop - start) / Double(num - 1)
    return (0..<num).map { $0 == num - 1 ? stop : start + Double($0) * step }
}

/// `start`, `start + step`, … up to but not including `stop`:
/// NumPy's `arange(start, stop, step)`, ⌈(stop − start)/step⌉ values.
///
///     let t = arange(0, 10, 0.5)    // 0, 0.5, …, 9.5
public func arange(_ start: Double, _ stop: Double, _ step: Double = 1) -> [Double] {
    require(step != 0 && step.isFinite, "arange needs a finite step other than 0, not \(step)")
    require(start.isFinite && stop.isFinite, "arange needs finite ends, not \(start) and \(stop)")
    let n = Int(Swift.max(0, ((stop - start) / step).rounded(.up)))
    require(n <= 1 << 31, "arange(\(start), \(stop), \(step)) would make \(n) values; use a larger step")
    // NumPy fills from its first two values, so its step is (start + step) − start.
    let delta = (start + step) - start
    return (0..<n).map { start + Double($0) * delta }
}

/// `0, 1, …` below `stop`: NumPy's `arange(stop)`.
public func arange(_ stop: Double) -> [Double] { arange(0, stop, 1) }

/// The arrays one after another: NumPy's `np.concatenate([x, y])`. In a
/// cell, `x + y` on two `[Double]` adds them element by element, as NumPy's does.
public func concatenate(_ arrays: [[Double]]) -> [Double] {
    var joined: [Double] = []
    joined.reserveCapacity(arrays.reduce(0) { $0 + $1.count })
    for a in arrays { joined.append(contentsOf: a) }
    return joined
}

/// The running totals x₀, x₀ + x₁, …: NumPy's `cumsum(x)`.
public func cumsum(_ x: [Double]) -> [Double] {
    var total = 0.0
    return x.map { total += $0; return total }
}

extension Array where Element == Double {
    /// Σᵢ xᵢ (0 for an empty array): NumPy's `x.sum()`.
    public var sum: Double { reduce(0, +) }

    /// The population standard deviation √(Σ(x − x̄)²/n): NumPy's `x.std()`
    /// (ddof = 0). `standardDeviation` is the sample one (n − 1).
    public var std: Double { std(ddof: 0) }

    /// √(Σ(x − x̄)²/(n − ddof)): NumPy's `x.std(ddof=…)`; `ddof: 1` is the
    /// sample standard deviation. NaN when n ≤ ddof, as NumPy.
    public func std(ddof: Int) -> Double {
        require(ddof >= 0, "std needs ddof ≥ 0, not \(ddof)")
        guard count > ddof else { return .nan }
        let m = mean
        var s = 0.0
        for x in self { s += (x - m) * (x - m) }
        return (s / Double(count - ddof)).squareRoot()
    }
}
