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
