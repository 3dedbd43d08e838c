import Foundation
import Stats

/// How gradients update the parameters.
public enum Optimizer: Sendable, Hashable {
    /// w ← w − η g, with momentum μ: v ← μ v − η g, w ← w + v.
    case sgd(learningRate: Double = 0.01, momentum: Double = 0)
    /// Adam (Kingma & Ba 2015): moment estimates with bias correction.
    case adam(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
}

/// An optimiser's running state for one parameter array.
struct OptimizerState {
    var m: [Float]
    var v: [Float]
    var step = 0

    init(count: Int) {
        m = [Float](repeating: 0, count: count)
        v = [Float](repeating: 0, count: count)
    }

    mutating func update(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, count: Int, optimizer: Optimizer) {
        step += 1
        switch optimizer {
        case .sgd(let rate, let momentum):
            let eta = Float(rate), mu = Float(momentum)
            if mu == 0 {
                for i in 0..<count { w[i] -= eta * g[i] }
            } else {
                m.withUnsafeMutableBufferPointer { v in
                    for i in 0..<count { v[i] = mu * v[i] - eta * g[i]; w[i] += v[i] }
                }
            }
        case .adam(let rate, let beta1, let beta2, let epsilon):
            let b1 = Float(beta1), b2 = Float(beta2), eps = Float(epsilon)
            let c1 = 1 - pow(beta1, Double(step)), c2 = 1 - pow(beta2, Double(step))
            // Step size with both bias corrections folded in (Kingma & Ba, section 2).
            let alpha = Float(rate * c2.squareRoot() / c1)
            let epsHat = eps * Float(c2.squareRoot())
            guard count > 0 else { return }
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    VectorMath.adamUpdate(w, gradient: g, m: m.baseAddress!, v: v.baseAddress!, count: count,
                                          beta1: b1, beta2: b2, alpha: alpha, epsilon: epsHat)
                }
            }
        }
    }
}
