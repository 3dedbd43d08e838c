import Foundation
import Stats
import Testing
@testable import Inference

/// Importance sampling against targets whose normalisation and moments are known.
@Suite struct ImportanceSampleTests {
    @Test func recoversMomentsAndTheEvidence() {
        // Target: 3 × N(1, 0.5) (evidence 3); proposal N(0, 2).
        var g = Xoshiro256(seed: 1)
        let q = Normal(0, 2), p = Normal(1, 0.5)
        let draws = q.sample(count: 200_000, using: &g)
        let sample = ImportanceSample(points: draws, logTarget: { log(3) + p.logPDF($0) }, logProposal: q.logPDF)
        #expect(abs(sample.expectation { $0 } - 1) < 0.01)
        #expect(abs(sample.expectation { ($0 - 1) * ($0 - 1) } - 0.25) < 0.01)
        #expect(abs(sample.logEvidence - log(3)) < 4 * sample.logEvidenceError)
        #expect(sample.logEvidenceError < 0.01)
        #expect(sample.efficiency > 0 && sample.efficiency < 1)
        #expect(abs(sample.normalizedWeights.reduce(0, +) - 1) < 1e-12)
    }

    @Test func aPerfectProposalIsFullyEfficient() {
        var g = Xoshiro256(seed: 2)
        let q = Normal(0, 1)
        let sample = ImportanceSample(points: q.sample(count: 1000, using: &g), logTarget: q.logPDF, logProposal: q.logPDF)
        #expect(abs(sample.efficiency - 1) < 1e-12)
        #expect(sample.logEvidenceError == 0)
        #expect(abs(sample.logEvidence) < 1e-12)
    }

    @Test func effectiveSampleSizeFollowsItsFormula() {
        let sample = ImportanceSample(points: [0.0, 1, 2], logWeights: [0, log(2), log(3)])
        #expect(abs(sample.effectiveSampleSize - 36.0 / 14) < 1e-12)
        // Weights of 10⁴⁰⁰ do not overflow.
        let huge = ImportanceSample(points: [0.0, 1], logWeights: [920, 920])
        #expect(abs(huge.effectiveSampleSize - 2) < 1e-12)
        #expect(abs(huge.logEvidence - 920) < 1e-12)
    }

    @Test func theErrorOnTheEvidenceMatchesItsSpread() {
        // Repeat a small experiment: the scatter of log p(d) matches the quoted error.
        var g = Xoshiro256(seed: 3)
        let q = Normal(0, 1.5), p = Normal(0.5, 1)
        var estimates: [Double] = [], errors: [Double] = []
        for _ in 0..<400 {
            let s = ImportanceSample(points: q.sample(count: 500, using: &g), logTarget: p.logPDF, logProposal: q.logPDF)
            estimates.append(s.logEvidence)
            errors.append(s.logEvidenceError)
        }
        let spread = estimates.standardDeviation, quoted = errors.mean
        #expect(abs(spread / quoted - 1) < 0.2, "spread \(spread) vs quoted \(quoted)")
        #expect(abs(estimates.mean) < 3 * spread / 20)
    }
}
