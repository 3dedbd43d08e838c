import Foundation
import Stats
import Testing
@testable import Learn

/// The SIMD kernels give the scalar definitions' bits, tails included.
@Suite struct KernelTests {
    static let values: [Float] = {
        var g = Xoshiro256(seed: 9)
        return (0..<203).map { _ in Float(Normal(0, 1).sample(using: &g)) } + [0, -0.0, .nan, -.infinity, .infinity]
    }()

    @Test(arguments: [1, 7, 8, 19, 32])
    func columnSumsAddEachColumnTopToBottom(width: Int) {
        let rows = Self.values.count / width
        var expected = [Float](repeating: 0, count: width)
        for r in 0..<rows { for j in 0..<width { expected[j] += Self.values[r * width + j] } }
        var out = [Float](repeating: 1, count: width)
        Self.values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { columnSums(x.baseAddress!, rows: rows, width: width, into: $0.baseAddress!) }
        }
        #expect(out.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func reluAndItsDerivativeAreSelects() {
        var z = Self.values
        z.withUnsafeMutableBufferPointer { Activation.relu.apply($0.baseAddress!, count: $0.count, width: 1) }
        #expect(z.map(\.bitPattern) == Self.values.map { max($0, 0).bitPattern })
        var grad = Self.values.reversed().map { $0 }
        let before = grad
        Self.values.withUnsafeBufferPointer { a in
            grad.withUnsafeMutableBufferPointer {
                Activation.relu.backward($0.baseAddress!, activations: a.baseAddress!, count: $0.count, width: 1)
            }
        }
        #expect(grad.map(\.bitPattern) == zip(before, Self.values).map { g, a in (a > 0 ? g : 0).bitPattern })
    }
}
