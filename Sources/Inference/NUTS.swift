import Foundation
import Stats

/// One transition's statistics, as CmdStan reports them.
public struct TransitionStatistics: Sendable, Hashable {
    /// Mean Metropolis acceptance over the trajectory.
    public var acceptance: Double
    /// The depth of the trajectory's binary tree: 2^depth − 1 leapfrog steps at most.
    public var treeDepth: Int
    /// Leapfrog steps taken (gradient evaluations).
    public var leapfrogSteps: Int
    /// Whether the trajectory diverged (the energy error passed 1000): a sign the step size is too large for the posterior's curvature there.
    public var divergent: Bool
    /// The Hamiltonian H = −log p(q) + ½ pᵀM⁻¹p at the draw (E-BFMI is computed from it).
    public var energy: Double
    /// The leapfrog step size ε used.
    public var stepSize: Double
}

/// The No-U-Turn sampler with multinomial trajectory sampling and the
/// generalised U-turn criterion (Hoffman & Gelman 2014; Betancourt 2017,
/// "A Conceptual Introduction to Hamiltonian Monte Carlo", §A.4), including
/// the checks across merged subtrees that Stan added in 2.23. A diagonal
/// inverse metric; divergence when the energy error exceeds 1000.
struct NUTS {
    typealias Gradient = ([Double]) -> (Double, [Double])

    let logDensity: Gradient
    var stepSize = 1.0
    var inverseMetric: [Double]
    let maxTreeDepth: Int
    let maxEnergyError = 1000.0

    /// A run of the trajectory: its two ends in time order, the sum of its
    /// momenta, its log weight Σ e^(−H), and the point it proposes.
    private struct Segment {
        var left: PhasePoint
        var right: PhasePoint
        var rho: [Double]
        var logWeight: Double
        var proposal: PhasePoint
    }

    private struct Trajectory {
        var h0: Double
        var leapfrogs = 0
        var acceptanceSum = 0.0
        var divergent = false
    }

    init(logDensity: @escaping Gradient, dimension: Int, maxTreeDepth: Int) {
        self.logDensity = logDensity
        inverseMetric = [Double](repeating: 1, count: dimension)
        self.maxTreeDepth = maxTreeDepth
    }

    func point(at q: [Double]) -> PhasePoint {
        let (lp, g) = logDensity(q)
        return PhasePoint(q: q, p: [Double](repeating: 0, count: q.count), logDensity: lp, gradient: g)
    }

    /// Fresh momentum p ~ N(0, M).
    func drawMomentum<G: RandomNumberGenerator>(_ z: inout PhasePoint, using generator: inout G) {
        for i in z.p.indices { z.p[i] = standardNormal(using: &generator) / inverseMetric[i].squareRoot() }
    }

    /// One leapfrog step of size ε (negative to go back in time).
    func leapfrog(_ z: PhasePoint, _ epsilon: Double) -> PhasePoint {
        var next = z
        for i in next.p.indices { next.p[i] += 0.5 * epsilon * z.gradient[i] }
        for i in next.q.indices { next.q[i] += epsilon * inverseMetric[i] * next.p[i] }
        let (lp, g) = logDensity(next.q)
        next.logDensity = lp
        next.gradient = g
        if lp.isFinite {
            for i in next.p.indices { next.p[i] += 0.5 * epsilon * g[i] }
        }
        return next
    }

    /// One transition from `z` (its momentum is redrawn).
    func transition<G: RandomNumberGenerator>(from start: PhasePoint, using generator: inout G)
        -> (PhasePoint, TransitionStatistics) {
        var z = start
        drawMomentum(&z, using: &generator)
        var trajectory = Trajectory(h0: z.hamiltonian(inverseMetric))
        var tree = Segment(left: z, right: z, rho: z.p, logWeight: 0, proposal: z)
        var sample = z
        var depth = 0
        while depth < maxTreeDepth {
            let forward = Bool.random(using: &generator)
            let from = forward ? tree.right : tree.left
            guard let extension_ = build(from: from, depth: depth, forward: forward,
                                         trajectory: &trajectory, using: &generator) else { break }
            depth += 1
            // Biased progressive sampling: favour the new half.
            if extension_.logWeight > tree.logWeight
                || uniform(&generator) < exp(extension_.logWeight - tree.logWeight) {
                sample = extension_.proposal
            }
            let (early, late) = forward ? (tree, extension_) : (extension_, tree)
            tree = Segment(left: early.left, right: late.right, rho: add(early.rho, late.rho),
                           logWeight: logSumExp(tree.logWeight, extension_.logWeight), proposal: sample)
            if !continues(early, late, merged: tree) { break }
        }
        let statistics = TransitionStatistics(
            acceptance: trajectory.leapfrogs > 0 ? trajectory.acceptanceSum / Double(trajectory.leapfrogs) : 0,
            treeDepth: depth, leapfrogSteps: trajectory.leapfrogs, divergent: trajectory.divergent,
            energy: sample.hamiltonian(inverseMetric), stepSize: stepSize)
        return (sample, statistics)
    }

    /// A subtree of 2^depth leapfrog steps from `z`; nil if it diverged or
    /// turned back on itself.
    private func build<G: RandomNumberGenerator>(from z: PhasePoint, depth: Int, forward: Bool,
                                                 trajectory: inout Trajectory, using generator: inout G) -> Segment? {
        if depth == 0 {
            let next = leapfrog(z, forward ? stepSize : -stepSize)
            let h = next.hamiltonian(inverseMetric)
            trajectory.leapfrogs += 1
            let delta = trajectory.h0 - h
            trajectory.acceptanceSum += delta > 0 ? 1 : exp(delta)
            if h - trajectory.h0 > maxEnergyError {
                trajectory.divergent = true
                return nil
            }
            return Segment(left: next, right: next, rho: next.p, logWeight: delta, proposal: next)
        }
        guard let first = build(from: z, depth: depth - 1, forward: forward, trajectory: &trajectory, using: &generator)
        else { return nil }
        guard let second = build(from: forward ? first.right : first.left, depth: depth - 1, forward: forward,
                                 trajectory: &trajectory, using: &generator)
        else { return nil }
        let logWeight = logSumExp(first.logWeight, second.logWeight)
        // Uniform progressive sampling inside a subtree.
        let proposal = uniform(&generator) < exp(second.logWeight - logWeight)
            ? second.proposal : first.proposal
        let (early, late) = forward ? (first, second) : (second, first)
        let merged = Segment(left: early.left, right: late.right, rho: add(early.rho, late.rho),
                             logWeight: logWeight, proposal: proposal)
        return continues(early, late, merged: merged) ? merged : nil
    }

    /// The generalised no-U-turn criterion on the merged run, and across the
    /// join of its two halves.
    private func continues(_ early: Segment, _ late: Segment, merged: Segment) -> Bool {
        let leftVelocity = early.left.velocity(inverseMetric), rightVelocity = late.right.velocity(inverseMetric)
        guard noUTurn(leftVelocity, rightVelocity, merged.rho) else { return false }
        guard noUTurn(leftVelocity, late.left.velocity(inverseMetric), add(early.rho, late.left.p)) else { return false }
        return noUTurn(early.right.velocity(inverseMetric), rightVelocity, add(early.right.p, late.rho))
    }

    private func noUTurn(_ left: [Double], _ right: [Double], _ rho: [Double]) -> Bool {
        var a = 0.0, b = 0.0
        for i in rho.indices {
            a += left[i] * rho[i]
            b += right[i] * rho[i]
        }
        return a > 0 && b > 0
    }

    private func add(_ a: [Double], _ b: [Double]) -> [Double] {
        var s = a
        for i in s.indices { s[i] += b[i] }
        return s
    }

    /// Stan's heuristic first step size: double or halve ε until one
    /// leapfrog step's acceptance crosses 0.8.
    mutating func initialiseStepSize<G: RandomNumberGenerator>(at start: PhasePoint, using generator: inout G) {
        var z = start
        drawMomentum(&z, using: &generator)
        var deltaH = z.hamiltonian(inverseMetric) - leapfrog(z, stepSize).hamiltonian(inverseMetric)
        let direction = deltaH > log(0.8) ? 1.0 : -1.0
        for _ in 0..<100 {
            z = start
            drawMomentum(&z, using: &generator)
            let h0 = z.hamiltonian(inverseMetric)
            deltaH = h0 - leapfrog(z, stepSize).hamiltonian(inverseMetric)
            if direction == 1, !(deltaH > log(0.8)) { break }
            if direction == -1, !(deltaH < log(0.8)) { break }
            stepSize = direction == 1 ? 2 * stepSize : stepSize / 2
            if stepSize > 1e7 || stepSize < 1e-12 { break }
        }
    }
}
