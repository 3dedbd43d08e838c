import Foundation
import Synchronization

/// What building one lecture gave.
public struct LectureOutcome: Sendable {
    public var path: String
    /// The parsed lecture (nil when it could not be parsed).
    public var lecture: Lecture?
    public var result: LectureResult?
    /// Where the result's figure files are.
    public var resultDirectory: URL?
    /// Parse errors and unexpected cell failures, located.
    public var errors: [LecternError] = []
    /// The result came from the cache: nothing was compiled or run.
    public var cached = false

    public var failed: Bool { !errors.isEmpty }
}

/// Builds lectures (parse, cache lookup, compile, run), several at a time.
/// Each lecture is independent: one that fails never stops the others.
public struct CourseBuild: Sendable {
    public let course: Course
    public var jobs: Int
    public var useCache: Bool

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
        } catch { engine = .failure(LecternError(file: "engine", "\(error)")) }
        let state = BuildState(count: paths.count)
        let group = DispatchGroup()
        for _ in 0..<min(jobs, paths.count) {
            group.enter()
            Thread.detachNewThread {
                while let i = state.take() {
                    let outcome = buildOne(paths[i], engine: { try engine.get() })
                    state.finish(i, outcome)
                    progress(outcome)
                }
                group.leave()
            }
        }
        group.wait()
        return state.outcomes
    }

    /// Builds one lecture.
    func buildOne(_ path: String, engine: () throws -> Engine) -> LectureOutcome {
        var outcome = LectureOutcome(path: path)
        do {
            guard !path.hasPrefix("/") else {
                throw LecternError(file: path, "give lectures by their path inside the course (\(course.root.path)); run lectern from the course directory, or copy the lecture into it")
            }
            let url = course.root.appendingPathComponent(path)
            guard let source = try? String(contentsOf: url, encoding: .utf8) else {
                throw LecternError(file: path, "cannot read this lecture (is the path right, and is it UTF-8 text?)")
            }
            let lecture = try Lecture(source: source, path: path, course: course.config)
            outcome.lecture = lecture
            let (result, directory, cached) = try execute(lecture, engine: try engine())
            outcome.result = result
            outcome.resultDirectory = directory
            outcome.cached = cached
            outcome.errors = result.failures(of: lecture)
        } catch let error as LecternError {
            outcome.errors.append(error)
        } catch {
            outcome.errors.append(LecternError(file: path, "\(error)"))
        }
        return outcome
    }

    /// The lecture's result: from the cache, or by compiling and running it.
    func execute(_ lecture: Lecture, engine: Engine) throws -> (LectureResult, URL, cached: Bool) {
        let program = Program(lecture: lecture)
        let cache = Cache(directory: course.stateDirectory.appendingPathComponent("cache"))
        let key = try cache.key(for: lecture, program: program, engine: engine, courseRoot: course.root)
        if useCache, let (result, entry) = cache.lookup(key, layout: program.layout) {
            return (result, entry, true)
        }
        let fm = FileManager.default
        let work = course.stateDirectory.appendingPathComponent("work/\(lecture.slug)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let compiler = Compiler(engine: engine, moduleCache: course.stateDirectory.appendingPathComponent("module-cache"))
        let compiled = try compiler.compile(program, in: work)
        let result: LectureResult
        if let binary = compiled.binary {
            result = try Executor().run(binary, lecture: lecture, layout: program.layout, courseRoot: course.root, work: work,
                                       compileSeconds: compiled.seconds)
        } else {
            result = Self.compileFailure(lecture, compiled, layout: program.layout)
        }
        let entry = try cache.store(result, displays: work.appendingPathComponent("displays"), key: key)
        return (result, entry, false)
    }

    /// A result for a lecture that did not compile: each error on its cell.
    static func compileFailure(_ lecture: Lecture, _ compiled: Compiler.Outcome, layout: [Int]) -> LectureResult {
        var result = LectureResult(cells: Array(repeating: CellResult(), count: lecture.cells.count),
                                   inlines: Array(repeating: nil, count: lecture.inlines.count),
                                   errors: [], compileSeconds: compiled.seconds, runSeconds: 0, layout: layout)
        for error in compiled.errors {
            if error.file == lecture.path,
               let cell = lecture.cells.first(where: { $0.settings.eval && (($0.firstLine)...($0.lastLine)).contains(error.line) }) {
                let message = "\(error.message)"
                if let existing = result.cells[cell.index].failure {
                    result.cells[cell.index].failure?.message = existing.message + "\n\(lecture.path):\(error.line):\(error.column): error: " + message
                } else {
                    result.cells[cell.index].failure = CellFailure(kind: .compile, message: message, line: error.line, in: cell)
                }
            } else if error.file == lecture.path {
                let what = lecture.inlines.contains { $0.line == error.line } ? "inline expression: " : ""
                result.errors.append(LecternError(file: lecture.path, line: error.line, what + error.message))
            } else {
                result.errors.append(LecternError(file: error.file, line: error.line, error.message))
            }
        }
        if compiled.errors.isEmpty {
            result.errors.append(LecternError(file: lecture.path, "the lecture did not compile:\n\(compiled.otherOutput)"))
        }
        return result
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

extension LectureOutcome {
    /// `@fig-…` references in prose that no figure answers.
    public var referenceErrors: [LecternError] {
        guard let lecture, result != nil else { return [] }
        return Page(lecture: lecture, result: result, resultDirectory: resultDirectory).errors
    }
}
