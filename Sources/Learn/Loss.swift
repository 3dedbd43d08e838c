import Foundation

/// What training minimises, averaged over the batch.
public enum Loss: Sendable, Hashable {
    /// ⟨(a − y)²⟩: learns E[Y | X].
    case meanSquaredError
    /// ⟨|a − y|⟩: learns the median of Y given X.
    case meanAbsoluteError
    /// −⟨y log a + (1 − y) log(1 − a)⟩ for a sigmoid output, computed from the
    /// logit z as max(z, 0) − z y + log(1 + e^{−|z|}), which never overflows.
    case binaryCrossEntropy
    /// −⟨Σᵢ yᵢ log aᵢ⟩ for a softmax output and one-hot targets.
    case categoricalCrossEntropy
    /// ⟨½ (y − μ)² e^{−2s} + s⟩ (+ ½ log 2π): the negative log-likelihood of a
    /// Gaussian whose mean μ and log-width s are the network's two (linear)
    /// outputs. A network trained with it on (parameter, simulation) pairs is a
    /// Gaussian neural posterior estimate; the target is one column.
    case gaussianNegativeLogLikelihood

    /// The loss of `rows` outputs `a` (logits `z` of the last layer) against `y`,
    /// as their share of the mean over a batch of `batchRows` rows, and ∂L/∂z
    /// of that mean written to `grad` (the output activation's derivative
    /// included). A batch split over threads adds its shares.
    func evaluate(a: UnsafePointer<Float>, z: UnsafePointer<Float>, y: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>?,
                  rows: Int, batchRows: Int? = nil, width: Int, activation: Activation) -> Double {
        let count = rows * width
        let batchRows = batchRows ?? rows
        var total = 0.0
        switch self {
        case .meanSquaredError, .meanAbsoluteError:
            let scale = Float(1) / Float(batchRows * width)
            for i in 0..<count {
                let d = a[i] - y[i]
                if self == .meanSquaredError {
                    total += Double(d * d)
                    grad?[i] = 2 * d * scale
                } else {
                    total += Double(abs(d))
                    grad?[i] = (d > 0 ? 1 : (d < 0 ? -1 : 0)) * scale
                }
            }
            if let grad { activation.backward(grad, activations: a, count: count, width: width) }
            return total / Double(batchRows * width)
        case .binaryCrossEntropy:
            let scale = Float(1) / Float(batchRows)
            for i in 0..<count {
                let zi = z[i], yi = y[i]
                total += Double(max(zi, 0) - zi * yi + log1pf(expf(-abs(zi))))
                grad?[i] = (a[i] - yi) * scale
            }
            return total / Double(batchRows)
        case .categoricalCrossEntropy:
            let scale = Float(1) / Float(batchRows)
            var row = 0
            while row < count {
                // log softmax from the logits: z − m − log Σ e^{z − m}.
                var m = -Float.infinity
                for j in row..<(row + width) { m = max(m, z[j]) }
                var sum: Float = 0
                for j in row..<(row + width) { sum += expf(z[j] - m) }
                let logSum = m + logf(sum)
                for j in row..<(row + width) {
                    total -= Double(y[j] * (z[j] - logSum))
                    grad?[j] = (a[j] - y[j]) * scale
                }
                row += width
            }
            return total / Double(batchRows)
        case .gaussianNegativeLogLikelihood:
            let scale = Float(1) / Float(batchRows)
            var row = 0
            while row < count {
                let mu = a[row], logSigma = a[row + 1], target = y[row]
                let precision = expf(-2 * logSigma), residual = target - mu
                total += Double(0.5 * residual * residual * precision + logSigma) + 0.5 * log(2 * Double.pi)
                grad?[row] = -residual * precision * scale
                grad?[row + 1] = (1 - residual * residual * precision) * scale
                row += width
            }
            return total / Double(batchRows)
        }
    }

    /// The output activation the loss needs, if it needs one.
    var requiredActivation: Activation? {
        switch self {
        case .binaryCrossEntropy: .sigmoid
        case .categoricalCrossEntropy: .softmax
        case .gaussianNegativeLogLikelihood: .linear
        default: nil
        }
    }
}
