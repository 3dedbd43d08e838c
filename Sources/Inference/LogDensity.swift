import Foundation
import Stats

/// Log densities of data given model parameters, one value per observation,
/// with analytic partials: the vectorised likelihood terms of a `Model`.
/// Normalisers that depend only on parameters (a truncation's log Z, say) are
/// computed once per evaluation, not once per event. Sum the result for an
/// i.i.d. likelihood, or mix several with `mixture`.
///
///     m.add(LogDensity.normal(y, mean: slope * x + intercept, sd: sigma).sum())
public enum LogDensity {
    /// log N(yᵢ | μᵢ, σ) = −½zᵢ² − log σ − ½ log 2π with zᵢ = (yᵢ − μᵢ)/σ.
    public static func normal(_ y: [Double], mean: Reals, sd: Real) -> Reals {
        require(y.count == mean.count, "LogDensity.normal needs one mean per observation: \(y.count) observations, \(mean.count) means")
        let (values, dMean, dSD) = normalTerms(y, mean: { mean.values[$0] }, sd: sd, tape: mean.tape ?? sd.tape)
        return node(values, scalars: [(sd, dSD)], vector: (mean, dMean))
    }

    /// log N(yᵢ | μ, σ) for one mean.
    public static func normal(_ y: [Double], mean: Real, sd: Real) -> Reals {
        let m = mean.value
        let (values, dMean, dSD) = normalTerms(y, mean: { _ in m }, sd: sd, tape: mean.tape ?? sd.tape)
        return node(values, scalars: [(mean, dMean), (sd, dSD)], vector: nil)
    }

    /// Values and per-event partials ∂/∂μᵢ = zᵢ/σ, ∂/∂σ = (zᵢ² − 1)/σ of the normal log density.
    @inline(__always)
    private static func normalTerms(_ y: [Double], mean: (Int) -> Double, sd: Real, tape: Tape?)
        -> (values: [Double], dMean: [Double], dSD: [Double]) {
        let n = y.count, s = sd.value, logS = Foundation.log(s)
        var values = scratch(tape, n), dMean = scratch(tape, n), dSD = scratch(tape, n)
        for i in 0..<n {
            let z = (y[i] - mean(i)) / s
            values[i] = -0.5 * z * z - logS - Normal.logSqrt2Pi
            dMean[i] = z / s
            dSD[i] = (z * z - 1) / s
        }
        return (values, dMean, dSD)
    }

    /// The normal truncated to `range`: log N(xᵢ | μ, σ) − log Z with
    /// Z = Φ(β) − Φ(α), α = (L − μ)/σ, β = (U − μ)/σ; ∂log Z/∂μ = (φ(α) − φ(β))/(σZ),
    /// ∂log Z/∂σ = (αφ(α) − βφ(β))/(σZ). Z is computed once, in logs.
    public static func truncatedNormal(_ x: [Double], mean: Real, sd: Real, in range: ClosedRange<Double>) -> Reals {
        let n = x.count, m = mean.value, s = sd.value, logS = Foundation.log(s)
        let alpha = (range.lowerBound - m) / s, beta = (range.upperBound - m) / s
        let logZ = TruncatedNormal.logMass(alpha, beta)
        func ratio(_ z: Double) -> Double { z.isFinite ? Foundation.exp(-0.5 * z * z - Normal.logSqrt2Pi - logZ) : 0 }
        let ra = ratio(alpha), rb = ratio(beta)
        var zMean = (ra - rb) / s
        var zSD = ((alpha.isFinite ? alpha * ra : 0) - (beta.isFinite ? beta * rb : 0)) / s
        if TruncatedNormal.isNarrowWindow(alpha, beta) {
            let mid = 0.5 * (alpha + beta)
            // A window narrow against σ: the two ratios cancel; their limits are m and m² − 1.
            zMean = mid / s
            zSD = (mid * mid - 1) / s
        }
        let constant = -logS - Normal.logSqrt2Pi - logZ, tape = mean.tape ?? sd.tape
        var values = scratch(tape, n), dMean = scratch(tape, n), dSD = scratch(tape, n)
        let (lower, upper, inverse) = (range.lowerBound, range.upperBound, 1 / s)
        x.withUnsafeBufferPointer { x in
            values.withUnsafeMutableBufferPointer { v in
                dMean.withUnsafeMutableBufferPointer { dm in
                    dSD.withUnsafeMutableBufferPointer { ds in
                        for i in 0..<n {
                            let z = (x[i] - m) * inverse
                            v[i] = x[i] < lower || x[i] > upper ? -.infinity : -0.5 * z * z + constant
                            dm[i] = z * inverse - zMean
                            ds[i] = (z * z - 1) * inverse - zSD
                        }
                    }
                }
            }
        }
        return node(values, scalars: [(mean, dMean), (sd, dSD)], vector: nil)
    }

    /// log(λ e^(−λx)) for x ≥ 0.
    public static func exponential(_ x: [Double], rate: Real) -> Reals {
        let l = rate.value, logL = Foundation.log(l)
        let values = x.map { $0 < 0 ? -.infinity : logL - l * $0 }
        return node(values, scalars: [(rate, x.map { 1 / l - $0 })], vector: nil)
    }

    /// The exponential shifted to start at L and truncated at U (width W = U − L):
    /// log λ − λ(xᵢ − L) − log(1 − e^(−λW)); ∂/∂λ = 1/λ − (xᵢ − L) − W/(e^(λW) − 1).
    public static func truncatedExponential(_ x: [Double], rate: Real, in range: ClosedRange<Double>) -> Reals {
        let l = rate.value, lower = range.lowerBound, width = range.upperBound - lower
        let logNorm = log1mExp(-l * width)
        let constant = Foundation.log(l) - logNorm
        let dConstant = 1 / l - width / Foundation.expm1(l * width)
        var values = scratch(rate.tape, x.count), dRate = scratch(rate.tape, x.count)
        x.withUnsafeBufferPointer { x in
            values.withUnsafeMutableBufferPointer { v in
                dRate.withUnsafeMutableBufferPointer { d in
                    for i in 0..<x.count {
                        let u = x[i] - lower
                        v[i] = u < 0 || u > width ? -.infinity : constant - l * u
                        d[i] = dConstant - u
                    }
                }
            }
        }
        return node(values, scalars: [(rate, dRate)], vector: nil)
    }

    /// log Binomial(k | n, p), for one count.
    public static func binomial(successes k: Int, trials n: Int, probability p: Real) -> Real {
        let kd = Double(k), nd = Double(n), pv = p.value
        let c = Special.logGamma(nd + 1) - Special.logGamma(kd + 1) - Special.logGamma(nd - kd + 1)
        let value = c + (k > 0 ? kd * Foundation.log(pv) : 0) + (n > k ? (nd - kd) * Foundation.log1p(-pv) : 0)
        return p.unary(value, kd / pv - (nd - kd) / (1 - pv))
    }

    /// log Bernoulli(yᵢ | pᵢ) = yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ), pᵢ given as log-odds (logistic regression).
    public static func bernoulli(_ y: [Bool], logOdds: Reals) -> Reals {
        require(y.count == logOdds.count, "LogDensity.bernoulli needs one log-odds per observation: \(y.count) observations, \(logOdds.count) log-odds")
        var values = [Double](repeating: 0, count: y.count), d = values
        for i in y.indices {
            let eta = logOdds.values[i]
            let p = 1 / (1 + Foundation.exp(-eta))
            values[i] = y[i] ? -log1pExp(-eta) : -log1pExp(eta)
            d[i] = (y[i] ? 1 : 0) - p
        }
        return node(values, scalars: [], vector: (logOdds, d))
    }

    /// log Poisson(kᵢ | νᵢ) = kᵢ log νᵢ − νᵢ − log kᵢ!.
    public static func poisson(_ k: [Int], mean: Reals) -> Reals {
        require(k.count == mean.count, "LogDensity.poisson needs one mean per count: \(k.count) counts, \(mean.count) means")
        var values = [Double](repeating: 0, count: k.count), d = values
        for i in k.indices {
            let nu = mean.values[i], kd = Double(k[i])
            values[i] = (k[i] > 0 ? kd * Foundation.log(nu) : 0) - nu - Special.logGamma(kd + 1)
            d[i] = kd / nu - 1
        }
        return node(values, scalars: [], vector: (mean, d))
    }

    /// Σᵢ log Σₖ θₖ exp(cₖᵢ): the log likelihood of a mixture with weights θ
    /// (a simplex) and per-event component log densities cₖ. Partials: the
    /// responsibilities rₖᵢ for cₖᵢ, and Σᵢ rₖᵢ/θₖ for θₖ.
    public static func mixture(_ weights: [Real], _ components: [Reals]) -> Real {
        require(weights.count == components.count && !components.isEmpty, "LogDensity.mixture needs one weight per component: \(weights.count) weights, \(components.count) components")
        let k = components.count, n = components[0].count
        require(components.allSatisfy { $0.count == n }, "mixture components need one value per event")
        let tape = weights.lazy.compactMap(\.tape).first ?? components.lazy.compactMap(\.tape).first
        let logW = weights.map { Foundation.log($0.value) }
        var responsibilities = (0..<k).map { _ in scratch(tape, n) }
        var total = 0.0
        if k == 2 {
            // log(e^a + e^b) = max + log1p(e^(−|a−b|)) with one exponential; r₂ = logistic(b − a),
            // one fused pass through VectorMath's kernels.
            var r0 = responsibilities[0], r1 = responsibilities[1]
            responsibilities = []
            components[0].values.withUnsafeBufferPointer { a in
                components[1].values.withUnsafeBufferPointer { b in
                    r0.withUnsafeMutableBufferPointer { r0 in
                        r1.withUnsafeMutableBufferPointer { r1 in
                            guard let a = a.baseAddress, let b = b.baseAddress,
                                  let r0 = r0.baseAddress, let r1 = r1.baseAddress else { return }
                            total = VectorMath.mixtureOfTwo(a, b, logWeights: logW[0], logW[1],
                                                            first: r0, second: r1, count: n)
                        }
                    }
                }
            }
            responsibilities = [r0, r1]
        } else {
            var terms = [Double](repeating: 0, count: k)
            for i in 0..<n {
                var top = -Double.infinity
                for c in 0..<k {
                    terms[c] = logW[c] + components[c].values[i]
                    top = max(top, terms[c])
                }
                var s = 0.0
                for c in 0..<k {
                    terms[c] = Foundation.exp(terms[c] - top)
                    s += terms[c]
                }
                total += top + Foundation.log(s)
                for c in 0..<k { responsibilities[c][i] = terms[c] / s }
            }
        }
        guard let tape else { return Real(total) }
        let out = tape.scalar(total)
        for r in responsibilities { tape.hold(r) }
        let weightIndex = weights.map { $0.tape == nil ? -1 : $0.index }
        let weightValue = weights.map(\.value)
        let componentIndex = components.map { $0.tape == nil ? -1 : $0.index }
        tape.record(.custom { t in
            let g = t.adjoints[out]
            for c in 0..<k {
                let r = responsibilities[c]
                if weightIndex[c] >= 0 {
                    t.adjoints[weightIndex[c]] += g * VectorSums.sum(r) / weightValue[c]
                }
                if componentIndex[c] >= 0 { t.addToVectorAdjoint(componentIndex[c], r, times: g) }
            }
        })
        return Real(value: total, tape: tape, index: out)
    }

    /// Σᵢ log Σₖ θₖ exp(cₖᵢ) for components given one by one.
    public static func mixture(_ weights: [Real], _ components: Reals...) -> Real { mixture(weights, components) }

    /// A buffer of `n` doubles whose every entry the caller writes before
    /// reading any: recycled by the tape, uncleared, when there is one.
    static func scratch(_ tape: Tape?, _ n: Int) -> [Double] {
        tape?.scratch(count: n) ?? [Double](repeating: 0, count: n)
    }

    /// A node whose partials are given per event: ∂valueᵢ/∂scalar = dᵢ, and
    /// ∂valueᵢ/∂vectorᵢ = dᵢ.
    static func node(_ values: [Double], scalars: [(Real, [Double])], vector: (Reals, [Double])?) -> Reals {
        let taped = scalars.filter { $0.0.tape != nil }
        let vectorTaped = vector.flatMap { $0.0.tape == nil ? nil : $0 }
        guard let tape = taped.first?.0.tape ?? vectorTaped?.0.tape else { return Reals(values) }
        let out = Reals(values: values, tape: tape), outIndex = out.index
        let scalarIndex = taped.map { $0.0.index }, scalarPartial = taped.map { $0.1 }
        let vectorIndex = vectorTaped?.0.index ?? -1, vectorPartial = vectorTaped?.1 ?? []
        for (_, d) in scalars { tape.hold(d) }
        if let (_, d) = vector { tape.hold(d) }
        tape.record(.custom { t in
            let g = t.vectorAdjoints[outIndex]
            guard !g.isEmpty else { return }
            g.withUnsafeBufferPointer { g in
                for (j, d) in scalarPartial.enumerated() {
                    let s = d.withUnsafeBufferPointer { VectorSums.dot(g, $0) }
                    t.adjoints[scalarIndex[j]] += s
                }
                if vectorIndex >= 0 {
                    vectorPartial.withUnsafeBufferPointer { d in t.accumulate(vectorIndex) { g[$0] * d[$0] } }
                }
            }
        })
        return out
    }
}
