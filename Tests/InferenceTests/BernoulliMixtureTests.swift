import Foundation
import Stats
import Testing
@testable import Inference

/// EM for Bernoulli mixtures against the prototypes that made the data.
@Suite struct BernoulliMixtureTests {
    @Test func recoversThePrototypes() {
        // Three 4 × 4 "images": a bar, a column and a diagonal, each pixel flipped with probability 0.1.
        let prototypes: [[Bool]] = [
            (0..<16).map { $0 / 4 == 1 },
            (0..<16).map { $0 % 4 == 2 },
            (0..<16).map { $0 / 4 == $0 % 4 },
        ]
        let weights = [0.5, 0.3, 0.2]
        var g = Xoshiro256(seed: 1)
        let which = Categorical(weights).sample(count: 6000, using: &g)
        let images = which.map { c in prototypes[c].map { Double.random(in: 0..<1, using: &g) < 0.1 ? !$0 : $0 } }
        let fit = BernoulliMixture(fitting: images, components: 3, using: &g)
        #expect(fit.converged)
        for (c, prototype) in prototypes.enumerated() {
            // The fitted component closest to this prototype.
            let expected: [Double] = prototype.map { $0 ? 0.9 : 0.1 }
            func distance(_ a: Int) -> Double {
                var total = 0.0
                for j in 0..<16 { total += abs(fit.probabilities[a][j] - expected[j]) }
                return total
            }
            let match = (0..<3).min { distance($0) < distance($1) }!
            #expect(abs(fit.weights[match] - weights[c]) < 0.02)
            for (mu, on) in zip(fit.probabilities[match], prototype) { #expect(abs(mu - (on ? 0.9 : 0.1)) < 0.05) }
        }
        let r = fit.responsibilities(Array(images.prefix(10)))
        for row in r { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
    }
}
