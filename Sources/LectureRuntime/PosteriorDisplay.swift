import Foundation
import Inference
import Plot
import Stats

/// `show(posterior.summary())`: the summary as a table, its warnings in the caption.
extension PosteriorSummary: Displayable {
    public func display() -> Display {
        let rows = rows.map { r -> [Any] in
            [r.name, r.mean, r.sd] + r.quantiles.map { $0 as Any } + [r.mcse, Int(r.bulkESS.rounded()), Int(r.tailESS.rounded()),
                                                                      String(format: "%.3f", r.rHat)]
        }
        let caption = warnings.isEmpty ? nil : warnings.map { "Warning: \($0)" }.joined(separator: " ")
        return .table(Table(columns, rows: rows, caption: caption))
    }
}

extension Posterior {
    /// Trace plots: one panel per value, draw number against value, one line per chain.
    public func traceFigure(_ names: [String]? = nil) -> Figure {
        let chosen = names ?? self.names
        let palette: [Color] = [.blue, .vermillion, .green, .orange, .purple, .skyBlue]
        let panels = chosen.map { name in
            var panel = Panel(xLabel: name == chosen.last ? "draw" : "", yLabel: name, legend: .none)
            for (c, chain) in chains(name).enumerated() {
                panel.add(Line(chain, label: "chain \(c + 1)", color: palette[c % palette.count], width: 0.6))
            }
            return panel
        }
        return Figure(rows: chosen.count, columns: 1, sharedX: true, panels: panels)
    }

    /// A scatter-plot matrix of the draws of `names`: histograms titled by
    /// name on the diagonal, value against value elsewhere (row i's y is
    /// names[i]); divergent transitions in vermillion.
    public func pairFigure(_ names: [String], maxPoints: Int = 1500) -> Figure {
        let divergent = statistics.flatMap { $0 }.map(\.divergent)
        let total = divergent.count
        let thinning = max(1, total / maxPoints)
        let kept = stride(from: 0, to: total, by: thinning).filter { !divergent[$0] }
        let bad = divergent.indices.filter { divergent[$0] }
        let draws = names.map { self[$0] }
        var panels: [Panel] = []
        for (i, yName) in names.enumerated() {
            for (j, xName) in names.enumerated() {
                let xLabel = i == names.count - 1 ? xName : "", yLabel = j == 0 ? yName : ""
                if i == j {
                    panels.append(Panel(title: yName, xLabel: xLabel, legend: .none) {
                        Hist(draws[i], bins: 30, color: .blue)
                    })
                } else {
                    panels.append(Panel(xLabel: xLabel, yLabel: yLabel, legend: .none) {
                        Scatter(kept.map { draws[j][$0] }, kept.map { draws[i][$0] }, size: 2, color: .blue, alpha: 0.3)
                        if !bad.isEmpty {
                            Scatter(bad.map { draws[j][$0] }, bad.map { draws[i][$0] }, size: 3, label: "divergent", color: .vermillion)
                        }
                    })
                }
            }
        }
        return Figure(rows: names.count, columns: names.count, panels: panels)
    }
}
