import Foundation
import Stats

/// Draws from a posterior, by chain, with the sampler's per-draw statistics.
///
///     let posterior = model.sample()
///     posterior["μ"].mean          // pooled over chains
///     show(posterior.summary())    // mean, sd, quantiles, ESS, R̂
public struct Posterior: Sendable {
    /// Names of the sampled values ("μ", "θ[0]", …).
    public let names: [String]
    /// values[component][chain][draw].
    let values: [[[Double]]]
    /// statistics[chain][draw], post warm-up.
    public let statistics: [[TransitionStatistics]]
    /// The adapted step size and inverse metric of each chain.
    public let stepSizes: [Double]
    /// The adapted diagonal inverse metric M⁻¹ of each chain (the variances of the unconstrained values in warm-up).
    public let inverseMetrics: [[Double]]
    /// The log density (up to a constant) of each draw, by chain.
    public let logDensities: [[Double]]
    /// The tree depth limit; draws that reached it are counted in the summary's warnings.
    public let maxTreeDepth: Int
    /// Wall-clock seconds spent sampling (warm-up included).
    public let seconds: Double

    /// The number of chains.
    public var chainCount: Int { statistics.count }
    /// Draws kept per chain (after warm-up).
    public var drawsPerChain: Int { statistics.first?.count ?? 0 }

    /// All draws of `name`, chains one after another.
    public subscript(name: String) -> [Double] { chains(name).flatMap { $0 } }

    /// The draws of `name`, one array per chain.
    public func chains(_ name: String) -> [[Double]] {
        guard let i = names.firstIndex(of: name) else { stopForUnknown(name, "the posterior has", known: names) }
        return values[i]
    }

    /// Post-warm-up divergent transitions, over all chains.
    public var divergences: Int { statistics.reduce(0) { $0 + $1.filter(\.divergent).count } }

    /// Transitions that stopped at the maximum tree depth.
    public var treeDepthHits: Int { statistics.reduce(0) { $0 + $1.filter { $0.treeDepth >= maxTreeDepth }.count } }

    /// Leapfrog steps taken after warm-up.
    public var leapfrogSteps: Int { statistics.reduce(0) { $0 + $1.reduce(0) { $0 + $1.leapfrogSteps } } }

    /// The summary table: mean, sd, quantiles, MCSE, bulk and tail ESS, R̂.
    public func summary(quantiles: [Double] = [0.05, 0.5, 0.95]) -> PosteriorSummary {
        let rows = names.indices.map { i -> PosteriorSummary.Row in
            let chains = values[i]
            let all = chains.flatMap { $0 }
            return PosteriorSummary.Row(
                name: names[i], mean: all.mean, sd: all.standardDeviation,
                quantiles: all.quantiles(quantiles), mcse: Diagnostics.mcseMean(chains),
                bulkESS: Diagnostics.bulkESS(chains), tailESS: Diagnostics.tailESS(chains),
                rHat: Diagnostics.rHat(chains))
        }
        return PosteriorSummary(quantileLevels: quantiles, rows: rows, warnings: warnings(rows))
    }

    /// What a reader must know before trusting the draws.
    func warnings(_ rows: [PosteriorSummary.Row]) -> [String] {
        var out: [String] = []
        if divergences > 0 {
            out.append("\(divergences) of \(chainCount * drawsPerChain) transitions diverged: the posterior has regions the step size cannot follow; raise targetAcceptance or reparametrise.")
        }
        if treeDepthHits > 0 {
            out.append("\(treeDepthHits) transitions hit the maximum tree depth \(maxTreeDepth).")
        }
        let high = rows.filter { $0.rHat > 1.01 }
        if !high.isEmpty {
            out.append("R̂ > 1.01 for \(high.map(\.name).joined(separator: ", ")): the chains disagree; run longer or check the model.")
        }
        let low = rows.filter { $0.bulkESS < 100 * Double(chainCount) || $0.tailESS < 100 * Double(chainCount) }
        if !low.isEmpty, chainCount * drawsPerChain >= 400 {
            out.append("ESS below 100 per chain for \(low.map(\.name).joined(separator: ", ")).")
        }
        return out
    }

    /// The smallest bulk ESS over all values.
    public var minimumBulkESS: Double { values.map { Diagnostics.bulkESS($0) }.min() ?? .nan }
}

/// The table `Posterior.summary()` returns; `show` renders it on a page.
public struct PosteriorSummary: Sendable, CustomStringConvertible {
    /// One sampled value's line of the summary.
    public struct Row: Sendable {
        /// The value's name ("μ", "θ[0]").
        public let name: String
        /// The posterior mean over all chains.
        public let mean: Double
        /// The posterior standard deviation over all chains.
        public let sd: Double
        /// The quantiles at `quantileLevels`.
        public let quantiles: [Double]
        /// The Monte Carlo standard error of the mean, sd/√ESS.
        public let mcse: Double
        /// The bulk effective sample size (rank-normalised, Vehtari et al. 2021).
        public let bulkESS: Double
        /// The tail effective sample size (of the 5 % and 95 % quantiles, Vehtari et al. 2021).
        public let tailESS: Double
        /// R̂, the rank-normalised split-chain potential scale reduction (Vehtari et al. 2021): above 1.01 the chains disagree.
        public let rHat: Double
    }

    /// The probability levels of each row's `quantiles` (5 %, 50 %, 95 % by default).
    public let quantileLevels: [Double]
    /// One row per sampled value, in the model's order.
    public let rows: [Row]
    /// What the sampler warns of: divergences, tree-depth hits, low E-BFMI, R̂ or ESS.
    public let warnings: [String]

    /// The row of the value called `name`, or nil.
    public subscript(name: String) -> Row? { rows.first { $0.name == name } }

    /// Column headers: name, mean, sd, 5%, 50%, 95%, MCSE, ESS bulk, ESS tail, R̂.
    public var columns: [String] {
        ["", "mean", "sd"] + quantileLevels.map { "\(String(format: "%g", 100 * $0))%" }
            + ["MCSE", "ESS bulk", "ESS tail", "R̂"]
    }

    public var description: String {
        var lines = [columns.joined(separator: "\t")]
        for r in rows {
            let cells = [r.name] + ([r.mean, r.sd] + r.quantiles + [r.mcse]).map { String(format: "%.4g", $0) }
                + [String(format: "%.0f", r.bulkESS), String(format: "%.0f", r.tailESS), String(format: "%.3f", r.rHat)]
            lines.append(cells.joined(separator: "\t"))
        }
        return (lines + warnings.map { "warning: \($0)" }).joined(separator: "\n")
    }
}
