import Foundation

/// Runs a compiled lecture in a child process and turns what it wrote into a
/// `LectureResult`, attributing every output and failure to its cell.
struct Executor: Sendable {
    /// Runs `binary` (the program of `lecture`) with displays written into `work`.
    func run(_ binary: URL, lecture: Lecture, layout: [Int], courseRoot: URL, work: URL, compileSeconds: Double) throws -> LectureResult {
        let displays = work.appendingPathComponent("displays")
        try FileManager.default.createDirectory(at: displays, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["LECTERN_DISPLAY_DIR"] = displays.path
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,sanitize=no,threads=crashed,registers=none,images=none,limit=24,top=8"
        environment["OPENBLAS_NUM_THREADS"] = environment["OPENBLAS_NUM_THREADS"] ?? "1"
        let lectureDirectory = courseRoot.appendingPathComponent(lecture.path).deletingLastPathComponent()
        let out = work.appendingPathComponent("stdout.txt"), err = work.appendingPathComponent("stderr.txt")
        let termination = try ChildProcess.run(binary, arguments: [], environment: environment, directory: lectureDirectory,
                                               stdout: out, stderr: err, timeout: lecture.timeout)
        let transcript = Transcript(stdout: Self.read(out), stderr: Self.read(err))
        var result = LectureResult(cells: Array(repeating: CellResult(), count: lecture.cells.count),
                                   inlines: (0..<lecture.inlines.count).map { transcript.inlines[$0] },
                                   errors: [], compileSeconds: compileSeconds, runSeconds: termination.seconds,
                                   layout: layout)
        for cell in lecture.cells where cell.settings.eval {
            var r = CellResult()
            r.ran = cell.index <= transcript.lastCell
            r.stdout = transcript.stdout[cell.index] ?? ""
            r.stderr = transcript.stderr[cell.index] ?? ""
            for (kind, file) in transcript.displays[cell.index] ?? [] {
                let url = displays.appendingPathComponent(file)
                switch kind {
                case "svg": r.displays.append(.figure(file))
                case "text": r.displays.append(.text(Self.read(url)))
                case "table":
                    if let data = try? Data(contentsOf: url), let table = try? JSONDecoder().decode(TableData.self, from: data) {
                        r.displays.append(.table(table))
                    }
                default: break
                }
            }
            if let how = transcript.expectedFailures[cell.index] {
                let crash = CrashReport(stderr: r.stderr, lecturePath: lecture.path)
                r.stderr = crash.output
                let message = crash.message.isEmpty ? Self.describeEnd(how) : crash.message
                r.failure = CellFailure(kind: .crash, message: message, line: crash.line ?? cell.firstLine, in: cell, expected: true)
            } else if transcript.unexpectedSuccesses.contains(cell.index) {
                r.failure = CellFailure(kind: .unexpectedSuccess,
                                        message: "this cell is marked 'error: true' but ran without error; remove the option or make it fail",
                                        line: cell.firstLine, in: cell)
            }
            result.cells[cell.index] = r
        }
        if !termination.succeeded || !transcript.ended {
            let running = transcript.lastCell
            if running >= 0, running < lecture.cells.count {
                let cell = lecture.cells[running]
                var r = result.cells[running]
                if termination.timedOut {
                    r.failure = CellFailure(kind: .timeout, message: "the lecture ran out of time (\(Self.seconds(lecture.timeout))) in this cell; raise 'timeout' in the front matter or make the cell faster", line: cell.firstLine, in: cell)
                } else if termination.signaled, termination.status == SIGALRM {
                    r.failure = CellFailure(kind: .timeout, message: "the cell ran out of time (timeout: \(Self.seconds(cell.settings.timeout ?? 0))); raise its 'timeout' option or make it faster", line: cell.firstLine, in: cell)
                } else {
                    let crash = CrashReport(stderr: r.stderr, lecturePath: lecture.path)
                    r.stderr = crash.output
                    let how = termination.signaled ? "signal \(termination.status)" : "exit \(termination.status)"
                    r.failure = CellFailure(kind: .crash, message: crash.message.isEmpty ? Self.describeEnd(how) : crash.message,
                                            line: crash.line ?? cell.firstLine, in: cell)
                }
                result.cells[running] = r
                for later in lecture.cells[(running + 1)...] where later.settings.eval {
                    result.cells[later.index].failure = CellFailure(kind: .notRun, message: "not run: the cell at line \(cell.firstLine) failed", line: later.firstLine, in: later)
                }
            } else {
                let reason = termination.timedOut ? "ran out of time before its first cell" : "ended before its first cell (\(Self.describeEnd("exit \(termination.status)")))"
                result.errors.append(LecternError(file: lecture.path, "the lecture program \(reason)\n" + Self.read(err)))
            }
        }
        return result
    }

    static func read(_ url: URL) -> String {
        guard let data = try? Data(contentsOf: url) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// Words for how a process ended: "exit 3", "signal 11".
    static func describeEnd(_ how: String) -> String {
        let names: [Int32: String] = [SIGSEGV: "segmentation fault", SIGILL: "trap", SIGTRAP: "trap", SIGABRT: "abort",
                                      SIGFPE: "arithmetic error", SIGKILL: "killed", SIGBUS: "bus error"]
        if how.hasPrefix("signal "), let n = Int32(how.dropFirst(7)), let name = names[n] { return "the cell crashed (\(name), signal \(n))" }
        if how == "exit 3" { return "the cell threw an error" }
        return "the cell failed (\(how))"
    }
}
