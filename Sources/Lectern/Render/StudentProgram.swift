/// A lecture's cells as one Swift file, for students to download and run
/// with `lectern run FILE.swift` (which runs it with the lecture's seed, as
/// the page did). Cells meant to fail (`error: true`) and cells not run
/// (`eval: false`) are kept as comments, so the file runs top to bottom.
struct StudentProgram {
    let source: String

    /// The first line of every such file; `seed:` follows it.
    static let header = "// Lectern cells of "

    init(lecture: Lecture) {
        var lines = [
            Self.header + lecture.path + ": \"" + lecture.title.replacingOccurrences(of: "\n", with: " ") + "\"",
            "// seed: \(lecture.seed)",
            "// Run it with Lectern's engine: lectern run \(lecture.pagePath.split(separator: "/").last.map { String($0.dropLast(5)) } ?? "lecture").swift",
            "",
        ]
        for cell in lecture.cells {
            let code = cell.displayCode
            lines.append("// ── cell \(cell.index + 1)" + (cell.options.label.map { " · \($0)" } ?? "") + " · \(lecture.path):\(cell.firstLine)")
            let s = cell.settings
            if !s.eval || s.error {
                lines.append(s.eval ? "// (meant to fail on the page: left as a comment)" : "// (not run on the page: left as a comment)")
                lines += SourceText.lines(code).map { "// " + $0 }
            } else {
                lines.append(code)
            }
            lines.append("")
        }
        source = lines.joined(separator: "\n")
    }

    /// A downloaded Swift file as a lecture of one cell, with the seed its
    /// header names (else the default for its path); its lines are the file's own.
    static func lecture(ofSwift code: String, path: String) throws -> Lecture {
        var fence = "```"
        while code.contains(fence) { fence += "`" }
        var lecture = try Lecture(source: fence + "swift\n" + code + (code.hasSuffix("\n") ? "" : "\n") + fence + "\n", path: path)
        for line in code.split(separator: "\n").prefix(3) where line.hasPrefix("// seed: ") {
            if let seed = UInt64(line.dropFirst("// seed: ".count).trimmingCharacters(in: .whitespaces)) { lecture.seed = seed }
        }
        if !lecture.cells.isEmpty { lecture.cells[0].firstLine = 1 }
        return lecture
    }
}
