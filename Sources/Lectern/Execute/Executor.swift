import Foundation
import LecternProtocol

/// Runs a compiled lecture program and turns what it printed and the events
/// it sent into a `LectureResult`, every output attributed to its cell.
struct Executor: Sendable {
    /// Runs `binary` (a `program` of `lecture`); figures go into `displays`.
    /// `live` hears each cell's output as it arrives (for `lectern run`).
    func run(_ binary: URL, lecture: Lecture, program: Program, courseRoot: URL, displays: URL,
             live: ((Int, CellOutput) -> Void)? = nil) throws -> LectureResult {
        try FileManager.default.createDirectory(at: displays, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,sanitize=no,threads=crashed,registers=none,images=none,limit=24,top=8,output-to=stderr"
        environment["OPENBLAS_NUM_THREADS"] = environment["OPENBLAS_NUM_THREADS"] ?? "1"
        let lectureDirectory = courseRoot.appendingPathComponent(lecture.path).deletingLastPathComponent()
        var figures = 0
        var transcript = Transcript(lecture: lecture, order: program.units.map(\.unit)) { svg in
            figures += 1
            let name = "fig-\(figures).svg"
            try Data(svg.utf8).write(to: displays.appendingPathComponent(name))
            return name
        }
        transcript.live = live
        let run = ProcessRun(executable: binary.path, environment: environment, directory: lectureDirectory.path,
                             timeout: lecture.timeout, channel: true)
        let outcome = try run.run(output: { transcript.text($0, $1) }, event: { transcript.event($0) })
        return transcript.result(outcome)
    }
}
