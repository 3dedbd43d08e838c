// The three figures of the course that must be excellent (issue 4), built as a
// lecture cell would build them.
import Foundation
import Plot
import Stats

/// Seed 000: a 5000-step price walk from 50000 USD whose increments come from
/// a three-regime normal mixture (σ = 10, 100, 1000 with probabilities 0.7,
/// 0.25, 0.05); the steps of each regime are marked.
func cryptoWalk() -> Figure {
    var g = Xoshiro256(seed: 1)
    let sigmas = [10.0, 100, 1000]
    let regimes = Mixture(weights: [0.7, 0.25, 0.05], components: sigmas.map { Normal(0, $0) })
    let (steps, regime) = regimes.sampleWithComponents(count: 5000, using: &g)
    var price = [50_000.0]
    for s in steps { price.append(price[price.count - 1] + s) }
    let t = price.indices.map(Double.init)
    let colors: [Color] = [.blue, .orange, .vermillion]
    let shares = ["70 %", "25 %", "5 %"]
    return Figure(rows: 2, width: 7, height: 5.4, sharedX: true) {
        Panel(title: "Emulated crypto price", yLabel: "price [USD]") {
            Line(t, price, color: .black, width: 1)
        }
        Panel(xLabel: "time step", yLabel: "increment [USD]") {
            for k in 0..<3 {
                let steps_k = steps.indices.filter { regime[$0] == k }
                Scatter(steps_k.map { Double($0 + 1) }, steps_k.map { steps[$0] }, size: 2.5,
                        label: "σ = \(Int(sigmas[k])) (\(shares[k]) of steps)", color: colors[k], alpha: 0.8)
            }
        }
    }
}

/// Seed 000: a Beta(2, 2) prior, 45 of 50 boxes fine, the Beta(47, 7)
/// posterior with its 95 % equal-tailed interval shaded and k/n marked.
func boxFactory() -> Figure {
    let prior = Beta(2, 2), posterior = Beta(47, 7)
    let interval = posterior.equalTailedInterval(mass: 0.95)
    return Figure(xLabel: "p (probability that a box is fine)", yLabel: "density") {
        Band(under: { posterior.pdf($0) }, over: interval.lower...interval.upper, label: "95 % credible interval", color: .vermillion, alpha: 0.25)
        Line(over: 0...1, label: "prior Beta(2, 2)", color: .blue, style: .dashed) { prior.pdf($0) }
        Line(over: 0...1, points: 600, label: "posterior Beta(47, 7)", color: .vermillion) { posterior.pdf($0) }
        VLine(45.0 / 50, label: "observed k/n = 0.9", color: .black, style: .dotted)
    }
}

/// Seed 000: di-Higgs events in the (m_bb, m_γγ) window [100, 150]² GeV², 10 %
/// signal: a scatter with both marginal histograms and the fitted signal,
/// background and total densities (fitted by EM, see `DiHiggsFit`).
func diHiggs() -> Figure {
    var g = Xoshiro256(seed: 0)
    let window = 100.0...150.0
    let n = 2000, signalCount = 200
    let signal = TruncatedNormal(125, 3, lower: 100, upper: 150)
    let background = TruncatedExponential(rate: 0.05, lower: 100, upper: 150)
    let mbb = signal.sample(count: signalCount, using: &g) + background.sample(count: n - signalCount, using: &g)
    let myy = signal.sample(count: signalCount, using: &g) + background.sample(count: n - signalCount, using: &g)
    let fit = DiHiggsFit(mbb: mbb, myy: myy, window: window)

    let bins = 25, binWidth = (window.upperBound - window.lowerBound) / Double(bins)
    func densities(_ axis: Int) -> [Mark] {
        let s = TruncatedNormal(fit.mu[axis], fit.sigma[axis], lower: 100, upper: 150)
        let b = TruncatedExponential(rate: fit.rate[axis], lower: 100, upper: 150)
        let scale = Double(n) * binWidth
        return [
            Line(over: window, label: "signal", color: .vermillion) { fit.theta * s.pdf($0) * scale }.mark,
            Line(over: window, label: "background", color: .blue, style: .dashed) { (1 - fit.theta) * b.pdf($0) * scale }.mark,
            Line(over: window, label: "total", color: .black) { (fit.theta * s.pdf($0) + (1 - fit.theta) * b.pdf($0)) * scale }.mark,
        ]
    }
    return Figure(width: 9, height: 3.6, panels: [
        Panel(title: "Events (10 % signal)", xLabel: "m_bb [GeV]", yLabel: "m_γγ [GeV]", xLimits: window, yLimits: window) {
            Scatter(mbb, myy, size: 3, color: .blue, alpha: 0.45)
        },
        Panel(title: "m_bb", xLabel: "m_bb [GeV]", yLabel: "events / 2 GeV") {
            Hist(mbb, bins: bins, range: window, filled: false, label: "data", color: .gray)
            densities(0)
        },
        Panel(title: "m_γγ", xLabel: "m_γγ [GeV]", yLabel: "events / 2 GeV") {
            Hist(myy, bins: bins, range: window, filled: false, label: "data", color: .gray)
            densities(1)
        },
    ])
}

/// Maximum likelihood for the 2D truncated mixture by EM: signal a truncated
/// normal in each mass, background a truncated exponential in each, signal
/// fraction θ. The M-step is closed-form for θ, μ and σ (the normal lies deep
/// inside the window, so its truncation is negligible there) and solves the
/// truncated-exponential mean equation for each rate by bisection.
struct DiHiggsFit {
    var theta = 0.2
    var mu = [120.0, 120.0]
    var sigma = [5.0, 5.0]
    var rate = [0.03, 0.03]

    init(mbb: [Double], myy: [Double], window: ClosedRange<Double>, iterations: Int = 200) {
        let data = [mbb, myy]
        let width = window.upperBound - window.lowerBound
        for _ in 0..<iterations {
            let s = (0..<2).map { TruncatedNormal(mu[$0], sigma[$0], lower: window.lowerBound, upper: window.upperBound) }
            let b = (0..<2).map { TruncatedExponential(rate: rate[$0], lower: window.lowerBound, upper: window.upperBound) }
            let r = mbb.indices.map { i -> Double in
                let ls = log(theta) + s[0].logPDF(mbb[i]) + s[1].logPDF(myy[i])
                let lb = log(1 - theta) + b[0].logPDF(mbb[i]) + b[1].logPDF(myy[i])
                return 1 / (1 + exp(lb - ls))
            }
            let sr = r.reduce(0, +), br = Double(r.count) - sr
            theta = sr / Double(r.count)
            for axis in 0..<2 {
                let x = data[axis]
                let m = zip(r, x).reduce(0) { $0 + $1.0 * $1.1 } / sr
                let v = zip(r, x).reduce(0) { $0 + $1.0 * ($1.1 - m) * ($1.1 - m) } / sr
                mu[axis] = m
                sigma[axis] = max(v.squareRoot(), 0.5)
                // Truncated exponential on [0, L]: E[x] = 1/λ − L/(e^{λL} − 1), decreasing in λ.
                let target = zip(r, x).reduce(0) { $0 + (1 - $1.0) * ($1.1 - window.lowerBound) } / br
                var lo = 1e-6, hi = 5.0
                for _ in 0..<60 {
                    let mid = (lo + hi) / 2
                    let mean = 1 / mid - width / expm1(mid * width)
                    if mean > target { lo = mid } else { hi = mid }
                }
                rate[axis] = (lo + hi) / 2
            }
        }
    }
}
