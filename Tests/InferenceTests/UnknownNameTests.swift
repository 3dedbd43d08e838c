import Testing
@testable import Inference
@testable import Stats

/// A name the posterior does not have stops the cell with the names it has
/// and the nearest one, in every build (not a bare trap).
@Suite struct UnknownNameTests {
    @Test func thePosteriorSaysWhichNamesItHas() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let model = Model { m in
                let b = m.real("β", prior: Normal(0, 1))
                m.add(LogDensity.normal([0.1, -0.3], mean: b, sd: Real(1)).sum())
            }
            let fit = try! model.sample(chains: 1, warmup: 20, draws: 20)
            _ = fit["beta"]
        }.map { result in
            let said = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(said.contains("the posterior has no 'beta'; it has 'β' — did you mean 'β'?"), "\(said)")
        }
    }
}
