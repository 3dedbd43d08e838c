#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Synchronization

/// One lecture's program kept alive by the preview, so that an edit runs
/// only from the first changed cell. A full run compiles the program as the
/// module `LectureProgram` (`-enable-testing`, its symbols exported) and
/// keeps a checkpoint before every cell (see the runtime's `Checkpoint`).
/// For an edit whose first changed cell is k, it type-checks the new full
/// program (so no name can resolve to a stale later declaration) and, at the
/// same time, compiles cells k…n as a library; the checkpoint before k forks
/// a worker that runs it. Cells 1…k−1 keep their results. Any doubt (a
/// changed seed or input, a compile error in either, a lost checkpoint) means
/// a full run.
final class Incremental: @unchecked Sendable {
    // Safe: used by one build thread at a time; `LiveSessions` takes it out
    // of its table while it runs and puts it back after.
    let courseRoot: URL
    /// This run's compiler (with its build's cancellation).
    private(set) var compiler: Compiler
    /// Kept across edits: the program, its module, checkpoint sockets, figures.
    let folder: URL
    private var group: KeptGroup?
    private var previous: (lecture: Lecture, result: LectureResult, figures: URL, inputs: String)?
    private var checkpoints: [Int: (pid: Int32, address: String)] = [:]
    /// Why the program kept no checkpoint before these cells (threads a cell left running).
    private var skipped: [Int: String] = [:]
    private var generation = 0
    /// Why the last edit could not run from a checkpoint.
    private var fallback: String?
    /// The full program's folder (its binary and the module suffixes import).
    private var programFolder: URL?
    /// Where the last run from a checkpoint stopped: a unit that did not compile.
    private var stoppedAt: ProgramUnit?
    /// How long the last run from a checkpoint's whole-program type-check took.
    private var checkSeconds = 0.0
    /// The cell from which the last run from a checkpoint kept the previous
    /// results, and whether globals' digests decided it (see `keepable`).
    private var kept: (from: Int, byValue: Bool)?

    /// The private folder (0700, made by `mkdtemp`, short enough for socket
    /// names) that holds the checkpoints' sockets, the run sockets and the
    /// edited cells' libraries: only this user can reach a checkpoint, and a
    /// checkpoint loads only a library from here (see the runtime's `Checkpoint`).
    let sockets: URL

    init(lecture: Lecture, courseRoot: URL, compiler: Compiler, state: URL) throws {
        self.courseRoot = courseRoot
        self.compiler = compiler
        folder = state.appendingPathComponent("live/\(lecture.slug)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        Teardown.using(folder)
        sockets = try Self.privateFolder()
        Teardown.using(sockets)
    }

    /// A new folder only this user can enter, under the temporary folder
    /// (or /tmp when that path is too long for socket names).
    static func privateFolder() throws -> URL {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array(((base.utf8.count <= 60 ? base : "/tmp") + "/lectern-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw LecternError.io(base, "create a private folder for the preview's checkpoints", errno: errno)
        }
        return URL(fileURLWithPath: String(cString: made))
    }

    /// Runs `lecture`, from its first changed cell when it can. A cancelled
    /// run throws `Cancellation.Cancelled` and leaves the kept program as
    /// it was before the run (a cancelled full run keeps none).
    func run(_ lecture: Lecture, compiler: Compiler, work: URL, live: ((Int, CellOutput) -> Void)?) throws -> (LectureResult, String) {
        self.compiler = compiler
        fallback = nil
        // The nearest kept checkpoint at or before the first changed cell
        // (the memory budget may have ended some; cells between re-run).
        let first = Program.order(of: lecture).first { $0.isCell }
        let changed = group == nil ? nil : restart(for: lecture)
        if let changed, let k = checkpoints.keys.filter({ $0 <= changed && ProgramUnit.cell($0) != first }).max(), let checkpoint = checkpoints[k] {
            if let result = try suffix(lecture, from: k, checkpoint: checkpoint, work: work, live: live) {
                if let stop = stoppedAt {
                    let line = if case .cell(let c) = stop { lecture.cells[c].firstLine } else { 0 }
                    return (result, "ran from the checkpoint before cell \(k + 1) up to the compile error at line \(line)")
                }
                let last = lecture.cells.last { $0.settings.eval }?.index ?? k
                let checked = String(format: ", whole program checked in %.2f s", checkSeconds)
                if let (j, byValue) = kept {
                    let ran = j - 1 == k ? "ran cell \(k + 1) from its checkpoint" : "ran cells \(k + 1)–\(j) from the checkpoint before cell \(k + 1)"
                    let kept = j == last ? "cell \(j + 1)" : "cells \(j + 1)–\(last + 1)"
                    let read = byValue ? "what they read equal by value" : "what they read unchanged"
                    return (result, ran + " and kept the last results of \(kept) (\(read), and the generator's state)" + checked)
                }
                return (result, (k == last ? "ran cell \(k + 1) from its checkpoint" : "ran cells \(k + 1)–\(last + 1) from the checkpoint before cell \(k + 1)") + checked)
            }
        }
        // No checkpoint because a cell left threads running: say so.
        if fallback == nil, let changed, let reason = skipped.filter({ $0.key <= changed }).min(by: { $0.key < $1.key }) {
            fallback = "no checkpoint before cell \(reason.key + 1): \(reason.value)"
        }
        let why = fallback
        var (result, how) = try full(lecture, work: work, live: live)
        if let why { how += " (not from a checkpoint: \(why))" }
        return (result, how)
    }

    // MARK: Memory

    /// The memory of each kept checkpoint (Linux's `/proc/PID/smaps_rollup`):
    /// its proportional share of the pages it maps (`Pss`: the shares of the
    /// whole tree add up to what the tree holds) and the pages only it holds
    /// (`Private_*`: what ending it gives back), in bytes.
    func checkpointMemory() -> [(cell: Int, pss: Int, own: Int)] {
        checkpoints.compactMap { cell, checkpoint in
            guard let text = try? String(contentsOfFile: "/proc/\(checkpoint.pid)/smaps_rollup", encoding: .utf8) else { return nil }
            var pss = 0, own = 0
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                guard parts.count >= 2, let kB = Int(parts[1]) else { continue }
                if parts[0] == "Pss:" { pss = kB * 1024 }
                if parts[0] == "Private_Clean:" || parts[0] == "Private_Dirty:" { own += kB * 1024 }
            }
            return (cell, pss, own)
        }
    }

    /// Ends the checkpoint before `cell`: an edit at or after it runs from the one before.
    func drop(checkpointBefore cell: Int) {
        guard let checkpoint = checkpoints.removeValue(forKey: cell) else { return }
        kill(checkpoint.pid, SIGKILL)
    }

    /// Ends the kept program, its checkpoints and workers, and removes the folder.
    func end() {
        group?.end()
        group = nil
        checkpoints = [:]
        Teardown.done(with: folder)
        Teardown.done(with: sockets)
    }

    // MARK: Which cell to start from

    /// What a unit is to the run: its code and the options that reach the
    /// run or the program (from the table of options).
    private static func signature(_ unit: ProgramUnit, in lecture: Lecture) -> String {
        switch unit {
        case .cell(let c):
            let cell = lecture.cells[c]
            return "cell \(c) \(cell.settings.signature)\n" + Program.codeWithoutOptionValues(cell)
        case .inline(let i):
            return "inline \(i) \(lecture.inlines[i].afterCell) " + lecture.inlines[i].expression
        }
    }

    /// The cell to start from: the first changed unit's cell (an inline
    /// expression re-runs from the cell before it); nil for a full run (a
    /// changed seed, input or lecture-wide setting that reaches the run).
    private func restart(for lecture: Lecture) -> Int? {
        guard let previous, previous.lecture.seed == lecture.seed, previous.lecture.signature == lecture.signature,
              previous.inputs == inputStamp(lecture) else { return nil }
        let old = Program.order(of: previous.lecture), new = Program.order(of: lecture)
        var first = 0
        while first < old.count, first < new.count,
              Self.signature(old[first], in: previous.lecture) == Self.signature(new[first], in: lecture) { first += 1 }
        guard first < new.count else { return nil }
        // Back to the nearest cell at or before the change.
        guard let position = new[...first].lastIndex(where: \.isCell), case .cell(let k) = new[position] else { return nil }
        // An earlier cell that uses what the edit changed (a function, type
        // or global a later cell declares) runs again too.
        guard let start = Self.firstUser(of: k, in: lecture, old: previous.lecture) else { return nil }
        // The first cell is a full run; a changed inline expression before the first cell too.
        guard start != new.first(where: \.isCell).flatMap({ if case .cell(let c) = $0 { c } else { nil } }) else { return nil }
        return start
    }

    /// The first cell whose result an edit from cell `k` may change: `k`,
    /// or an earlier cell (or the cell before an inline expression) that
    /// mentions a name the changed cells declare (see `CellNames`); nil
    /// when that is everything (an operator or conformance changed, or an
    /// inline expression before the first cell uses a changed name).
    static func firstUser(of k: Int, in lecture: Lecture, old: Lecture) -> Int? {
        let cells = lecture.cells.map { CellNames($0.code) }, oldCells = old.cells.map { CellNames($0.code) }
        // The cells from k on that differ; all of them when cells were added or removed.
        let changed = Set((k..<max(cells.count, oldCells.count)).filter { c in
            cells.count != oldCells.count || lecture.cells[c].code != old.cells[c].code
        })
        guard let reach = CellNames.reach(of: changed, in: cells, old: oldCells) else { return nil }
        guard !reach.isEmpty else { return k }
        var start = k
        for c in 0..<k where lecture.cells[c].settings.eval && reach.touches(cells[c]) {
            start = c
            break
        }
        for inline in lecture.inlines where inline.afterCell < start && reach.touches(CellNames(inline.expression)) {
            guard inline.afterCell >= 0 else { return nil }
            start = min(start, inline.afterCell)
        }
        return start
    }

    /// The cells after `k` whose last results a run from `k` may keep, each
    /// with the generator state it began with last time: the run stops at
    /// the first of them that begins with that state again, and the old
    /// results stand for it and every cell after it.
    ///
    /// A cell `j` qualifies when nothing it and the cells after it can
    /// observe may differ from the last run once the generator agrees:
    /// - the cells from `j` on, and the inline values after them, are
    ///   unchanged, and their last results hold no unexpected failure and
    ///   no truncated output (nor is the lecture near its output limit);
    /// - the lecture declares no class, actor or `static var` (state code
    ///   shares without naming it), and no operator or conformance;
    /// - none of the cells from `j` on, nor a cell declaring a function,
    ///   type or value they use (followed on through what those mention),
    ///   mentions a name the re-run cells `k..<j` declare, or a top-level
    ///   `var` that the re-run cells, or any code they call, mention.
    ///
    /// When that reading fails only on values (globals), the cell still
    /// qualifies by their digests (`_lecternValue`, recorded by the last run):
    /// - no cell from `j` on, nor one declaring a function or type they use
    ///   (followed on through what those mention), mentions a function,
    ///   type or member whose declaring statement's text an edit changed
    ///   (`CellNames.definitions`);
    /// - every global the re-run cells declare (or, as a `var`, mention
    ///   through anything they call) that those cells mention had a digest
    ///   as cell `j` began last time, and the run keeps `j` only when the
    ///   same globals have the same digests as `j` begins again
    ///   (`Transcript.Reuse`). A global with no digest (one the program
    ///   cannot name, or cannot digest whole) makes `j` not qualify.
    /// A cell that prints the time or reads a file another cell writes is
    /// outside this reading; a fresh render of such a lecture differs too.
    static func keepable(from k: Int, in lecture: Lecture, old: Lecture, oldResult: LectureResult) -> [Int: Transcript.Reuse] {
        let cells = lecture.cells.map { CellNames($0.code) }, oldCells = old.cells.map { CellNames($0.code) }
        let n = cells.count
        guard n == oldCells.count, oldResult.cells.count == n,
              !(cells + oldCells).contains(where: { $0.sharesState || $0.reachesEverywhere }),
              oldResult.cells.flatMap(\.outputs).map(\.keptBytes).reduce(0, +) <= lecture.outputLimit / 2 else { return [:] }
        // The units unchanged at the end of the program, and the cells from which the last results are clean.
        let newOrder = Program.order(of: lecture), oldOrder = Program.order(of: old)
        let sameTail = zip(newOrder.reversed(), oldOrder.reversed()).prefix { signature($0, in: lecture) == signature($1, in: old) }.count
        let cleanFrom = (oldResult.cells.lastIndex { cell in
            !(cell.failure.map(\.expected) ?? true) || cell.outputs.contains { if case .truncated = $0 { true } else { false } }
        } ?? -1) + 1
        let inlines = lecture.inlines.map { CellNames($0.expression) }
        let variables = cells.reduce(into: Set<String>()) { $0.formUnion($1.variables) }

        /// `start` and every cell declaring something they mention (only
        /// functions, types and members with `codeOnly`: reading a global
        /// runs none of its cell's code), on through what those mention.
        func closure(_ start: Set<Int>, extra: [CellNames] = [], codeOnly: Bool = false) -> Set<Int> {
            var set = start
            var mentioned = extra.reduce(into: Set<String>()) { $0.formUnion($1.mentioned) }
            var memberMentions = extra.reduce(into: Set<String>()) { $0.formUnion($1.memberMentions) }
            for c in start { mentioned.formUnion(cells[c].mentioned); memberMentions.formUnion(cells[c].memberMentions) }
            var grew = true
            while grew {
                grew = false
                for c in 0..<n where !set.contains(c) {
                    let declared = codeOnly ? cells[c].declared.subtracting(cells[c].globals) : cells[c].declared
                    guard !declared.isDisjoint(with: mentioned) || !cells[c].members.isDisjoint(with: memberMentions) else { continue }
                    set.insert(c)
                    mentioned.formUnion(cells[c].mentioned)
                    memberMentions.formUnion(cells[c].memberMentions)
                    grew = true
                }
            }
            return set
        }

        var keep: [Int: Transcript.Reuse] = [:]
        for j in max(k + 1, cleanFrom)..<max(k + 1, n) {
            guard let state = oldResult.cells[j].randomState, lecture.cells[j].settings.eval,
                  let from = newOrder.firstIndex(of: .cell(j)), newOrder.count - from <= sameTail else { continue }
            // What the re-run cells change.
            let rerun = Set(k..<j)
            var touched = CellNames.Reach()
            for c in rerun { touched.add(cells[c]); touched.add(oldCells[c]) }
            let ran = closure(rerun)
            let touchedVariables = variables.filter { v in ran.contains { cells[$0].mentioned.contains(v) || cells[$0].declared.contains(v) } }
            touched.names.formUnion(touchedVariables)
            // What the kept cells read.
            let laterInlines = lecture.inlines.indices.filter { lecture.inlines[$0].afterCell >= j }.map { inlines[$0] }
            let read = closure(Set(j..<n), extra: laterInlines)
            if !read.contains(where: { touched.touches(cells[$0]) }), !laterInlines.contains(where: touched.touches) {
                keep[j] = Transcript.Reuse(state: state)
                continue
            }
            // By value: the code they run is unchanged, and the globals they read are compared by digest.
            guard rerun.allSatisfy({ oldResult.cells[$0].values != nil }) else { continue }
            var changedCode = CellNames.Reach()
            var globals = touchedVariables
            for c in rerun {
                globals.formUnion(cells[c].globals)
                globals.formUnion(oldCells[c].globals)
                guard lecture.cells[c].code != old.cells[c].code else { continue }
                // The functions, types and members whose declaring text changed (or that only one side has).
                let now = cells[c], before = oldCells[c]
                func changed(_ name: String) -> Bool { now.definitions[name] == nil || now.definitions[name] != before.definitions[name] }
                let code = now.declared.subtracting(now.globals).union(before.declared.subtracting(before.globals))
                changedCode.names.formUnion(code.filter(changed))
                changedCode.members.formUnion(now.members.union(before.members).filter(changed))
            }
            let runs = closure(Set(j..<n), extra: laterInlines, codeOnly: true)
            guard !runs.contains(where: { changedCode.touches(cells[$0]) }), !laterInlines.contains(where: changedCode.touches) else { continue }
            let mentioned = runs.reduce(into: Set<String>()) { $0.formUnion(cells[$1].mentioned) }
                .union(laterInlines.flatMap(\.mentioned))
            // Each global they read that the re-run cells set, with its last digest before `j`.
            let needed = globals.intersection(mentioned)
            var values: [String: String] = [:]
            for name in needed {
                let latest = (k..<j).reversed().lazy.compactMap { oldResult.cells[$0].values?[name] }.first
                values[name] = latest?.isEmpty == false ? latest : nil   // "": no digest
            }
            guard values.count == needed.count else { continue }
            keep[j] = Transcript.Reuse(state: state, values: values)
        }
        return keep
    }

    /// The declared inputs as they are now (size and time of each).
    private func inputStamp(_ lecture: Lecture) -> String {
        let base = courseRoot.appendingPathComponent(lecture.path).deletingLastPathComponent()
        return lecture.frontMatter.inputs.sorted().map { input in
            let attributes = try? FileManager.default.attributesOfItem(atPath: base.appendingPathComponent(input).path)
            return "\(input) \(attributes?[.size] ?? 0) \((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        }.joined(separator: "\n")
    }

    // MARK: Full run

    private func full(_ lecture: Lecture, work: URL, live: ((Int, CellOutput) -> Void)?) throws -> (LectureResult, String) {
        group?.end()
        group = nil
        checkpoints = [:]
        skipped = [:]
        previous = nil
        generation += 1
        let generationFolder = folder.appendingPathComponent("program-\(generation)")
        if let old = programFolder { try? FileManager.default.removeItem(at: old) }
        programFolder = generationFolder
        try FileManager.default.createDirectory(at: generationFolder, withIntermediateDirectories: true)
        let program = Program(lecture: lecture)
        let binary = generationFolder.appendingPathComponent("lecture")
        let compiled = try compiler.compile(program, in: generationFolder, output: binary, extra: [
            "-module-name", Program.moduleName, "-enable-testing", "-emit-executable", "-emit-module",
            "-emit-module-path", generationFolder.appendingPathComponent("\(Program.moduleName).swiftmodule").path,
            "-Xlinker", "--export-dynamic"])
        guard compiled.binary != nil else {
            // A compile error: the batch path keeps it to its cell; no checkpoints.
            let result = try LectureExecution(lecture: lecture, compiler: compiler, courseRoot: courseRoot, work: work).run(live: live)
            return (result, "ran every cell up to the compile error")
        }
        let displays = work.appendingPathComponent("displays")
        var kept: KeptGroup?
        var (result, announced, skippedNow) = try Executor(cancel: compiler.cancel).run(binary, lecture: lecture, program: program, courseRoot: courseRoot,
                                                     displays: displays, live: live, checkpoints: sockets, keep: { kept = $0 })
        skipped = skippedNow
        result.compileSeconds = compiled.seconds
        group = kept
        for checkpoint in announced { checkpoints[checkpoint.cell] = (checkpoint.pid, checkpoint.address) }
        if group != nil { previous = (lecture, result, try keepFigures(displays), inputStamp(lecture)) }
        return (result, "ran every cell, kept \(checkpoints.count) checkpoint\(checkpoints.count == 1 ? "" : "s")")
    }

    /// A copy of this run's figures, for the cells the next edit keeps.
    private func keepFigures(_ displays: URL) throws -> URL {
        let copy = folder.appendingPathComponent("figures-\(generation)")
        try? FileManager.default.removeItem(at: copy)
        if let old = previous?.figures { try? FileManager.default.removeItem(at: old) }
        if FileManager.default.fileExists(atPath: displays.path) {
            try FileManager.default.copyItem(at: displays, to: copy)
        } else {
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        }
        return copy
    }

    // MARK: From a checkpoint

    private func suffix(_ lecture: Lecture, from k: Int, checkpoint: (pid: Int32, address: String), work: URL,
                        live: ((Int, CellOutput) -> Void)?) throws -> LectureResult? {
        guard let previous, let programFolder else { return nil }
        kept = nil
        generation += 1
        let run = folder.appendingPathComponent("run-\(generation)")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: run) }

        // Type-check the whole new program and compile the suffix, side by side.
        var suffixProgram = Program(suffixOf: lecture, from: k)
        let library = sockets.appendingPathComponent("lib\(generation).so")
        defer { try? FileManager.default.removeItem(at: library) }
        let compiler = self.compiler
        let full = Program(lecture: lecture)
        let fullSource = full.source
        let checked = Mutex<Compiler.Outcome?>(nil)
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread {
            let outcome = try? compiler.compile(fullSource, in: run, name: "check", output: nil,
                                                extra: ["-module-name", Program.moduleName])
            checked.withLock { $0 = outcome }
            group.leave()
        }
        func compileSuffix() throws -> Compiler.Outcome {
            let outcome = try compiler.compile(suffixProgram.source, in: run, name: "suffix", output: library, extra: [
                "-parse-as-library", "-emit-library", "-module-name", "LectureSuffix\(generation)", "-I", programFolder.path])
            // Whatever the umask, only this user may write what a checkpoint loads.
            chmod(library.path, 0o700)
            return outcome
        }
        var built = try compileSuffix()
        group.wait()
        checkSeconds = checked.withLock { $0?.seconds ?? 0 }
        try compiler.cancel?.check()
        // A compile error at or after the edit: run up to it from the checkpoint, as the batch path would.
        var blocking: (unit: ProgramUnit, errors: [Diagnostic])?
        stoppedAt = nil
        if let check = checked.withLock({ $0 }), check.binary == nil {
            let order = Program.order(of: lecture)
            guard let (unit, errors) = LectureExecution.firstFailure(check.errors, in: full, of: lecture).first,
                  let at = order.firstIndex(of: unit), let from = order.firstIndex(of: .cell(k)), at >= from,
                  !{ if case .cell(let c) = unit { lecture.cells[c].settings.error } else { false } }() else {
                fallback = "the whole program does not type-check"
                return nil
            }
            blocking = (unit, errors)
            stoppedAt = unit
            suffixProgram = Program(suffixOf: lecture, from: k, before: unit)
            built = try compileSuffix()
        } else if checked.withLock({ $0 == nil }) {
            fallback = "the whole program could not be type-checked"
            return nil
        }
        guard built.binary != nil else {
            fallback = "the edited cells do not compile on their own: " + (built.errors.first.map { "line \($0.line): \($0.message)" } ?? built.otherOutput.prefix(200).description)
            return nil
        }

        // The run's own pipes and sockets, which the worker opens.
        let out = run.appendingPathComponent("out").path, err = run.appendingPathComponent("err").path
        guard mkfifo(out, 0o600) == 0, mkfifo(err, 0o600) == 0 else { return nil }
        let outFD = open(out, O_RDONLY | O_NONBLOCK | O_CLOEXEC), errFD = open(err, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        defer { close(outFD); close(errFD) }
        let name = sockets.appendingPathComponent("r\(generation)").path
        guard outFD >= 0, errFD >= 0,
              let listener = LocalSocket.listening(on: name + "-events"),
              let reply = LocalSocket.datagram(boundTo: name + "-reply") else { return nil }
        defer { close(listener); close(reply) }
        guard LocalSocket.send("run\t\(library.path)\t\(run.path)\t\(name)-events\t\(name)-reply", to: checkpoint.address),
              let started = LocalSocket.receive(reply, timeout: 5), started.hasPrefix("started "),
              let worker = pid_t(started.dropFirst(8)) else {
            checkpoints[k] = nil
            fallback = "the checkpoint before cell \(k + 1) did not answer"
            return nil
        }
        guard let events = LocalSocket.accept(listener, timeout: 5) else { kill(worker, SIGKILL); return nil }
        defer { close(events) }

        // The last run's result of cell `c`, its figures copied into this run's
        // and numbered on after `figures`, as a full run would number them.
        let displays = work.appendingPathComponent("displays")
        try FileManager.default.createDirectory(at: displays, withIntermediateDirectories: true)
        func lastResult(of c: Int, figures: inout Int) throws -> CellResult {
            var cell = previous.result.cells[c]
            cell.outputs = try cell.outputs.map { output in
                guard case .display(.figure(let name)) = output else { return output }
                figures += 1
                let renamed = "fig-\(figures).svg", target = displays.appendingPathComponent(renamed)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: previous.figures.appendingPathComponent(name), to: target)
                return .display(.figure(renamed))
            }
            return cell
        }
        // Cells above k keep their results; their figures come first.
        var figures = 0
        let above = try (0..<k).map { try lastResult(of: $0, figures: &figures) }
        var transcript = Transcript(lecture: lecture, order: suffixProgram.units.map(\.unit),
                                    saveFigure: Transcript.figureWriter(into: displays, after: figures))
        transcript.live = live
        transcript.acceptsCheckpoints = true
        if blocking == nil { transcript.reusable = Self.keepable(from: k, in: lecture, old: previous.lecture, oldResult: previous.result) }
        // The lecture-wide output limit counts the kept cells' output too, as a full run would.
        transcript.keptInLecture = previous.result.cells.prefix(k).flatMap(\.outputs).map(\.keptBytes).reduce(0, +)
        func ending(_ text: String?) -> Ending? {
            guard let text, text.hasPrefix("ended "), let status = Int32(text.dropFirst(6)) else { return nil }
            return Ending(waitStatus: status)
        }
        let start = Date()
        var outcome = StreamPump.pump(
            out: outFD, err: errFD, events: events, deadline: start.addingTimeInterval(lecture.timeout), interrupted: false,
            cancel: compiler.cancel,
            ended: { ending(LocalSocket.receive(reply, timeout: 0)) },
            endNow: { kill(worker, SIGKILL); return ending(LocalSocket.receive(reply, timeout: 2)) ?? .signal(SIGKILL) },
            kill: { kill(worker, SIGKILL) },
            output: { transcript.text($0, $1) },
            event: {
                transcript.event($0)
                // The cells from here on would do what they did last time: stop, and keep their results.
                if transcript.reusedFrom != nil { kill(worker, SIGKILL) }
            })
        outcome.seconds = Date().timeIntervalSince(start)
        if compiler.cancel?.requested == true {
            // The kept checkpoints still hold the last finished run's state; the worker's new ones go.
            kill(worker, SIGKILL)
            skipped = skipped.filter { $0.key <= k }.merging(transcript.skippedCheckpoints) { $1 }
        for fresh in transcript.checkpoints { kill(fresh.pid, SIGKILL) }
            throw Cancellation.Cancelled()
        }
        var result = transcript.result(outcome)
        result.compileSeconds = built.seconds

        // Cells above k, and the inline values before it, are the kept ones.
        let order = Program.order(of: lecture)
        let position = order.firstIndex(of: .cell(k)) ?? 0
        result.cells.replaceSubrange(0..<k, with: above)
        for case .inline(let i) in order[..<position] { result.inlines[i] = previous.result.inlines[i] }
        // Cells from `reusedFrom` on, and the inline values after them, are the last run's.
        if let j = transcript.reusedFrom {
            var figures = result.cells[..<j].flatMap(\.displays).filter { if case .figure = $0 { true } else { false } }.count
            for c in j..<lecture.cells.count { result.cells[c] = try lastResult(of: c, figures: &figures) }
            for inline in lecture.inlines where inline.afterCell >= j { result.inlines[inline.index] = previous.result.inlines[inline.index] }
            result.notCached = nil
            kept = (j, !(transcript.reusable[j]?.values.isEmpty ?? true))
        }
        if let blocking {
            LectureExecution(lecture: lecture, compiler: compiler, courseRoot: courseRoot, work: work)
                .record(expected: [:], blocking: blocking, in: &result)
        }

        // Checkpoints after k hold the old state, and the worker's cannot serve: the
        // values its cells made are locals of this run's library, which the next
        // run's library cannot name (it would read the full program's globals, never
        // set there). So only the full run's checkpoints up to k stay, whose cells
        // above them are unchanged since that run, as the program the libraries
        // import declares them.
        for (cell, old) in checkpoints where cell > k {
            kill(old.pid, SIGKILL)
            checkpoints[cell] = nil
        }
        skipped = skipped.filter { $0.key <= k }
        for fresh in transcript.checkpoints { kill(fresh.pid, SIGKILL) }
        if outcome.timedOut {
            // The worker and whatever it started are gone; the group's other checkpoints stay.
            kill(worker, SIGKILL)
        }
        self.previous = (lecture, result, try keepFigures(displays), inputStamp(lecture))
        return result
    }
}
