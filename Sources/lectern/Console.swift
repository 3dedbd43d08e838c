import ArgumentParser
import Foundation
import Lectern

/// What the command line prints: progress on stderr, cell output on stdout.
enum Console {
    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Runs `body`, printing a setup error (a bad `lectern.yml`, no engine) as `file:line: error:` and exiting 2.
    static func guarded(_ body: () throws -> Bool) throws -> Bool {
        do {
            return try body()
        } catch let error as LecternError {
            err(error.description)
            throw ExitCode(2)
        }
    }

    static func build(_ course: Course, _ paths: [String], jobs: Int, useCache: Bool) -> [LectureOutcome] {
        let build = CourseBuild(course: course, jobs: jobs, useCache: useCache)
        let start = Date()
        let outcomes = build.build(paths) { outcome in
            var line = (outcome.failed ? "✗ " : "✓ ") + outcome.path
            if outcome.cached {
                line += "  cached"
            } else if let result = outcome.result {
                line += String(format: "  compile %.2f s, run %.2f s", result.compileSeconds, result.runSeconds)
            }
            if outcome.failed { line += "  (\(outcome.errors.count) error\(outcome.errors.count == 1 ? "" : "s"))" }
            var text = line
            for error in outcome.errors { text += "\n" + indent(error.description) }
            err(text)
        }
        err(String(format: "%d lecture(s) in %.2f s", outcomes.count, Date().timeIntervalSince(start)))
        return outcomes
    }

    static func report(_ errors: [LecternError]) {
        for error in errors { err(error.description) }
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    /// Prints each cell's output under a header naming it; writes figures to files and prints their paths.
    static func printCells(_ outcome: LectureOutcome, course: Course) throws {
        guard let lecture = outcome.lecture, let result = outcome.result else { return }
        let figures = course.stateDirectory.appendingPathComponent("run/\(lecture.slug)")
        var figureNumber = 0
        for cell in lecture.cells {
            let label = cell.options.label.map { " · \($0)" } ?? ""
            print("── cell \(cell.index + 1)\(label) · \(lecture.path):\(cell.firstLine) " + String(repeating: "─", count: 20))
            guard cell.settings.eval else { print("(not run: eval: false)"); continue }
            let r = result.cells[cell.index]
            if !r.stdout.isEmpty { print(r.stdout, terminator: r.stdout.hasSuffix("\n") ? "" : "\n") }
            if !r.stderr.isEmpty { err(r.stderr.hasSuffix("\n") ? String(r.stderr.dropLast()) : r.stderr) }
            for display in r.displays {
                switch display {
                case .text(let text): print(text)
                case .table(let table):
                    print(([table.columns] + table.rows).map { $0.joined(separator: "\t") }.joined(separator: "\n"))
                case .figure(let file):
                    figureNumber += 1
                    try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
                    let target = figures.appendingPathComponent("fig-\(figureNumber).svg")
                    try? FileManager.default.removeItem(at: target)
                    if let source = outcome.resultDirectory?.appendingPathComponent(file) {
                        try FileManager.default.copyItem(at: source, to: target)
                    }
                    print("[figure \(figureNumber): \(target.path)]")
                }
            }
            if let failure = r.failure {
                let location = failure.line(in: cell).map { "\(lecture.path):\($0)" } ?? lecture.path
                print("[\(failure.expected ? "expected error" : "error")] \(location): \(failure.message)")
            }
        }
        for (i, inline) in lecture.inlines.enumerated() {
            print("── inline \(lecture.path):\(inline.line): \(inline.expression) = \(result.inlines[i] ?? "?")")
        }
    }
}
