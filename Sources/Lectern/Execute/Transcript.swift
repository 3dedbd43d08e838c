import Foundation
import LecternProtocol

/// Assembles one run's results from what the program printed and the events
/// it sent. Events are accepted only in the program's own order (cell k
/// after the unit before it, a display only for the running cell, an inline
/// value only where that expression stands), so nothing can move output
/// between cells, fake a value, or end the lecture early. Text is kept up to
/// each cell's `output-limit` and the lecture's `lecture-output-limit`; the
/// rest is counted and reported.
struct Transcript {
    private enum Piece {
        case text(ProcessRun.Stream, Data)
        case display(DisplayOutput)
    }

    let lecture: Lecture
    /// The program's units in the order it runs them.
    let order: [ProgramUnit]
    /// Writes a figure's SVG into the result folder; returns its file name.
    let saveFigure: (String) throws -> String

    private var pieces: [[Piece]]
    private var dropped: [Int]
    private var kept: [Int]
    /// Each cell's crash report, from the backtracer's `*** Signal` line on:
    /// read for the failure's message and line, never shown, and not counted
    /// against the output limits (its frames name the program's scratch
    /// folder, so counting it would make what is kept depend on where the
    /// program was built). At most 256 kB each.
    private var reports: [Data]
    /// The last bytes of each cell's stderr, to find a marker split across
    /// reads, and whether each of them was kept (or dropped), to undo them.
    private var stderrTails: [Data]
    private var stderrTailsKept: [[Bool]]
    /// Text kept by the lecture's cells so far, against `lecture-output-limit`
    /// (a run from a checkpoint starts with what the kept cells above it kept).
    var keptInLecture = 0
    private var position = -1
    private(set) var current = -1
    private var started = false
    private(set) var ended = false
    private var values: [String?]
    private var thrown: [Int: String] = [:]
    private var expectedEndings: [Int: Ending] = [:]
    private(set) var violations: [String] = []
    /// Lets a live reader (`lectern run`) see each piece as it arrives.
    var live: ((Int, CellOutput) -> Void)?
    /// The preview asked for checkpoints: accept their announcements.
    var acceptsCheckpoints = false
    /// The checkpoints the program kept, by the cell they come before.
    private(set) var checkpoints: [(cell: Int, pid: Int32, address: String)] = []
    /// Why no checkpoint was kept before these cells.
    private(set) var skippedCheckpoints: [Int: String] = [:]
    /// The lecture generator's state as each cell began.
    private var randomStates: [Int: String] = [:]
    /// Cells whose last results the preview may keep, with the generator
    /// state each began with last time (`Incremental`'s reading of what the
    /// cells after an edit use); the first of them to begin with that state
    /// again is `reusedFrom`, where the run may stop.
    var reusable: [Int: Reuse] = [:]
    private(set) var reusedFrom: Int?
    /// The global digests each cell reported as it ended (`Event.value`).
    private var digests: [Int: [String: String]] = [:]
    /// The latest digest of each global in this run ("": undigestible).
    private var latestValues: [String: String] = [:]

    /// What a later cell needs to keep its last result: the generator state
    /// it began with last time, and the digests the globals it reads (of
    /// those the re-run cells set) had when it began last time.
    struct Reuse: Equatable, Sendable {
        var state: String
        var values: [String: String] = [:]
    }

    init(lecture: Lecture, order: [ProgramUnit], saveFigure: @escaping (String) throws -> String) {
        self.lecture = lecture
        self.order = order
        self.saveFigure = saveFigure
        pieces = Array(repeating: [], count: lecture.cells.count)
        dropped = Array(repeating: 0, count: lecture.cells.count)
        kept = Array(repeating: 0, count: lecture.cells.count)
        reports = Array(repeating: Data(), count: lecture.cells.count)
        stderrTails = Array(repeating: Data(), count: lecture.cells.count)
        stderrTailsKept = Array(repeating: [], count: lecture.cells.count)
        values = Array(repeating: nil, count: lecture.inlines.count)
    }

    /// Writes each figure's SVG into `displays` as `fig-N.svg`, numbered on
    /// after `count` figures already there; returns the file's name.
    static func figureWriter(into displays: URL, after count: Int = 0) -> (String) throws -> String {
        var figures = count
        return { svg in
            figures += 1
            let name = "fig-\(figures).svg"
            try Data(svg.utf8).write(to: displays.appendingPathComponent(name))
            return name
        }
    }

    static let reportMarker = Data("*** Signal ".utf8)

    /// Text the program wrote.
    mutating func text(_ stream: ProcessRun.Stream, _ data: Data) {
        guard current >= 0 else { return }
        if stream == .stderr {
            if !reports[current].isEmpty {
                if reports[current].count < 256 << 10 { reports[current].append(data.prefix((256 << 10) - reports[current].count)) }
                return
            }
            let tail = stderrTails[current]
            // Offsets from 0 (a slice of Data keeps its parent's indices).
            let joined = Data(tail) + Data(data)
            if let found = joined.range(of: Self.reportMarker) {
                // A marker begun in earlier reads: those bytes are the report's, not output.
                if found.lowerBound < tail.count { unkeep(tail.count - found.lowerBound) }
                let at = max(0, found.lowerBound - tail.count)
                let before = data.prefix(at)
                if !before.isEmpty { keep(stream, before) }
                reports[current] = Self.reportMarker + data.dropFirst(max(at, found.upperBound - tail.count))
                return
            }
            stderrTails[current] = Data(joined.suffix(Self.reportMarker.count))
        }
        keep(stream, data)
    }

    /// Takes back the last `count` bytes of the cell's stderr (kept or counted as dropped).
    private mutating func unkeep(_ count: Int) {
        let recent = stderrTailsKept[current].suffix(count)
        let droppedCount = recent.filter { !$0 }.count, keptCount = recent.count - droppedCount
        dropped[current] -= droppedCount
        guard keptCount > 0 else { return }
        kept[current] -= keptCount
        keptInLecture -= keptCount
        if let last = pieces[current].lastIndex(where: { if case .text(.stderr, _) = $0 { true } else { false } }),
           case .text(_, let text) = pieces[current][last] {
            pieces[current][last] = .text(.stderr, Data(text.dropLast(keptCount)))
        }
    }

    /// Keeps what the limits allow of `data`, and counts the rest.
    private mutating func keep(_ stream: ProcessRun.Stream, _ data: Data) {
        let room = max(0, min(lecture.cells[current].settings.outputLimit - kept[current], lecture.outputLimit - keptInLecture))
        let keep = data.count <= room ? data : Self.prefix(data, bytes: room)
        dropped[current] += data.count - keep.count
        if stream == .stderr {
            let marks = Array(repeating: true, count: min(keep.count, 16)) + Array(repeating: false, count: min(data.count - keep.count, 16))
            stderrTailsKept[current] = Array((stderrTailsKept[current] + marks).suffix(Self.reportMarker.count))
        }
        guard !keep.isEmpty else { return }
        kept[current] += keep.count
        keptInLecture += keep.count
        let last = pieces[current].count - 1
        if last >= 0, case .text(let s, var previous) = pieces[current][last], s == stream {
            // Appended in place: the piece lets go of its bytes first, so the
            // append does not copy all the text kept so far.
            pieces[current][last] = .text(stream, Data())
            previous.append(keep)
            pieces[current][last] = .text(stream, previous)
        } else {
            pieces[current].append(.text(stream, keep))
        }
        if let live { live(current, stream == .stdout ? .stdout(String(decoding: keep, as: UTF8.self)) : .stderr(String(decoding: keep, as: UTF8.self))) }
    }

    /// An event the program sent (nil: a line that is not an event).
    mutating func event(_ event: Event?) {
        guard let event else { return violation("a message that is not an event") }
        let next = order.indices.contains(position + 1) ? order[position + 1] : nil
        switch event {
        case .start:
            guard !started else { return violation("a second start") }
            started = true
        case .cell(let k):
            guard started, next == .cell(k) else { return violation("cell \(k + 1) out of order") }
            position += 1
            current = k
        case .inline(let i, let value):
            guard started, next == .inline(i) else { return violation("inline value \(i + 1) out of order") }
            position += 1
            values[i] = value
            live?(current, .inline(index: i, text: value))
        case .display(let cell, let display):
            guard cell == current, current >= 0 else { return violation("a display for cell \(cell + 1) while cell \(current + 1) runs") }
            add(display)
        case .thrown(let cell, let message):
            guard cell == current, current >= 0, lecture.cells[cell].settings.error, thrown[cell] == nil else {
                return violation("an expected error for cell \(cell + 1)")
            }
            thrown[cell] = message
        case .expectedCellEnded(let cell, let ending):
            guard cell == current, current >= 0, lecture.cells[cell].settings.error, expectedEndings[cell] == nil else {
                return violation("the end of an expected error for cell \(cell + 1)")
            }
            expectedEndings[cell] = ending
        case .end:
            guard started, !ended, next == nil else { return violation("an end before the last cell") }
            ended = true
        case .random(let cell, let state):
            guard started, cell == current, randomStates[cell] == nil else { return violation("a generator state for cell \(cell + 1) while cell \(current + 1) runs") }
            let state = String(state.prefix(200))
            randomStates[cell] = state
            if reusedFrom == nil, let reuse = reusable[cell], reuse.state == state,
               reuse.values.allSatisfy({ !$0.value.isEmpty && latestValues[$0.key] == $0.value }) { reusedFrom = cell }
        case .value(let cell, let name, let fingerprint):
            guard started, cell == current, name.utf8.count <= 200, (digests[cell]?.count ?? 0) < 10_000 else {
                return violation("a value of cell \(cell + 1) while cell \(current + 1) runs")
            }
            let digest = fingerprint.map { String($0.prefix(64)) } ?? ""
            digests[cell, default: [:]][name] = digest
            latestValues[name] = digest
        case .checkpointSkipped(let cell, let reason):
            guard acceptsCheckpoints, next == .cell(cell) else {
                return violation("a checkpoint where none was asked for")
            }
            skippedCheckpoints[cell] = String(reason.prefix(300))
        case .checkpoint(let cell, let pid, let address):
            guard acceptsCheckpoints, next == .cell(cell), pid > 0 else {
                return violation("a checkpoint where none was asked for")
            }
            checkpoints.append((cell, pid, address))
        }
    }

    private mutating func add(_ display: Display) {
        let output: DisplayOutput
        switch display {
        case .svg(let svg):
            do { output = .figure(try saveFigure(svg)) } catch {
                return violation("a figure that could not be stored (\(error))")
            }
        case .text(let text):
            output = .text(text)
            guard charge(CellOutput.display(output).keptBytes) else { return }
        case .table(let table):
            output = .table(table)
            guard charge(CellOutput.display(output).keptBytes) else { return }
        }
        pieces[current].append(.display(output))
        live?(current, .display(output))
    }

    /// Counts `bytes` of text against the limits; false (and dropped) when they are reached.
    private mutating func charge(_ bytes: Int) -> Bool {
        let room = min(lecture.cells[current].settings.outputLimit - kept[current], lecture.outputLimit - keptInLecture)
        guard bytes <= room else { dropped[current] += bytes; return false }
        kept[current] += bytes
        keptInLecture += bytes
        return true
    }

    private mutating func violation(_ what: String) {
        if violations.count < 10 { violations.append(what) }
    }

    /// At most `bytes` of `data`, not cutting a UTF-8 sequence in two.
    static func prefix(_ data: Data, bytes: Int) -> Data {
        var end = data.startIndex + bytes
        while end > data.startIndex, end < data.endIndex, data[end] & 0xC0 == 0x80 { end -= 1 }
        return data[data.startIndex..<end]
    }

    /// The results, once the program has ended as `run` says.
    func result(_ run: ProcessRun.Outcome) -> LectureResult {
        var result = LectureResult(for: lecture)
        result.inlines = values
        result.runSeconds = run.seconds
        for cell in lecture.cells {
            result.cells[cell.index].ran = order.prefix(position + 1).contains(.cell(cell.index))
        }
        var crashes: [Int: CrashReport] = [:]
        func crash(in cell: Int) -> CrashReport {
            var stderr = pieces[cell].reduce(into: Data()) { if case .text(.stderr, let d) = $1 { $0 += d } }
            if !reports[cell].isEmpty {
                if !stderr.isEmpty && stderr.last != 0x0A { stderr += Data("\n".utf8) }
                stderr += reports[cell]
            }
            return CrashReport(stderr: String(decoding: stderr, as: UTF8.self), lecturePath: Program.locationName(lecture.path))
        }
        // Expected failures, reported by the runtime once the cell's child ended.
        for (index, ending) in expectedEndings {
            let cell = lecture.cells[index]
            if ending == .exit(0) && thrown[index] == nil {
                result.cells[index].failure = CellFailure(kind: .unexpectedSuccess,
                    message: "expected this cell to fail ('error: true'), but it ran without error; remove the option or make it fail",
                    line: cell.firstLine, in: cell)
                continue
            }
            let report = crash(in: index)
            crashes[index] = report
            let message = thrown[index].map { "Error thrown: \($0)" }
                ?? (report.message.isEmpty ? Self.describe(ending, cell: cell) : report.message)
            let kind: CellFailure.Kind = ending == .signal(SIGALRM) ? .timeout : .crash
            result.cells[index].failure = CellFailure(kind: kind, message: message, line: report.line ?? cell.firstLine, in: cell, expected: true)
        }
        if !ended || !run.succeeded {
            if current >= 0 && !(ended && run.ending == .exit(0)) {
                let cell = lecture.cells[current]
                let failure: CellFailure
                if run.interrupted {
                    failure = CellFailure(kind: .crash, message: "stopped: Lectern was interrupted while this cell ran", line: cell.firstLine, in: cell)
                } else if run.timedOut {
                    failure = CellFailure(kind: .timeout, message: "the lecture ran out of time (\(Self.seconds(lecture.timeout))) in this cell; raise 'timeout' in the front matter or make the cell faster", line: cell.firstLine, in: cell)
                } else if run.ending == .signal(SIGALRM) {
                    failure = CellFailure(kind: .timeout, message: "the cell ran out of time (timeout: \(Self.seconds(cell.settings.timeout ?? 0))); raise its 'timeout' option or make it faster", line: cell.firstLine, in: cell)
                } else if run.ending == .exit(Wire.channelLostStatus) {
                    failure = CellFailure(kind: .crash, message: "this cell closed a descriptor Lectern gave the program (its event channel or lifeline, numbered 512 and up), so the run could not go on; close only descriptors the cell opened itself", line: cell.firstLine, in: cell)
                } else if case .exit(let status) = run.ending {
                    failure = CellFailure(kind: .crash, message: "the program exited with status \(status) in this cell (a call to exit()?); the cells after it did not run", line: cell.firstLine, in: cell)
                } else {
                    let report = crash(in: current)
                    crashes[current] = report
                    failure = CellFailure(kind: .crash, message: report.message.isEmpty ? Self.describe(run.ending, cell: cell) : report.message,
                                          line: report.line ?? cell.firstLine, in: cell)
                }
                result.cells[current].failure = failure
                for later in lecture.cells[(current + 1)...] where later.settings.eval && order.contains(.cell(later.index)) {
                    result.cells[later.index].failure = CellFailure(kind: .notRun, message: "not run: the cell at line \(cell.firstLine) failed", line: later.firstLine, in: later)
                }
            } else if current < 0 {
                let reason = run.timedOut ? "ran out of time before its first cell" : "ended before its first cell (\(run.ending))"
                result.errors.append(LecternError(file: lecture.path, "the lecture program \(reason)"))
            } else {
                result.errors.append(LecternError(file: lecture.path, "the lecture program ended with \(run.ending) after its last cell"))
            }
        }
        if run.timedOut { result.notCached = "the lecture ran out of time" }
        if run.interrupted { result.notCached = "Lectern was interrupted" }
        if run.ending == .signal(SIGALRM) { result.notCached = "a cell ran out of time" }
        if run.ending == .signal(SIGKILL) { result.notCached = "the program was killed from outside (out of memory?)" }
        if !violations.isEmpty {
            result.errors.append(LecternError(file: lecture.path, "the lecture program broke Lectern's event protocol (\(violations.joined(separator: "; "))); what cells print cannot do that, so something wrote to Lectern's channel"))
        }
        for cell in lecture.cells.indices {
            result.cells[cell].outputs = outputs(of: cell, cuttingStderrAt: crashes[cell]?.cut)
            result.cells[cell].randomState = randomStates[cell]
            // A preview run (one that keeps checkpoints) digests globals: a cell that began and
            // reported none records an empty set, not "not recorded".
            result.cells[cell].values = digests[cell] ?? (randomStates[cell] != nil && acceptsCheckpoints ? [:] : nil)
        }
        return result
    }

    /// The cell's pieces as outputs; stderr from byte `cut` on (a crash report) left out.
    private func outputs(of cell: Int, cuttingStderrAt cut: Int?) -> [CellOutput] {
        var outputs: [CellOutput] = []
        var stderrSeen = 0
        for piece in pieces[cell] {
            switch piece {
            case .text(.stdout, let data):
                outputs.append(.stdout(String(decoding: data, as: UTF8.self)))
            case .text(.stderr, var data):
                if let cut {
                    data = data.prefix(max(0, cut - stderrSeen))
                    stderrSeen += data.count
                }
                if !data.isEmpty { outputs.append(.stderr(String(decoding: data, as: UTF8.self))) }
            case .display(let display):
                outputs.append(.display(display))
            }
        }
        if dropped[cell] > 0 { outputs.append(.truncated(dropped[cell])) }
        return outputs
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// Words for how a cell's process ended.
    static func describe(_ ending: Ending, cell: Cell) -> String {
        let names: [Int32: String] = [SIGSEGV: "segmentation fault", SIGILL: "trap", SIGTRAP: "trap", SIGABRT: "abort",
                                      SIGFPE: "arithmetic error", SIGKILL: "killed", SIGBUS: "bus error", SIGTERM: "terminated"]
        switch ending {
        case .signal(SIGALRM): return "the cell ran out of time (timeout: \(seconds(cell.settings.timeout ?? 0)))"
        case .signal(let n): return "the cell crashed (\(names[n] ?? "signal"), signal \(n))"
        case .exit(let status): return "the cell's process exited with status \(status)"
        }
    }
}
