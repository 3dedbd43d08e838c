import Foundation
import Stats

/// Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter & Bürkner
/// (2021), "Rank-normalization, folding, and localization: an improved R̂",
/// Bayesian Analysis 16(2). Input: one array of draws per chain.
public enum Diagnostics {
    /// Rank-normalised split R̂: the larger of R̂ on rank-normalised split
    /// chains and on their folded version |x − median|. Near 1 when mixed;
    /// above 1.01 is a warning.
    public static func rHat(_ chains: [[Double]]) -> Double {
        let split = splitChains(chains)
        guard split.count >= 2, split[0].count >= 2 else { return .nan }
        let bulk = basicRHat(rankNormalised(split))
        let median = split.flatMap { $0 }.median
        let folded = basicRHat(rankNormalised(split.map { $0.map { abs($0 - median) } }))
        return max(bulk, folded)
    }

    /// Bulk effective sample size: ESS of rank-normalised split chains.
    public static func bulkESS(_ chains: [[Double]]) -> Double {
        effectiveSampleSize(rankNormalised(splitChains(chains)))
    }

    /// Tail effective sample size: the smaller ESS of the indicators x ≤ q₅ and x ≤ q₉₅.
    public static func tailESS(_ chains: [[Double]]) -> Double {
        let split = splitChains(chains)
        let all = split.flatMap { $0 }
        let (q5, q95) = (all.quantile(0.05), all.quantile(0.95))
        let lower = effectiveSampleSize(split.map { $0.map { $0 <= q5 ? 1 : 0 } })
        let upper = effectiveSampleSize(split.map { $0.map { $0 <= q95 ? 1 : 0 } })
        return min(lower, upper)
    }

    /// ESS of the mean (split chains, no rank normalisation): the one for the
    /// Monte-Carlo standard error of the mean.
    public static func meanESS(_ chains: [[Double]]) -> Double {
        effectiveSampleSize(splitChains(chains))
    }

    /// Monte-Carlo standard error of the posterior mean: sd / √ESS.
    public static func mcseMean(_ chains: [[Double]]) -> Double {
        chains.flatMap { $0 }.standardDeviation / meanESS(chains).squareRoot()
    }

    /// Each chain cut in two halves (the middle draw of an odd chain dropped).
    static func splitChains(_ chains: [[Double]]) -> [[Double]] {
        chains.flatMap { chain -> [[Double]] in
            let half = chain.count / 2
            return [Array(chain[0..<half]), Array(chain[(chain.count - half)...])]
        }
    }

    /// z = Φ⁻¹((r − 3/8)/(S + 1/4)) of the pooled ranks r (ties share their mean rank).
    static func rankNormalised(_ chains: [[Double]]) -> [[Double]] {
        let all = chains.flatMap { $0 }
        let s = Double(all.count)
        let order = all.indices.sorted { all[$0] < all[$1] }
        var ranks = [Double](repeating: 0, count: all.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, all[order[j + 1]] == all[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        var out: [[Double]] = []
        var offset = 0
        for chain in chains {
            out.append((0..<chain.count).map { Normal.standardQuantile((ranks[offset + $0] - 0.375) / (s + 0.25)) })
            offset += chain.count
        }
        return out
    }

    /// R̂ = √(var⁺/W), var⁺ = (n−1)/n·W + B/n (Gelman et al., BDA3 §11.4).
    static func basicRHat(_ chains: [[Double]]) -> Double {
        let n = Double(chains[0].count)
        let means = chains.map(\.mean)
        let w = chains.map(\.variance).mean
        let b = n * means.variance
        let varPlus = (n - 1) / n * w + b / n
        return w > 0 ? (varPlus / w).squareRoot() : .nan
    }

    /// ESS from the multi-chain autocorrelation with Geyer's initial
    /// monotone sequence (BDA3 §11.5; Stan Reference Manual §16.4).
    static func effectiveSampleSize(_ chains: [[Double]]) -> Double {
        let m = chains.count
        guard m > 0, chains[0].count >= 4 else { return .nan }
        let n = chains[0].count
        let centred = chains.map { c -> [Double] in let mu = c.mean; return c.map { $0 - mu } }
        func autocovariance(_ lag: Int) -> [Double] {
            centred.map { c in
                var s = 0.0
                for t in 0..<(n - lag) { s += c[t] * c[t + lag] }
                return s / Double(n)
            }
        }
        let variances = autocovariance(0)
        let means = chains.map(\.mean)
        let w = variances.map { $0 * Double(n) / Double(n - 1) }.mean
        var varPlus = w * Double(n - 1) / Double(n)
        if m > 1 { varPlus += means.variance }
        guard varPlus > 0, varPlus.isFinite else { return .nan }
        func rho(_ lag: Int) -> Double { 1 - (w - autocovariance(lag).mean) / varPlus }

        // Sum pairs Pₖ = ρ₂ₖ + ρ₂ₖ₊₁ while positive, kept monotone.
        var tau = -1.0
        var previousPair = Double.infinity
        var lag = 0
        var rhoEven = 1.0
        while lag + 1 < n {
            let rhoOdd = rho(lag + 1)
            var pair = rhoEven + rhoOdd
            if pair <= 0 { break }
            pair = min(pair, previousPair)
            tau += 2 * pair
            previousPair = pair
            lag += 2
            guard lag < n else { break }
            rhoEven = rho(lag)
        }
        let total = Double(m * n)
        tau = max(tau, 1 / log10(total))
        return total / tau
    }
}
