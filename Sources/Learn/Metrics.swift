import Stats

/// How well predictions match the truth.
public enum Metrics {
    /// The fraction of predictions equal to the truth.
    public static func accuracy(_ predicted: [Bool], _ truth: [Bool]) -> Double {
        require(predicted.count == truth.count && !truth.isEmpty, "accuracy needs as many predictions as labels (and some), not \(predicted.count) and \(truth.count)")
        return Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// Background rejection 1/ε_B at signal efficiency ε_S (R30 for ε_S = 0.3).
    public static func rejection(_ roc: ROCCurve, atSignalEfficiency efficiency: Double) -> Double {
        1 / roc.falsePositiveRate(atTruePositiveRate: efficiency)
    }
}

/// Counts of true and false positives and negatives.
public struct ConfusionMatrix: Sendable, Hashable {
    /// Predicted signal, truly signal.
    public var truePositives = 0
    /// Predicted signal, truly background.
    public var falsePositives = 0
    /// Predicted background, truly background.
    public var trueNegatives = 0
    /// Predicted background, truly signal.
    public var falseNegatives = 0

    /// Counts each pair of a prediction and its truth (equal lengths).
    public init(predicted: [Bool], truth: [Bool]) {
        require(predicted.count == truth.count, "ConfusionMatrix needs as many predictions as labels, not \(predicted.count) and \(truth.count)")
        for (p, t) in zip(predicted, truth) {
            switch (p, t) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, false): trueNegatives += 1
            case (false, true): falseNegatives += 1
            }
        }
    }

    /// TP / (TP + FN): the signal efficiency.
    public var truePositiveRate: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    /// FP / (FP + TN): the background efficiency.
    public var falsePositiveRate: Double { Double(falsePositives) / Double(max(1, falsePositives + trueNegatives)) }
    /// (TP + TN) / all: the fraction predicted right.
    public var accuracy: Double {
        Double(truePositives + trueNegatives) / Double(max(1, truePositives + trueNegatives + falsePositives + falseNegatives))
    }
}

/// A reliability diagram: in bins of predicted probability, the mean
/// prediction against the fraction that is truly signal. A calibrated
/// classifier lies on the diagonal.
public struct CalibrationCurve: Sendable, Hashable {
    /// The mean predicted probability in each non-empty bin.
    public var meanPredicted: [Double] = []
    /// The fraction of signal in each non-empty bin.
    public var observedFraction: [Double] = []
    /// The number of events in each non-empty bin.
    public var counts: [Int] = []

    /// Bins `probabilities` into `bins` equal bins of [0, 1] and compares each bin's mean prediction with its fraction of signal in `truth`.
    public init(probabilities: [Double], truth: [Bool], bins: Int = 10) {
        require(probabilities.count == truth.count && bins > 0, "CalibrationCurve needs one probability per label and bins > 0, not \(probabilities.count) and \(truth.count), \(bins) bins")
        var sumP = [Double](repeating: 0, count: bins), sumY = sumP
        var n = [Int](repeating: 0, count: bins)
        for (p, t) in zip(probabilities, truth) {
            let b = min(bins - 1, max(0, Int(p * Double(bins))))
            sumP[b] += p
            sumY[b] += t ? 1 : 0
            n[b] += 1
        }
        for b in 0..<bins where n[b] > 0 {
            meanPredicted.append(sumP[b] / Double(n[b]))
            observedFraction.append(sumY[b] / Double(n[b]))
            counts.append(n[b])
        }
    }
}
