import Foundation

/// Step-size adaptation by dual averaging (Hoffman & Gelman 2014, §3.2; the
/// constants are Stan's): drives the mean acceptance statistic to `target`.
struct DualAveraging {
    var target: Double
    var mu = log(10.0)
    let gamma = 0.05, kappa = 0.75, t0 = 10.0
    private var counter = 0.0, sBar = 0.0, xBar = 0.0

    init(target: Double) { self.target = target }

    /// Starts again around 10ε.
    mutating func restart(stepSize: Double) {
        mu = log(10 * stepSize)
        counter = 0
        sBar = 0
        xBar = 0
    }

    /// The next step size after a transition with acceptance statistic `accept`.
    mutating func learn(accept: Double) -> Double {
        counter += 1
        let a = min(1, accept.isNaN ? 0 : accept)
        let eta = 1 / (counter + t0)
        sBar = (1 - eta) * sBar + eta * (target - a)
        let x = mu - sBar * counter.squareRoot() / gamma
        let weight = pow(counter, -kappa)
        xBar = (1 - weight) * xBar + weight * x
        return exp(x)
    }

    /// The final step size: the averaged iterate.
    var finalStepSize: Double { exp(xBar) }
}

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

/// Running mean and variance per coordinate (Welford 1962).
struct Welford {
    private(set) var count = 0
    private var mean: [Double], m2: [Double]

    init(dimension: Int) {
        mean = [Double](repeating: 0, count: dimension)
        m2 = mean
    }

    mutating func add(_ x: [Double]) {
        count += 1
        for i in x.indices {
            let d = x[i] - mean[i]
            mean[i] += d / Double(count)
            m2[i] += d * (x[i] - mean[i])
        }
    }

    var variance: [Double] { m2.map { count > 1 ? $0 / Double(count - 1) : 1 } }
}
