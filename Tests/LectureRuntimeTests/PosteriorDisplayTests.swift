import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LectureRuntime

@Suite struct PosteriorDisplayTests {
    static let posterior: Posterior = {
        let y = [0.2, 1.4, 0.9, 1.7, 0.5, 1.1]
        let model = Model { m in
            let mu = m.real("μ", prior: Normal(0, 5))
            let sigma = m.positive("σ", prior: HalfNormal(2))
            m.add(LogDensity.normal(y, mean: mu, sd: sigma).sum())
        }
        return try! model.sample(chains: 2, warmup: 200, draws: 200, seed: 3)
    }()

    @Test func summaryShowsAsATable() throws {
        guard case .table(let table) = Self.posterior.summary().display() else { Issue.record("not a table"); return }
        #expect(table.columns == ["", "mean", "sd", "5%", "50%", "95%", "MCSE", "ESS bulk", "ESS tail", "R̂"])
        #expect(table.rows.map { $0[0] } == ["μ", "σ"])
        let mean = try #require(Double(table.rows[0][1]))
        #expect(abs(mean - 0.97) < 0.3)
    }

    @Test func traceAndPairFiguresDraw() throws {
        let trace = try Self.posterior.traceFigure().svg(width: 6, height: 4)
        #expect(trace.contains("μ") && trace.contains("σ") && trace.contains("draw"))
        let pairs = try Self.posterior.pairFigure(["μ", "σ"]).svg(width: 5, height: 5)
        #expect(pairs.hasPrefix("<?xml") || pairs.contains("<svg"))
        #expect(try XMLDocument(xmlString: pairs).rootElement()?.name == "svg")
    }
}
