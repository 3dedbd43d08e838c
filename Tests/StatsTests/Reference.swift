import Foundation
@testable import Stats

/// SciPy's values, from Fixtures/make_reference.py.
struct Reference: Decodable {
    struct Continuous: Decodable {
        let name: String
        let params: [Value]
        let x: [Value], logpdf: [Value], cdf: [Value], logcdf: [Value], logsf: [Value], p: [Value], ppf: [Value]
        let mean: Value, `var`: Value
    }
    struct Discrete: Decodable {
        let name: String
        let params: [Value]
        let k: [Int], logpmf: [Value], cdf: [Value]
    }
    let continuous: [Continuous]
    let discrete: [Discrete]
    let special: [String: [[Value]]]

    /// A number, or "inf", "-inf", "nan" (JSON has no such numbers), or a list.
    enum Value: Decodable {
        case number(Double)
        case list([Double])
        var double: Double { if case .number(let d) = self { d } else { .nan } }
        var list: [Double] { if case .list(let l) = self { l } else { [] } }
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .number(d); return }
            if let l = try? c.decode([Double].self) { self = .list(l); return }
            switch try c.decode(String.self) {
            case "inf": self = .number(.infinity)
            case "-inf": self = .number(-.infinity)
            default: self = .number(.nan)
            }
        }
    }

    static let shared: Reference = {
        let url = Bundle.module.url(forResource: "Fixtures/reference", withExtension: "json")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    static func distribution(_ c: Continuous) -> any ContinuousDistribution {
        let p = c.params.map(\.double)
        switch c.name {
        case "Normal": return Normal(p[0], p[1])
        case "TruncatedNormal": return TruncatedNormal(p[0], p[1], lower: p[2], upper: p[3])
        case "Exponential": return Exponential(rate: p[0])
        case "TruncatedExponential": return TruncatedExponential(rate: p[0], lower: p[1], upper: p[2])
        case "Uniform": return Uniform(p[0], p[1])
        case "Beta": return Beta(p[0], p[1])
        case "Gamma": return Gamma(shape: p[0], rate: p[1])
        case "Cauchy": return Cauchy(p[0], p[1])
        case "HalfCauchy": return HalfCauchy(p[0], p[1])
        case "HalfNormal": return HalfNormal(p[0])
        case "StudentT": return StudentT(p[0], p[1], p[2])
        case "LogNormal": return LogNormal(p[0], p[1])
        case "ChiSquared": return ChiSquared(p[0])
        default: fatalError("no distribution \(c.name)")
        }
    }
}

/// |a − b| ≤ tolerance · max(scale, |b|), with equal infinities and NaNs accepted.
func close(_ a: Double, _ b: Double, _ tolerance: Double, scale: Double = 1) -> Bool {
    if a == b { return true }
    if a.isNaN && b.isNaN { return true }
    if !a.isFinite || !b.isFinite { return false }
    return abs(a - b) <= tolerance * max(scale, abs(b))
}
