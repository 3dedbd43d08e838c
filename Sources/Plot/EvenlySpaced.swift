extension ClosedRange<Double> {
    /// `count` values from the lower to the upper bound, equally spaced, both ends included.
    func evenlySpaced(_ count: Int) -> [Double] {
        let n = Swift.max(2, count)
        let step = (upperBound - lowerBound) / Double(n - 1)
        return (0..<n).map { $0 == n - 1 ? upperBound : lowerBound + Double($0) * step }
    }
}
