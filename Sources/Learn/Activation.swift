import Foundation
import Stats

/// A layer's activation function a = f(z), applied element by element (softmax
/// row by row).
public enum Activation: Sendable, Hashable {
    /// f(z) = z.
    case linear
    /// f(z) = max(0, z).
    case relu
    /// f(z) = z for z > 0, slope · z otherwise.
    case leakyReLU(slope: Double = 0.01)
    /// f(z) = z for z > 0, α (eᶻ − 1) otherwise (Clevert et al. 2015).
    case elu(alpha: Double = 1)
    /// f(z) = tanh z = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ), a whole layer at a time (`VectorMath.tanh`).
    case tanh
    /// f(z) = 1 / (1 + e⁻ᶻ).
    case sigmoid
    /// fᵢ(z) = e^{zᵢ} / Σⱼ e^{zⱼ} over a row: class probabilities.
    case softmax

    /// Applies f in place to `count` values laid out as rows of `width`.
    func apply(_ z: UnsafeMutablePointer<Float>, count: Int, width: Int) {
        switch self {
        case .linear: break
        case .relu: Activation.rectify(z, count: count)
        case .leakyReLU(let slope):
            let s = Float(slope)
            for i in 0..<count { z[i] = z[i] < 0 ? z[i] * s : z[i] }
        case .elu(let alpha):
            let a = Float(alpha)
            for i in 0..<count where z[i] < 0 { z[i] = a * expm1f(z[i]) }
        case .tanh: VectorMath.tanh(z, count: count)
        case .sigmoid: for i in 0..<count { z[i] = Activation.sigmoid(z[i]) }
        case .softmax:
            var row = 0
            while row < count {
                var m = -Float.infinity
                for j in row..<(row + width) { m = max(m, z[j]) }
                var sum: Float = 0
                for j in row..<(row + width) { z[j] = expf(z[j] - m); sum += z[j] }
                let inv = 1 / sum
                for j in row..<(row + width) { z[j] *= inv }
                row += width
            }
        }
    }

    /// Turns ∂L/∂a into ∂L/∂z in place, from the activations a = f(z).
    func backward(_ grad: UnsafeMutablePointer<Float>, activations a: UnsafePointer<Float>, count: Int, width: Int) {
        switch self {
        case .linear: break
        case .relu: Activation.passWherePositive(grad, activations: a, count: count)
        case .leakyReLU(let slope):
            let s = Float(slope)
            for i in 0..<count { grad[i] = a[i] > 0 ? grad[i] : grad[i] * s }
        case .elu(let alpha):
            let al = Float(alpha)
            for i in 0..<count where a[i] <= 0 { grad[i] *= a[i] + al }
        case .tanh: for i in 0..<count { grad[i] *= 1 - a[i] * a[i] }
        case .sigmoid: for i in 0..<count { grad[i] *= a[i] * (1 - a[i]) }
        case .softmax:
            var row = 0
            while row < count {
                var dot: Float = 0
                for j in row..<(row + width) { dot += grad[j] * a[j] }
                for j in row..<(row + width) { grad[j] = a[j] * (grad[j] - dot) }
                row += width
            }
        }
    }

    /// z = max(z, 0), eight lanes at a time: a select, so no branch to
    /// mispredict on the sign of z (the scalar loop's cost on real layers).
    static func rectify(_ z: UnsafeMutablePointer<Float>, count: Int) {
        let raw = UnsafeMutableRawPointer(z)
        var i = 0
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            raw.storeBytes(of: v.replacing(with: 0, where: v .<= 0), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { z[i] = max(z[i], 0); i += 1 }
    }

    /// ∂L/∂z = ∂L/∂a where a > 0, else 0 (ReLU's derivative), eight lanes at a
    /// time as a select.
    static func passWherePositive(_ grad: UnsafeMutablePointer<Float>, activations a: UnsafePointer<Float>, count: Int) {
        let g = UnsafeMutableRawPointer(grad), x = UnsafeRawPointer(a)
        var i = 0
        while i + 8 <= count {
            let v = g.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let keep = x.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) .> 0
            g.storeBytes(of: SIMD8<Float>(repeating: 0).replacing(with: v, where: keep), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { grad[i] = a[i] > 0 ? grad[i] : 0; i += 1 }
    }

    @inline(__always) static func sigmoid(_ z: Float) -> Float {
        z >= 0 ? 1 / (1 + expf(-z)) : { let e = expf(z); return e / (1 + e) }()
    }

    /// Whether a ReLU-like function (He initialisation) rather than a saturating one (Glorot).
    var isRectifier: Bool {
        switch self {
        case .relu, .leakyReLU, .elu: true
        default: false
        }
    }
}
