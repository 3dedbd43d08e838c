import Foundation
import Synchronization

/// What building one lecture gave.
public struct LectureOutcome: Sendable {
    public var path: String
    /// The parsed lecture (nil when it could not be parsed).
    public var lecture: Lecture?
    public var result: LectureResult?
    /// The result's figures: file name → sanitised SVG ("" for one that was not well-formed).
    public var figures: [String: String] = [:]
    /// The cache entry the result is stored in.
    public var entry: URL?
    /// Parse errors and unexpected cell failures, located.
    public var errors: [LecternError] = []
    /// The result came from a store: nothing was compiled or run.
    public var cached = false
    /// Which store it came from, when not the local one ("frozen", "remote").
    public var store: String?
    /// The frozen entry in use no longer matches the lecture's cells
    /// (`freeze: true`), or `check` found a stale one.
    public var staleFrozen = false
    /// How it ran, when the preview says (e.g. "ran cells 12–14").
    public var how: String?
    /// Not run yet (a cold preview's first page, from the cache only): the
    /// page shows the text and says the cells are running.
    public var pending = false

    public var failed: Bool { errors.contains { !$0.isWarning } }
    /// Something outside the lecture failed (a disk, a permission, the compiler, a stop).
    public var setupFailed: Bool { errors.contains(where: \.isSetup) }
}

/// Builds lectures (parse, cache lookup, compile, run), several at a time.
/// Each lecture is independent: one that fails never stops the others.
public struct CourseBuild: Sendable {
    public let course: Course
    public var jobs: Int
    public var useCache: Bool
    /// Hears each cell's output as it is produced (or replayed from the
    /// cache), by cell index: how `lectern run` streams. Use with one job.
    public var live: (@Sendable (Lecture, Int, CellOutput) -> Void)?
    /// The preview's kept programs: on a cache miss, run from the first changed cell.
    var sessions: LiveSessions?
    /// Ends the build's programs early when requested (the preview's newer
    /// save); a cancelled lecture's outcome is to be thrown away, and nothing
    /// of it is cached.
    var cancel: Cancellation?
    /// Take results from the cache only; a lecture that is not there is
    /// `pending`, not run (the preview's first page on a cold course).
    var cacheOnly = false
    /// Also type-check each lecture's program and report every expression
    /// that takes longer than this many milliseconds (`TypeCheckTime`).
    public var typeCheckLimit: Int?
    /// A shared cache to read (after the local store and the frozen folder)
    /// and to store results in.
    public var remote: RemoteCache?

    public init(course: Course, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, useCache: Bool = true) {
        self.course = course
        self.jobs = max(1, jobs)
        self.useCache = useCache
    }

    /// Builds `paths` (relative to the course root); `progress` hears of each
    /// lecture as it finishes. Outcomes come back in the order of `paths`.
    public func build(_ paths: [String], progress: @escaping @Sendable (LectureOutcome) -> Void = { _ in }) -> [LectureOutcome] {
        let engine: Result<Engine, LecternError>
        do { engine = .success(try Engine.locate()) } catch let error as LecternError {
            engine = .failure(error)
        } catch { engine = .failure(LecternError.io("engine", "find the engine", error)) }
        // Stored results are found by the engine's fingerprint alone: a machine without a compiler still reads them.
        let fingerprint = (try? engine.get())?.fingerprint ?? (try? Engine.locateFingerprint())
        for folder in ["work", "live"] { Teardown.clearStale(in: course.stateDirectory.appendingPathComponent(folder)) }
        if case .success(let found) = engine { Compiler.pruneModuleCaches(engine: found, state: course.stateDirectory) }
        let state = BuildState(count: paths.count)
        let order = startOrder(paths)
        let group = DispatchGroup()
        for _ in 0..<min(jobs, paths.count) {
            group.enter()
            Thread.detachNewThread {
                while let k = state.take() {
                    let i = order[k]
                    let outcome = buildOne(paths[i], engine: { try engine.get() }, fingerprint: fingerprint)
                    state.finish(i, outcome)
                    progress(outcome)
                }
                group.leave()
            }
        }
        group.wait()
        return state.outcomes
    }

    /// The indices of `paths` in the order to start them: with several
    /// threads, longest first by the last known times (`Timings`), so that a
    /// long lecture does not start last and run alone while the other
    /// threads idle; a course with no times yet goes by the size of its
    /// cells' code (`Timings.codeSizes`), largest first; ties go by path.
    func startOrder(_ paths: [String]) -> [Int] {
        guard jobs > 1, paths.count > 1 else { return Array(paths.indices) }
        let recorded = Timings.load(state: course.stateDirectory, remote: remote)
        let known = paths.contains { recorded.seconds[$0] != nil }
        let ranked = (known ? recorded : Timings.codeSizes(paths, course: course)).longestFirst(paths)
        let rank = Dictionary(ranked.enumerated().map { ($1.path, $0) }, uniquingKeysWith: min)
        return paths.indices.sorted { (rank[paths[$0]] ?? 0, $0) < (rank[paths[$1]] ?? 0, $1) }
    }

    /// Builds one lecture.
    func buildOne(_ path: String, engine: () throws -> Engine, fingerprint: String?) -> LectureOutcome {
        var outcome = LectureOutcome(path: path)
        do {
            guard !path.hasPrefix("/") else {
                throw LecternError(file: path, "this lecture is outside the course at \(course.root.path); give --course, or copy the lecture into the course")
            }
            let url = course.root.appendingPathComponent(path)
            guard let source = SourceText.read(url) else {
                throw LecternError(file: path, "cannot read this lecture (is the path right, and is it UTF-8 text?)")
            }
            let lecture = path.hasSuffix(".swift") ? try StudentProgram.lecture(ofSwift: source, path: path)
                                                   : try Lecture(source: source, path: path, course: course.config, root: course.root)
            outcome.lecture = lecture
            let found = try execute(lecture, engine: engine, fingerprint: fingerprint)
            let result = found.entry.result
            outcome.how = found.how
            outcome.result = result
            outcome.figures = found.entry.figures
            outcome.entry = found.folder
            outcome.cached = found.store != nil
            outcome.store = found.store == "local" ? nil : found.store
            outcome.staleFrozen = found.stale
            outcome.errors = lecture.warnings + result.failures(of: lecture).map(lecture.locate) + (found.storing.map { [$0] } ?? [])
            if found.stale {
                outcome.errors.append(.warning(file: lecture.path, "rendered from frozen results made from an earlier text of its cells (execute: freeze: true); run 'lectern freeze \(lecture.path)' to refresh them"))
            }
            if let limit = typeCheckLimit {
                outcome.errors += try inScratch(lecture) { work in
                    try TypeCheckTime(limit: limit).slowExpressions(in: Program(lecture: lecture), of: lecture,
                                                                    compiler: Compiler(engine: try engine(), state: course.stateDirectory), work: work)
                }
            }
        } catch is NotInCache {
            outcome.pending = true
        } catch let error as LecternError {
            outcome.errors.append(error)
        } catch let errors as LecternErrors {
            outcome.errors += errors.all
        } catch {
            outcome.errors.append(LecternError.io(path, "build this lecture", error))
        }
        return outcome
    }

    /// What `execute` found or made.
    struct Found {
        var entry: Cache.Entry
        /// The local store's entry folder, when the result is stored there.
        var folder: URL?
        /// Where it came from: "local", "frozen" or "remote"; nil when it ran.
        var store: String?
        var how: String?
        /// A warning: a good result that could not be stored.
        var storing: LecternError?
        /// A frozen entry of an earlier text (`freeze: true`).
        var stale = false
    }

    /// The lecture's result, from the first store that has it (the local
    /// store, the frozen folder when the lecture reads it, the remote cache;
    /// a remote hit is copied into the local store), or by compiling and
    /// running it; with a warning when a good result could not be stored (a
    /// read-only or full cache: the page is built from the result held in
    /// memory). A result that depends on the machine (`notCached`) is never
    /// stored, and nothing is stored once Lectern is stopping. A lecture
    /// served from the frozen folder needs no engine and no compiler.
    func execute(_ lecture: Lecture, engine locate: () throws -> Engine, fingerprint: String?) throws -> Found {
        let program = Program(lecture: lecture)
        let cache = Cache(directory: course.stateDirectory.appendingPathComponent("cache"))
        let digest = try Cache.digest(of: lecture, program: program, courseRoot: course.root)
        let key = fingerprint.map { Cache.key(content: digest, fingerprint: $0) }
        if useCache, let stored = lookup(lecture, key: key, digest: digest, cache: cache) {
            if let live { Self.replay(stored.entry.result, of: lecture) { live(lecture, $0, $1) } }
            return stored
        }
        guard !Teardown.stopping else { throw LecternError.interrupted }
        if cacheOnly { throw NotInCache() }
        let found = try locate()
        return try inScratch(lecture) { work in
            try execute(lecture, program: program, key: Cache.key(content: digest, fingerprint: found.fingerprint), cache: cache, engine: found, work: work)
        }
    }

    /// The first store that has the result: the local store, the frozen
    /// folder (when the lecture reads it), the remote (a hit copied into the
    /// local store); nil when none has it.
    private func lookup(_ lecture: Lecture, key: String?, digest: String, cache: Cache) -> Found? {
        if let key, let stored = cache.lookup(key) {
            return Found(entry: stored, folder: cache.directory.appendingPathComponent(key), store: "local")
        }
        if lecture.freeze != .never {
            switch Frozen(courseRoot: course.root).lookup(lecture.path, digest: digest) {
            case .fresh(let frozen): return Found(entry: frozen, store: "frozen")
            case .stale(let frozen) where lecture.freeze == .always: return Found(entry: frozen, store: "frozen", stale: true)
            default: break
            }
        }
        if let key, let remote, let fetched = remote.fetch(key) {
            let kept = (try? cache.store(fetched, key: key)) != nil
            return Found(entry: fetched, folder: kept ? cache.directory.appendingPathComponent(key) : nil, store: "remote")
        }
        return nil
    }

    /// `body` with a fresh scratch folder for `lecture` under the state
    /// folder's `work/`, removed after (and by a stop).
    private func inScratch<T>(_ lecture: Lecture, _ body: (URL) throws -> T) throws -> T {
        let work = course.stateDirectory.appendingPathComponent("work")
            .appendingPathComponent("\(lecture.slug)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        Teardown.using(work)
        defer { Teardown.done(with: work) }
        do { try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true) } catch {
            throw LecternError.io(work.path, "create a scratch folder", error)
        }
        return try body(work)
    }

    /// A cache miss: compile and run in `work`, and store the result.
    private func execute(_ lecture: Lecture, program: Program, key: String, cache: Cache, engine: Engine, work: URL) throws -> Found {
        var compiler = Compiler(engine: engine, state: course.stateDirectory)
        compiler.cancel = cancel
        let perCell = live.map { live in { live(lecture, $0, $1) } }
        var how: String?
        let result: LectureResult
        if let sessions {
            (result, how) = try sessions.run(lecture, compiler: compiler, work: work, live: perCell)
        } else {
            result = try LectureExecution(lecture: lecture, compiler: compiler, courseRoot: course.root, work: work).run(live: perCell)
        }
        if Teardown.stopping { throw LecternError.interrupted }
        try cancel?.check()
        let computed = Cache.entry(for: result, displays: work.appendingPathComponent("displays"))
        if result.notCached != nil { return Found(entry: computed, how: how) }
        do {
            try cache.store(computed, key: key)
        } catch let error as LecternError where !Teardown.stopping {
            return Found(entry: computed, how: how, storing: .warning(file: error.file, "\(error.message); this run's result is used but not cached"))
        }
        if !Teardown.stopping { remote?.put(computed, key: key) }
        return Found(entry: computed, folder: cache.directory.appendingPathComponent(key), how: how)
    }

    /// Stores the results of `outcomes` in the frozen folder (`lectern
    /// freeze`), each under its lecture's content digest; a result that
    /// depends on the machine (a timeout) or a lecture that did not build is
    /// left out. Returns the paths frozen.
    public func freeze(_ outcomes: [LectureOutcome]) throws -> [String] {
        let frozen = Frozen(courseRoot: course.root)
        var done: [String] = []
        for outcome in outcomes {
            guard let lecture = outcome.lecture, let result = outcome.result, result.notCached == nil, !outcome.pending, !outcome.setupFailed else { continue }
            guard !Teardown.stopping else { throw LecternError.interrupted }
            let digest = try Cache.digest(of: lecture, program: Program(lecture: lecture), courseRoot: course.root)
            try frozen.store(Cache.Entry(result: result, figures: outcome.figures), path: lecture.path, digest: digest)
            done.append(lecture.path)
        }
        return done
    }

    /// Whether the frozen folder's entry for `lecture` was made from its
    /// current cells, options, seed and inputs; nil when it has none.
    public func frozenIsCurrent(_ lecture: Lecture) -> Bool? {
        guard let digest = try? Cache.digest(of: lecture, program: Program(lecture: lecture), courseRoot: course.root) else { return nil }
        switch Frozen(courseRoot: course.root).lookup(lecture.path, digest: digest) {
        case .fresh: return true
        case .stale: return false
        case .none: return nil
        }
    }

    /// Removes the least recently used entries of the local store past the
    /// course's budget (`cache: size:`); returns how many entries and bytes went.
    @discardableResult
    public func pruneLocalStore() -> (entries: Int, bytes: Int) {
        Cache(directory: course.stateDirectory.appendingPathComponent("cache")).prune(budget: course.config.cache.size)
    }

    /// A `cacheOnly` build's miss.
    struct NotInCache: Error {}

    /// Hands a stored result to a live reader, piece by piece, with each
    /// inline value where it stands (before the first cell below it), as a
    /// run tells them.
    static func replay(_ result: LectureResult, of lecture: Lecture, _ live: (Int, CellOutput) -> Void) {
        var inline = 0
        func inlines(before line: Int, cell: Int) {
            while inline < lecture.inlines.count, lecture.inlines[inline].line < line {
                if inline < result.inlines.count, let text = result.inlines[inline] { live(cell, .inline(index: inline, text: text)) }
                inline += 1
            }
        }
        for (index, cell) in result.cells.enumerated() {
            if index < lecture.cells.count { inlines(before: lecture.cells[index].firstLine, cell: index - 1) }
            for output in cell.outputs { live(index, output) }
        }
        inlines(before: Int.max, cell: result.cells.count - 1)
    }
}

/// The work queue and results that a build's threads share.
private final class BuildState: Sendable {
    private let next = Atomic<Int>(0)
    private let count: Int
    private let results: Mutex<[LectureOutcome?]>

    init(count: Int) {
        self.count = count
        results = Mutex(Array(repeating: nil, count: count))
    }

    /// The index of the next lecture to build, or nil when all are taken.
    func take() -> Int? {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return i < count ? i : nil
    }

    func finish(_ i: Int, _ outcome: LectureOutcome) {
        results.withLock { $0[i] = outcome }
    }

    var outcomes: [LectureOutcome] { results.withLock { $0.map { $0! } } }
}
