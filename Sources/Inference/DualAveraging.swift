import Foundation

/// Step-size adaptation by dual averaging (Hoffman & Gelman 2014, §3.2; the
/// constants are Stan's): drives the mean acceptance statistic to `target`.
struct DualAveraging {
    var target: Double
    var mu = log(10.0)
    let gamma = 0.05, kappa = 0.75, t0 = 10.0
    private var counter = 0.0, sBar = 0.0, xBar = 0.0

    init(target: Double) { self.target = target }

    /// Starts again around 10ε.
    mutating func restart(stepSize: Double) {
        mu = log(10 * stepSize)
        counter = 0
        sBar = 0
        xBar = 0
    }

    /// The next step size after a transition with acceptance statistic `accept`.
    mutating func learn(accept: Double) -> Double {
        counter += 1
        let a = min(1, accept.isNaN ? 0 : accept)
        let eta = 1 / (counter + t0)
        sBar = (1 - eta) * sBar + eta * (target - a)
        let x = mu - sBar * counter.squareRoot() / gamma
        let weight = pow(counter, -kappa)
        xBar = (1 - weight) * xBar + weight * x
        return exp(x)
    }

    /// The final step size: the averaged iterate.
    var finalStepSize: Double { exp(xBar) }
}
