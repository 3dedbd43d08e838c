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
            if let result = outcome.result, result.truncatedBytes > 0 {
                text += "\n" + indent("\(outcome.path): warning: \(result.truncatedBytes) bytes of cell output not shown (raise 'output-limit' or 'lecture-output-limit' to keep more)")
            }
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
}
