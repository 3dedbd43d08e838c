import Foundation
import Testing
@testable import Stats

@Suite struct VectorMathTests {
    /// The distance between `a` and `b` in units of `b`'s last place.
    static func ulps(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(b.ulp, Double.leastNormalMagnitude)
    }

    static func arguments(_ range: ClosedRange<Double>, count: Int, seed: UInt64) -> [Double] {
        var g = Xoshiro256(seed: seed)
        return (0..<count).map { _ in Double.random(in: range, using: &g) }
    }

    @Test func expIsWithinFourUlpOfTheCLibrary() {
        // Odd length: the last value goes through the padded tail.
        var x = Self.arguments(-700...700, count: 40_001, seed: 1) + [0, -0.0, 1e-300, -745.2, 709.8, -.infinity, .infinity]
        let expected = x.map { Foundation.exp($0) }
        x.withUnsafeMutableBufferPointer { VectorMath.exp($0.baseAddress!, count: $0.count) }
        for (v, e) in zip(x, expected) where e.isFinite && e > 1e-300 {
            #expect(Self.ulps(v, e) <= 4, "exp: \(v) against \(e)")
        }
        #expect(x[x.count - 2] == 0 && x[x.count - 1] == .infinity)
        #expect(x[40_001] == 1 && x[40_002] == 1)
    }

    @Test func log1pIsWithinFourUlpOfTheCLibrary() {
        // What the two-class mixture asks: log1p of e^(−d) in (0, 1], and a wider range too.
        var x = Self.arguments(0...40, count: 30_001, seed: 2).map { Foundation.exp(-$0) }
            + Self.arguments(-0.99...1e6, count: 10_000, seed: 3) + [0, -0.0, 1e-300, -1, .infinity]
        let expected = x.map { Foundation.log1p($0) }
        x.withUnsafeMutableBufferPointer { VectorMath.log1p($0.baseAddress!, count: $0.count) }
        for (v, e) in zip(x, expected) where e.isFinite && e != 0 {
            #expect(Self.ulps(v, e) <= 4, "log1p: \(v) against \(e)")
        }
        let n = x.count
        #expect(x[n - 5] == 0 && x[n - 3] == 1e-300 && x[n - 2] == -.infinity && x[n - 1] == .infinity)
    }

    @Test func aValueDoesNotDependOnWhereItSits() {
        // The same argument at every position of arrays of every length up to 9
        // (whole vectors and padded tails) gives the same bits.
        for value in [0.3, -2.5, 17.25] {
            var reference = [value]
            reference.withUnsafeMutableBufferPointer { VectorMath.exp($0.baseAddress!, count: 1) }
            var floatReference = [Float(value)]
            floatReference.withUnsafeMutableBufferPointer { VectorMath.tanh($0.baseAddress!, count: 1) }
            for length in 1...9 {
                var x = [Double](repeating: value, count: length), f = [Float](repeating: Float(value), count: length)
                x.withUnsafeMutableBufferPointer { VectorMath.exp($0.baseAddress!, count: length) }
                f.withUnsafeMutableBufferPointer { VectorMath.tanh($0.baseAddress!, count: length) }
                #expect(x.allSatisfy { $0 == reference[0] })
                #expect(f.allSatisfy { $0 == floatReference[0] })
            }
        }
    }

    @Test func theVectorKernelsAreInUseOnX86Linux() {
        #if os(Linux) && arch(x86_64)
        #expect(VectorMath.isVectorised)
        #else
        #expect(!VectorMath.isVectorised)
        #endif
    }

    /// A batch's rows come out in the order asked for, inputs and targets
    /// apart, whether the batch is shorter or longer than the prefetch distance.
    @Test func gatherRowsCopiesTheRowsAskedFor() {
        let inputs = 3, outputs = 2, stride = inputs + outputs
        let table = (0..<(1000 * stride)).map { Float($0) }
        for rows in [[7], [999, 0, 5], Array((0..<100).map { ($0 * 37) % 1000 })] {
            var input = [Float](repeating: -1, count: rows.count * inputs)
            var targets = [Float](repeating: -1, count: rows.count * outputs)
            table.withUnsafeBufferPointer { t in
                rows.withUnsafeBufferPointer { r in
                    VectorMath.gatherRows(t.baseAddress!, rows: r, inputs: inputs, outputs: outputs, into: &input, &targets)
                }
            }
            #expect(input == rows.flatMap { r in (0..<inputs).map { table[r * stride + $0] } })
            #expect(targets == rows.flatMap { r in (0..<outputs).map { table[r * stride + inputs + $0] } })
        }
    }

    /// Adam's update four at a time gives the bits of the one-at-a-time
    /// loop it replaced, tail included.
    @Test func adamUpdateMatchesTheScalarLoop() {
        var g = Xoshiro256(seed: 12)
        let count = 37
        let gradient = (0..<count).map { _ in Float(Normal(0, 1).sample(using: &g)) }
        var (w, m, v) = ((0..<count).map { _ in Float(Normal(0, 1).sample(using: &g)) },
                         (0..<count).map { _ in Float(Normal(0, 0.1).sample(using: &g)) },
                         (0..<count).map { _ in Float(Uniform(0, 0.1).sample(using: &g)) })
        var (w1, m1, v1) = (w, m, v)
        let (b1, b2, alpha, eps): (Float, Float, Float, Float) = (0.9, 0.999, 1e-3, 1e-8)
        for i in 0..<count {
            let gi = gradient[i]
            m1[i] = b1 * m1[i] + (1 - b1) * gi
            v1[i] = b2 * v1[i] + (1 - b2) * gi * gi
            w1[i] -= alpha * m1[i] / (v1[i].squareRoot() + eps)
        }
        VectorMath.adamUpdate(&w, gradient: gradient, m: &m, v: &v, count: count, beta1: b1, beta2: b2, alpha: alpha, epsilon: eps)
        #expect(w.map(\.bitPattern) == w1.map(\.bitPattern))
        #expect(m.map(\.bitPattern) == m1.map(\.bitPattern))
        #expect(v.map(\.bitPattern) == v1.map(\.bitPattern))
    }
}
