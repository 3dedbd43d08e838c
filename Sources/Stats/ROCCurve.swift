import Foundation

/// A receiver operating characteristic curve: for each threshold on a score,
/// the true-positive rate (signal efficiency) against the false-positive rate
/// (background efficiency), from the strictest threshold to the loosest.
public struct ROCCurve: Sendable, Hashable {
    /// False-positive rates, rising from 0 to 1.
    public let falsePositiveRate: [Double]
    /// True-positive rates, rising from 0 to 1.
    public let truePositiveRate: [Double]

    /// A curve from its points, both arrays rising from 0 to 1.
    public init(falsePositiveRate: [Double], truePositiveRate: [Double]) {
        self.falsePositiveRate = falsePositiveRate
        self.truePositiveRate = truePositiveRate
    }

    /// From scores and labels (true = signal): higher scores are more signal-like.
    /// Tied scores form one step.
    public init(scores: [Double], labels: [Bool], weights: [Double]? = nil) {
        require(scores.count == labels.count, "ROCCurve needs one label per score: \(scores.count) scores, \(labels.count) labels")
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tp = 0.0, fp = 0.0
        var fpr = [0.0], tpr = [0.0]
        let totalP = zip(labels, weights ?? Array(repeating: 1, count: labels.count)).reduce(0) { $0 + ($1.0 ? $1.1 : 0) }
        let totalN = (weights?.reduce(0, +) ?? Double(labels.count)) - totalP
        var i = 0
        while i < order.count {
            let s = scores[order[i]]
            while i < order.count, scores[order[i]] == s {
                let w = weights?[order[i]] ?? 1
                if labels[order[i]] { tp += w } else { fp += w }
                i += 1
            }
            fpr.append(fp / totalN)
            tpr.append(tp / totalP)
        }
        self.init(falsePositiveRate: fpr, truePositiveRate: tpr)
    }

    /// From signal and background histograms of the same score binning: the
    /// threshold sweeps from the highest bin down (as lecture 003 builds it).
    public init(signal: Histogram, background: Histogram) {
        require(signal.bins == background.bins, "ROCCurve from histograms needs the same bins: \(signal.bins) and \(background.bins)")
        let s = signal.total + signal.overflow + signal.underflow
        let b = background.total + background.overflow + background.underflow
        var tp = signal.overflow, fp = background.overflow
        var fpr = [fp / b], tpr = [tp / s]
        for i in stride(from: signal.bins - 1, through: 0, by: -1) {
            tp += signal.counts[i]
            fp += background.counts[i]
            fpr.append(fp / b)
            tpr.append(tp / s)
        }
        fpr.append(1)
        tpr.append(1)
        self.init(falsePositiveRate: fpr, truePositiveRate: tpr)
    }

    /// The area under the curve, by the trapezoid rule.
    public var area: Double {
        var a = 0.0
        for i in 1..<falsePositiveRate.count {
            a += (falsePositiveRate[i] - falsePositiveRate[i - 1]) * (truePositiveRate[i] + truePositiveRate[i - 1]) / 2
        }
        return a
    }

    /// The true-positive rate at a given false-positive rate (linear interpolation).
    public func truePositiveRate(atFalsePositiveRate target: Double) -> Double {
        interpolate(target, xs: falsePositiveRate, ys: truePositiveRate)
    }

    /// The false-positive rate at a given true-positive rate (signal efficiency).
    public func falsePositiveRate(atTruePositiveRate target: Double) -> Double {
        interpolate(target, xs: truePositiveRate, ys: falsePositiveRate)
    }

    private func interpolate(_ t: Double, xs: [Double], ys: [Double]) -> Double {
        guard let j = xs.firstIndex(where: { $0 >= t }) else { return ys.last ?? .nan }
        if j == 0 || xs[j] == xs[j - 1] { return ys[j] }
        let f = (t - xs[j - 1]) / (xs[j] - xs[j - 1])
        return ys[j - 1] + f * (ys[j] - ys[j - 1])
    }
}
