/// Sums with four accumulators: a plain `s += aᵢbᵢ` loop waits on each
/// addition, and these reductions sit on every gradient's hot path.
enum VectorSums {
    @inline(__always)
    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        let n = a.count
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += a[i] * b[i]
            s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]
            s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < n {
            s0 += a[i] * b[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    @inline(__always)
    static func sum(_ a: UnsafeBufferPointer<Double>) -> Double {
        let n = a.count
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += a[i]
            s1 += a[i + 1]
            s2 += a[i + 2]
            s3 += a[i + 3]
            i += 4
        }
        while i < n {
            s0 += a[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in dot(a, b) } }
    }

    static func sum(_ a: [Double]) -> Double { a.withUnsafeBufferPointer { sum($0) } }
}
