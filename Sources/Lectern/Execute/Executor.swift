import Foundation
import LecternProtocol

/// Runs a compiled lecture program and turns what it printed and the events
/// it sent into a `LectureResult`, every output attributed to its cell.
struct Executor: Sendable {
    /// Ends the program when its build is cancelled (see `Cancellation`).
    var cancel: Cancellation?

    /// Runs `binary` (a `program` of `lecture`); figures go into `displays`.
    /// `live` hears each cell's output as it arrives (for `lectern run`).
    func run(_ binary: URL, lecture: Lecture, program: Program, courseRoot: URL, displays: URL,
             live: ((Int, CellOutput) -> Void)? = nil) throws -> LectureResult {
        try run(binary, lecture: lecture, program: program, courseRoot: courseRoot, displays: displays, live: live,
                checkpoints: nil, keep: nil).result
    }

    /// As above; with `checkpoints` (a folder), the program keeps a
    /// checkpoint at each cell boundary and its group is handed to `keep`.
    func run(_ binary: URL, lecture: Lecture, program: Program, courseRoot: URL, displays: URL,
             live: ((Int, CellOutput) -> Void)?, checkpoints: URL?, keep: ((KeptGroup) -> Void)?)
        throws -> (result: LectureResult, checkpoints: [(cell: Int, pid: Int32, address: String)], skipped: [Int: String]) {
        try FileManager.default.createDirectory(at: displays, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,sanitize=no,threads=crashed,registers=none,images=none,limit=24,top=8,output-to=stderr"
        environment["OPENBLAS_NUM_THREADS"] = environment["OPENBLAS_NUM_THREADS"] ?? "1"
        if let checkpoints { environment[Wire.checkpointVariable] = checkpoints.path }
        let lectureDirectory = courseRoot.appendingPathComponent(lecture.path).deletingLastPathComponent()
        var transcript = Transcript(lecture: lecture, order: program.units.map(\.unit),
                                    saveFigure: Transcript.figureWriter(into: displays))
        transcript.live = live
        transcript.acceptsCheckpoints = checkpoints != nil
        var run = ProcessRun(executable: binary.path, environment: environment, directory: lectureDirectory.path,
                             timeout: lecture.timeout, channel: true)
        run.keep = keep
        run.cancel = cancel
        let outcome = try run.run(output: { transcript.text($0, $1) }, event: { transcript.event($0) })
        try cancel?.check()
        return (transcript.result(outcome), transcript.checkpoints, transcript.skippedCheckpoints)
    }
}
