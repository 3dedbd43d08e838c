import Foundation

/// A one-dimensional histogram with fixed, equal bins on [lower, upper),
/// optional weights, and underflow/overflow counts.
public struct Histogram: Sendable, Hashable, Codable {
    /// The lower edge of the first bin.
    public let lower: Double
    /// The upper edge of the last bin.
    public let upper: Double
    /// Sum of weights in each bin.
    public private(set) var counts: [Double]
    /// Weight of the values below `lower`.
    public private(set) var underflow = 0.0
    /// Weight of the values at or above `upper`.
    public private(set) var overflow = 0.0

    /// An empty histogram of `bins` equal bins on `range`.
    public init(bins: Int, range: ClosedRange<Double>) {
        require(bins > 0 && range.upperBound > range.lowerBound, "Histogram needs bins > 0 and a range with upper > lower, not \(bins) bins on \(range)")
        lower = range.lowerBound
        upper = range.upperBound
        counts = [Double](repeating: 0, count: bins)
    }

    /// A histogram of `values`.
    public init(_ values: [Double], bins: Int, range: ClosedRange<Double>, weights: [Double]? = nil) {
        self.init(bins: bins, range: range)
        if let weights { fill(values, weights: weights) } else { fill(values) }
    }

    /// The number of bins.
    public var bins: Int { counts.count }
    /// (upper − lower) / bins.
    public var binWidth: Double { (upper - lower) / Double(bins) }
    /// The bins' edges (bins + 1 of them).
    public var edges: [Double] { (0...bins).map { lower + Double($0) * binWidth } }
    /// The middle of each bin.
    public var centers: [Double] { (0..<bins).map { lower + (Double($0) + 0.5) * binWidth } }
    /// Sum of weights inside the range.
    public var total: Double { counts.reduce(0, +) }

    /// The bin of x, or nil outside [lower, upper).
    @inlinable public func bin(of x: Double) -> Int? {
        guard x >= lower, x < upper else { return nil }
        return min(Int((x - lower) * (Double(counts.count) / (upper - lower))), counts.count - 1)
    }

    /// Adds unit-weight values: the fast path (10⁷ values in a few tens of ms).
    public mutating func fill(_ values: [Double]) {
        let scale = Double(counts.count) / (upper - lower)
        let lower = self.lower, n = counts.count
        var under = 0, over = 0
        var tally = [Int](repeating: 0, count: n)
        tally.withUnsafeMutableBufferPointer { t in
            values.withUnsafeBufferPointer { v in
                for x in v {
                    let f = (x - lower) * scale
                    if f >= 0 && f < Double(n) {
                        t[Int(f)] += 1
                    } else if f < 0 {
                        under += 1
                    } else if f >= Double(n) {
                        over += 1
                    }
                }
            }
        }
        for i in 0..<n { counts[i] += Double(tally[i]) }
        underflow += Double(under)
        overflow += Double(over)
    }

    /// Adds weighted values.
    public mutating func fill(_ values: [Double], weights: [Double]) {
        require(values.count == weights.count, "Histogram.fill needs one weight per value: \(weights.count) weights for \(values.count) values")
        for (x, w) in zip(values, weights) { add(x, weight: w) }
    }

    /// Adds `weight` to the bin that holds `x` (or to the underflow or overflow; NaN is dropped).
    public mutating func add(_ x: Double, weight: Double = 1) {
        if let i = bin(of: x) { counts[i] += weight } else if x < lower { underflow += weight } else if !x.isNaN { overflow += weight }
    }

    /// Counts divided by (total · bin width): integrates to one over the range.
    public var density: [Double] {
        let norm = total * binWidth
        return counts.map { $0 / norm }
    }

    /// Counts divided by the total: fractions per bin.
    public var fractions: [Double] {
        let t = total
        return counts.map { $0 / t }
    }
}

/// A two-dimensional histogram with fixed bins, for heat maps.
public struct Histogram2D: Sendable, Hashable {
    /// The x range binned.
    public let xRange: ClosedRange<Double>
    /// The y range binned.
    public let yRange: ClosedRange<Double>
    /// The number of bins along x.
    public let xBins: Int
    /// The number of bins along y.
    public let yBins: Int
    /// Counts, row-major by y then x: counts[iy * xBins + ix].
    public private(set) var counts: [Double]
    /// Weight that fell outside the ranges.
    public private(set) var outside = 0.0

    /// An empty histogram of `xBins` × `yBins` equal bins.
    public init(xBins: Int, xRange: ClosedRange<Double>, yBins: Int, yRange: ClosedRange<Double>) {
        require(xBins > 0 && yBins > 0, "Histogram2D needs xBins and yBins > 0, not \(xBins) and \(yBins)")
        self.xBins = xBins
        self.yBins = yBins
        self.xRange = xRange
        self.yRange = yRange
        counts = [Double](repeating: 0, count: xBins * yBins)
    }

    /// A histogram of the points (`x[i]`, `y[i]`), weighted by `weights` if given.
    public init(x: [Double], y: [Double], xBins: Int, xRange: ClosedRange<Double>, yBins: Int, yRange: ClosedRange<Double>, weights: [Double]? = nil) {
        self.init(xBins: xBins, xRange: xRange, yBins: yBins, yRange: yRange)
        fill(x: x, y: y, weights: weights)
    }

    /// Adds the points (`x[i]`, `y[i]`), with `weights` if given (else 1 each).
    public mutating func fill(x: [Double], y: [Double], weights: [Double]? = nil) {
        require(x.count == y.count, "Histogram2D needs as many y values as x values: \(x.count) x, \(y.count) y")
        let sx = Double(xBins) / (xRange.upperBound - xRange.lowerBound)
        let sy = Double(yBins) / (yRange.upperBound - yRange.lowerBound)
        for i in 0..<x.count {
            let fx = (x[i] - xRange.lowerBound) * sx, fy = (y[i] - yRange.lowerBound) * sy
            let w = weights?[i] ?? 1
            if fx >= 0 && fx < Double(xBins) && fy >= 0 && fy < Double(yBins) {
                counts[Int(fy) * xBins + Int(fx)] += w
            } else {
                outside += w
            }
        }
    }

    /// The count in bin (`ix`, `iy`).
    public subscript(ix: Int, iy: Int) -> Double { counts[iy * xBins + ix] }
    /// The middle of each x bin.
    public var xCenters: [Double] { (0..<xBins).map { xRange.lowerBound + (Double($0) + 0.5) * (xRange.upperBound - xRange.lowerBound) / Double(xBins) } }
    /// The middle of each y bin.
    public var yCenters: [Double] { (0..<yBins).map { yRange.lowerBound + (Double($0) + 0.5) * (yRange.upperBound - yRange.lowerBound) / Double(yBins) } }
}
