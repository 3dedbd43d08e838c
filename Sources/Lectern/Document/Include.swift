import Foundation

/// Quarto's `{{< include _part.md >}}`, alone on a line: the named file's
/// text in its place (relative to the including file, inside the course;
/// included files may include others). A missing file, one outside the
/// course or a cycle is an error at the include's `file:line`. The lecture
/// keeps where each of its lines came from (`SourceMap`), so errors and
/// cells inside an included file are reported at that file's own lines.
enum Include {
    /// The include a line is, if it is one: the path it names.
    static func target(of line: Substring) -> String? {
        guard line.contains("{{<"), let match = line.wholeMatch(of: /\s*\{\{<\s*include\s+("[^"]+"|\S+)\s*>\}\}\s*/) else { return nil }
        var path = String(match.output.1)
        if path.hasPrefix("\""), path.hasSuffix("\"") { path = String(path.dropFirst().dropLast()) }
        return path
    }

    /// `body` (the text of `file`, its front matter blanked) with every
    /// include expanded by `read` (a course path → its text, or nil), and
    /// where each line of the result came from.
    static func expand(_ body: String, file: String, read: (String) -> Result<String, ContainedPath.Problem>?) throws -> (String, SourceMap) {
        var lines: [Substring] = []
        var origins: [SourceMap.Origin] = []
        var files: Set<String> = []
        func visit(_ text: String, file: String, stack: [String]) throws {
            for (i, line) in SourceText.lines(text).enumerated() {
                guard let target = target(of: line) else {
                    lines.append(line)
                    origins.append(SourceMap.Origin(file: file, line: i + 1))
                    continue
                }
                let folder = file.split(separator: "/").dropLast().joined(separator: "/")
                let path = folder.isEmpty ? target : folder + "/" + target
                guard let found = read(path) else {
                    throw LecternError(file: file, line: i + 1, "the included file '\(target)' does not exist (looked for \(path) in the course); fix the path")
                }
                let included: String
                switch found {
                case .success(let text): included = text
                case .failure(let problem):
                    throw LecternError(file: file, line: i + 1, "the include \(problem.describe(target, folder: "the course")); include only files inside the course")
                }
                guard let normal = ContainedPath.normalise(path), !stack.contains(normal) else {
                    throw LecternError(file: file, line: i + 1, "'\(target)' includes itself (\((stack + [path]).joined(separator: " → "))); remove the include that closes the loop")
                }
                files.insert(normal)
                try visit(SourceText.normalised(included), file: normal, stack: stack + [normal])
            }
        }
        try visit(body, file: file, stack: [ContainedPath.normalise(file) ?? file])
        return (lines.joined(separator: "\n"), SourceMap(origins: origins, files: files.sorted()))
    }
}

/// Where each line of a lecture's expanded text came from: the lecture
/// itself, or a file it included.
public struct SourceMap: Sendable, Equatable {
    public struct Origin: Sendable, Equatable {
        public var file: String
        public var line: Int
    }

    /// By line of the expanded text, from 1.
    public var origins: [Origin] = []
    /// The files it included (course paths), sorted.
    public var files: [String] = []

    /// Where line `line` of the expanded text of `path` came from.
    public func origin(of line: Int, path: String) -> Origin {
        origins[safe: line - 1] ?? Origin(file: path, line: line)
    }
}
