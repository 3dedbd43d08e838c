/// A point of Hamiltonian dynamics: position q (unconstrained), momentum p,
/// and the log density with its gradient at q.
struct PhasePoint {
    var q: [Double]
    var p: [Double]
    var logDensity: Double
    var gradient: [Double]

    /// H = −log p(q) + ½ pᵀ M⁻¹ p for a diagonal inverse metric.
    func hamiltonian(_ inverseMetric: [Double]) -> Double {
        var kinetic = 0.0
        for i in p.indices { kinetic += p[i] * p[i] * inverseMetric[i] }
        let h = -logDensity + 0.5 * kinetic
        return h.isNaN ? .infinity : h
    }

    /// M⁻¹p, the velocity (Stan's p♯).
    func velocity(_ inverseMetric: [Double]) -> [Double] {
        var v = p
        for i in v.indices { v[i] *= inverseMetric[i] }
        return v
    }
}
