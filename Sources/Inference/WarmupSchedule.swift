import Foundation

/// Stan's windowed warm-up schedule: a fast initial buffer (step size only),
/// doubling slow windows that estimate the diagonal metric from the draws in
/// them, and a fast terminal buffer.
struct WarmupSchedule {
    let warmup: Int
    private(set) var initialBuffer = 75, terminalBuffer = 50, baseWindow = 25
    private var windowSize: Int, nextWindowEnd: Int
    private var counter = 0
    private var estimator: Welford

    init(warmup: Int, dimension: Int) {
        self.warmup = warmup
        if warmup >= 20, initialBuffer + terminalBuffer + baseWindow > warmup {
            initialBuffer = Int(0.15 * Double(warmup))
            terminalBuffer = Int(0.1 * Double(warmup))
            baseWindow = warmup - initialBuffer - terminalBuffer
        }
        windowSize = baseWindow
        nextWindowEnd = initialBuffer + baseWindow - 1
        estimator = Welford(dimension: dimension)
    }

    var adaptsMetric: Bool { warmup >= 20 }

    /// Records warm-up draw q; returns a new inverse metric at the end of a slow window.
    mutating func learn(_ q: [Double]) -> [Double]? {
        defer { counter += 1 }
        guard adaptsMetric else { return nil }
        if counter >= initialBuffer, counter < warmup - terminalBuffer { estimator.add(q) }
        guard counter == nextWindowEnd, counter != warmup else { return nil }
        // Next window: double, and stretch the last one to meet the terminal buffer.
        if nextWindowEnd != warmup - terminalBuffer - 1 {
            windowSize *= 2
            nextWindowEnd = counter + windowSize
            if nextWindowEnd + 2 * windowSize >= warmup - terminalBuffer {
                nextWindowEnd = warmup - terminalBuffer - 1
            }
        }
        let n = Double(estimator.count)
        let variance = estimator.variance.map { (n / (n + 5)) * $0 + 1e-3 * (5 / (n + 5)) }
        estimator = Welford(dimension: variance.count)
        return variance
    }
}
