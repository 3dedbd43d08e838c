import Foundation
import Testing
@testable import Stats

@Suite struct ThinProductTests {
    /// One entry of op(A) op(B) as the thin product defines it: runs of at most
    /// 320 terms (the last two split evenly, rounded up to 8, below 640), each a
    /// chain of fused multiply-adds from zero, added to `start` in turn.
    static func entry(_ term: (Int) -> (Float, Float), k: Int, start: Float) -> Float {
        var total = start, done = 0
        while done < k {
            let left = k - done
            let length = left >= 640 ? 320 : left > 320 ? (left / 2 + 7) / 8 * 8 : left
            var chain: Float = 0
            for l in done..<(done + length) {
                let (x, y) = term(l)
                chain = chain.addingProduct(x, y)
            }
            total = total + chain
            done += length
        }
        return total
    }

    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var g = Xoshiro256(seed: seed)
        return (0..<count).map { _ in Float(Double.random(in: -1...1, using: &g)) }
    }

    /// The shapes a network of narrow layers multiplies (a batch against 1 × 10,
    /// 10 × 1, 1 × 32 weights, weight gradients over a batch), odd sizes, and
    /// sums long enough to be cut into runs (700, 1337, 2000).
    static let shapes: [(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)] = [
        (203, 1, 1, false, false), (203, 10, 1, false, false), (203, 1, 10, false, false),
        (203, 32, 1, false, false), (99, 3, 700, false, false), (13, 7, 1337, false, false),
        (203, 10, 1, false, true), (203, 1, 10, false, true), (5, 40, 3, false, true),
        (10, 1, 2000, true, false), (1, 10, 2000, true, false), (1, 1, 2000, true, false),
        (3, 20, 1500, true, false), (32, 1, 37, true, false), (1, 300, 641, true, false),
    ]

    @Test func thinProductsSumInTheirDefinedOrderAndAgreeWithExactSums() {
        for (index, s) in Self.shapes.enumerated() {
            #expect(ThinProduct.handles(m: s.m, n: s.n, k: s.k, transposeA: s.transposeA, transposeB: s.transposeB))
            let a = Self.values(s.m * s.k, seed: UInt64(2 * index + 1)), b = Self.values(s.k * s.n, seed: UInt64(2 * index + 2))
            let start = Self.values(s.m * s.n, seed: UInt64(100 + index))
            func term(_ i: Int, _ j: Int) -> (Int) -> (Float, Float) {
                { l in (s.transposeA ? a[l * s.m + i] : a[i * s.k + l], s.transposeB ? b[j * s.k + l] : b[l * s.n + j]) }
            }
            for accumulate in [false, true] {
                var c = accumulate ? start : [Float](repeating: .nan, count: s.m * s.n)
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        BLAS.sgemm(a.baseAddress!, b.baseAddress!, &c, m: s.m, n: s.n, k: s.k,
                                   transposeA: s.transposeA, transposeB: s.transposeB, beta: accumulate ? 1 : 0)
                    }
                }
                var wrong = 0, far = 0
                for i in 0..<s.m {
                    for j in 0..<s.n {
                        let begin: Float = accumulate ? start[i * s.n + j] : 0
                        if c[i * s.n + j] != Self.entry(term(i, j), k: s.k, start: begin) { wrong += 1 }
                        var exact = Double(begin)
                        for l in 0..<s.k { let (x, y) = term(i, j)(l); exact += Double(x) * Double(y) }
                        if abs(Double(c[i * s.n + j]) - exact) > 1e-5 * Double(s.k) { far += 1 }
                    }
                }
                #expect(wrong == 0, "\(s), accumulate \(accumulate): \(wrong) entries summed in another order")
                #expect(far == 0, "\(s), accumulate \(accumulate): \(far) entries far from the exact sum")
            }
        }
    }

    @Test func wideProductsStayWithOpenBLASAndAreRight() {
        #expect(!ThinProduct.handles(m: 2000, n: 32, k: 32, transposeA: false, transposeB: false))
        #expect(!ThinProduct.handles(m: 32, n: 32, k: 2000, transposeA: true, transposeB: false))
        #expect(!ThinProduct.handles(m: 4, n: 8, k: 2000, transposeA: true, transposeB: false))
        #expect(!ThinProduct.handles(m: 1, n: 1, k: 1, transposeA: true, transposeB: true))
        let (m, n, k) = (64, 32, 48)
        let a = Self.values(m * k, seed: 7), b = Self.values(k * n, seed: 8)
        var c = [Float](repeating: 0, count: m * n)
        BLAS.sgemm(a, b, &c, m: m, n: n, k: k)
        for i in 0..<m {
            for j in 0..<n {
                var exact = 0.0
                for l in 0..<k { exact += Double(a[i * k + l]) * Double(b[l * n + j]) }
                #expect(abs(Double(c[i * n + j]) - exact) < 1e-4)
            }
        }
    }
}
