/// The Swift program of one lecture: its cells in order, in one top-level
/// scope, each preceded by a runtime cell marker and a `#sourceLocation`
/// naming the lecture's own file and line, so that compiler errors and traps
/// point at the lecture.
struct Program: Sendable {
    /// The source handed to `swiftc`.
    let source: String
    /// The source with every line number set to 0: what the cache key hashes,
    /// so that a prose edit that moves cells does not invalidate the cache.
    let layoutFreeSource: String
    /// The file lines the source refers to, in order (cells' and inline expressions').
    let layout: [Int]

    init(lecture: Lecture) {
        var lines: [String] = ["import LectureRuntime", "_lecternStart(seed: \(lecture.seed))"]
        var layout: [Int] = []
        let file = lecture.path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        func location(_ line: Int) {
            layout.append(line)
            lines.append("#sourceLocation(file: \"\(file)\", line: \(line))")
        }
        func inlines(after cell: Int) {
            for inline in lecture.inlines where inline.afterCell == cell {
                location(inline.line)
                lines.append("let _lecternInline\(inline.index): Any = (\(inline.expression))")
                lines.append("#sourceLocation()")
                lines.append("_lecternInline(\(inline.index), _lecternInline\(inline.index))")
            }
        }
        inlines(after: -1)
        for cell in lecture.cells {
            if cell.settings.eval {
                let s = cell.settings
                let timeout = Int((s.timeout ?? 0).rounded(.up))
                lines.append("_lecternCell(\(cell.index), timeout: \(timeout), figureWidth: \(s.figWidth), figureHeight: \(s.figHeight))")
                if s.error { lines.append("_lecternExpectFailure(\(cell.index)) {") }
                location(cell.firstLine)
                lines.append(Self.codeWithoutOptionValues(cell))
                lines.append("#sourceLocation()")
                if s.error { lines.append("}") }
            }
            inlines(after: cell.index)
        }
        lines.append("_lecternEnd()")
        source = lines.joined(separator: "\n") + "\n"
        layoutFreeSource = lines.map { $0.hasPrefix("#sourceLocation(file:") ? "#sourceLocation(line: 0)" : $0 }
            .joined(separator: "\n")
        self.layout = layout
    }

    /// The cell's code with its `//|` option lines reduced to `//|`: the
    /// options that matter to the program reach it through `_lecternCell`, and
    /// a caption edit must not force a recompile. Line numbers are kept.
    static func codeWithoutOptionValues(_ cell: Cell) -> String {
        var lines = cell.code.split(separator: "\n", omittingEmptySubsequences: false)
        if cell.code.hasSuffix("\n") { lines.removeLast() }
        for i in lines.indices {
            guard lines[i].drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("//|") else { break }
            lines[i] = "//|"
        }
        return lines.joined(separator: "\n")
    }
}
