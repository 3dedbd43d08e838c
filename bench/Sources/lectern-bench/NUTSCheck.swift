import Foundation
import Inference
import Stats

/// ESS of NUTS on a 10-dimensional standard normal (a sanity check of the sampler's efficiency).
func nutsCheck() throws {
    let model = Model { m in
        let x = m.real("x", count: 10)
        m.add(sum(x.map { -0.5 * $0 * $0 }))
    }
    let posterior = try model.sample(seed: 3)
    let ess = (0..<10).map { Diagnostics.bulkESS(posterior.chains("x[\($0)]")) }
    let steps = Double(posterior.leapfrogSteps) / 4000
    print("10-d normal: min bulk ESS \(ess.min()!), mean \(ess.reduce(0, +) / 10), leapfrogs/iteration \(steps), step \(posterior.stepSizes)")
}

/// The 0 % di-Higgs fit with other warm-up lengths and targets.
func diHiggsVariants() throws {
    let (mbb, myy) = diHiggsEvents(signalFraction: 0)
    let model = diHiggsModel(mbb: mbb, myy: myy)
    for (warmup, target) in [(1000, 0.8), (3000, 0.8), (1000, 0.95)] {
        let p = try model.sample(warmup: warmup, draws: 1000, targetAcceptance: target, seed: 1)
        print("warmup \(warmup) δ \(target): min ESS \(p.minimumBulkESS), div \(p.divergences), leapfrogs/it \(Double(p.leapfrogSteps) / 4000), steps \(p.stepSizes.map { ($0 * 1000).rounded() / 1000 })")
    }
}
