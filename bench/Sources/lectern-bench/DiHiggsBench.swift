// The di-Higgs fit of seed 000 against Stan: N = 2000 events in [100, 150]²
// GeV², signal truncated Normal(125, 3) per axis, background 100 +
// Exponential(0.05) truncated to the window per axis. `lectern-bench dihiggs
// FRACTION FILE` draws the events (fixed seed), writes them to FILE for
// bench/dihiggs_stan.py, samples 4 chains × (1000 + 1000) with NUTS and prints
// `fraction<TAB>seconds<TAB>min bulk ESS<TAB>divergences<TAB>θ mean<TAB>θ 5%`.
// `lectern-bench ess FILE` prints the same diagnostics for Stan's draws.
import Foundation
import Inference
import Stats

func diHiggsEvents(signalFraction: Double, count: Int = 2000, seed: UInt64 = 2026) -> (mbb: [Double], myy: [Double]) {
    var g = Xoshiro256(seed: seed)
    let signalCount = Int((signalFraction * Double(count)).rounded())
    let signal = TruncatedNormal(125, 3, lower: 100, upper: 150)
    let background = TruncatedExponential(rate: 0.05, lower: 100, upper: 150)
    let mbb = signal.sample(count: signalCount, using: &g) + background.sample(count: count - signalCount, using: &g)
    let myy = signal.sample(count: signalCount, using: &g) + background.sample(count: count - signalCount, using: &g)
    return (mbb, myy)
}

/// The model exactly as the slides' Stan program has it.
func diHiggsModel(mbb: [Double], myy: [Double]) -> Model {
    Model { m in
        let mu = m.real("μ", prior: Normal(125, 10))
        let sigma = m.positive("σ", prior: HalfCauchy(0, 5))
        let lambda = m.positive("λ", prior: Normal(0.05, 0.05))
        let theta = m.simplex("θ", prior: Dirichlet([1, 1]))
        let window = 100.0...150.0
        let signal = LogDensity.truncatedNormal(mbb, mean: mu, sd: sigma, in: window)
            + LogDensity.truncatedNormal(myy, mean: mu, sd: sigma, in: window)
        let background = LogDensity.truncatedExponential(mbb, rate: lambda, in: window)
            + LogDensity.truncatedExponential(myy, rate: lambda, in: window)
        m.add(LogDensity.mixture(theta, [signal, background]))
    }
}

func diHiggsBench(fraction: Double, file: String) throws {
    let (mbb, myy) = diHiggsEvents(signalFraction: fraction)
    var text = "\(mbb.count)\n"
    for i in mbb.indices { text += "\(mbb[i]) \(myy[i])\n" }
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let model = diHiggsModel(mbb: mbb, myy: myy)
    let seed = ProcessInfo.processInfo.environment["LECTERN_BENCH_SEED"].flatMap { UInt64($0) } ?? 1
    let posterior = try model.sample(chains: 4, warmup: 1000, draws: 1000, seed: seed)
    let theta = posterior["θ[0]"]
    if ProcessInfo.processInfo.environment["LECTERN_BENCH_VERBOSE"] != nil {
        print(posterior.summary())
        print("step sizes \(posterior.stepSizes), metrics \(posterior.inverseMetrics)")
        print("tree depth hits \(posterior.treeDepthHits), leapfrogs \(posterior.leapfrogSteps)")
        for name in posterior.names {
            let perChain = posterior.chains(name).map { Int(Diagnostics.bulkESS([$0])) }
            print("\(name): ESS per chain \(perChain)")
        }
        let depths = posterior.statistics.map { c in Dictionary(grouping: c, by: \.treeDepth).mapValues(\.count).sorted { $0.key < $1.key } }
        print("tree depths per chain \(depths)")
    }
    print([String(fraction), String(posterior.seconds), String(posterior.minimumBulkESS), String(posterior.divergences),
           String(theta.mean), String(theta.quantile(0.05))].joined(separator: "\t"))
}

/// Time per log-density gradient of the 10 % di-Higgs model, one tape reused
/// (as a chain uses it) and a fresh tape per call.
func diHiggsGradientBench() {
    let (mbb, myy) = diHiggsEvents(signalFraction: 0.1)
    let model = diHiggsModel(mbb: mbb, myy: myy)
    var q = [125.0, 1.0, -3.0, -2.0]
    var total = 0.0
    let reusing = model.gradientFunction()
    let reused = best(3) { for i in 0..<10000 { q[0] = 125 + Double(i % 7) * 0.01; total += reusing(q).1[0] } }
    let fresh = best(3) { for i in 0..<10000 { q[0] = 125 + Double(i % 7) * 0.01; total += model.gradient(q).gradient[0] } }
    print("di-Higgs gradient: \(reused / 10000 * 1e6) µs with one tape, \(fresh / 10000 * 1e6) µs with a fresh tape (\(total))")
}

/// Diagnostics of draws written by bench/dihiggs_stan.py: a header line
/// `chains draws parameters seconds`, then one line per draw.
func essOfFile(_ file: String) throws {
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: " ").map { Double($0)! }
    let (chains, draws, parameters) = (Int(header[0]), Int(header[1]), Int(header[2]))
    let rows = lines.dropFirst().map { $0.split(separator: " ").map { Double($0)! } }
    var minimum = Double.infinity
    for p in 0..<parameters {
        let byChain = (0..<chains).map { c in (0..<draws).map { rows[c * draws + $0][p] } }
        minimum = min(minimum, Diagnostics.bulkESS(byChain))
        if ProcessInfo.processInfo.environment["LECTERN_BENCH_VERBOSE"] != nil {
            print("parameter \(p): bulk ESS \(Diagnostics.bulkESS(byChain)), tail \(Diagnostics.tailESS(byChain)), R̂ \(Diagnostics.rHat(byChain))")
        }
    }
    let theta = rows.map { $0[parameters - 2] }
    print([String(header[3]), String(minimum), String(Int(header[4])), String(theta.mean), String(theta.quantile(0.05))]
        .joined(separator: "\t"))
}
