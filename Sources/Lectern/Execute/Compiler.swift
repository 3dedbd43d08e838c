#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// A compiler message, located in the lecture where `#sourceLocation` allows.
struct Diagnostic: Sendable, Equatable {
    var file: String
    var line: Int
    var column: Int
    var message: String
}

/// Compiles a lecture's program with `swiftc` against the engine: no
/// optimisation (the engine is optimised already; cell code must compile
/// fast), line tables for located traps.
struct Compiler: Sendable {
    let engine: Engine
    /// Shared Clang module cache, so the C modules are built once.
    let moduleCache: URL
    /// The build's cancellation: the compiler, and the programs compiled
    /// with it (`Executor`, the preview's workers), end when it is requested.
    var cancel: Cancellation?

    /// A compiler whose Clang module cache lives under `state/module-cache`
    /// in a folder named for that absolute path and the engine: Clang's
    /// cached modules record the path they were built at, so a course that
    /// is moved, copied or restored gets a fresh cache instead of one that
    /// refuses its new path (`pruneModuleCaches` removes stale ones).
    init(engine: Engine, state: URL) {
        self.engine = engine
        moduleCache = Self.moduleCache(engine: engine, state: state)
    }

    static func moduleCache(engine: Engine, state: URL) -> URL {
        let name = String(SHA256.hex(of: Data((state.standardizedFileURL.path + "\u{0}" + engine.fingerprint).utf8)).prefix(16))
        return state.appendingPathComponent("module-cache").appendingPathComponent(name)
    }

    /// Removes the module caches under `state` other than this engine's
    /// that have not been used for a day (a moved course's, an old engine's).
    /// Once per build, not per compile.
    static func pruneModuleCaches(engine: Engine, state: URL) {
        let current = moduleCache(engine: engine, state: state)
        let parent = current.deletingLastPathComponent()
        let fm = FileManager.default
        for other in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where other != current.lastPathComponent {
            let url = parent.appendingPathComponent(other)
            if let modified = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
               modified.timeIntervalSinceNow < -86_400 { try? fm.removeItem(at: url) }
        }
    }

    /// Compiler output that says the machine failed, not the lecture: the
    /// Clang module cache is stale or broken, or the disk is full or read-only.
    static let moduleCacheSymptoms = ["module file", "module cache path", "PCH", "has been modified since the module file",
                                      "malformed or corrupted AST file", "could not build module", "precompiled file"]
    static let diskSymptoms = ["No space left on device", "Read-only file system", "Permission denied", "Disk quota exceeded"]

    struct Outcome: Sendable {
        var binary: URL?
        var errors: [Diagnostic]
        /// Compiler output that named no line (a linker failure, say).
        var otherOutput: String
        var seconds: Double
        /// The compiler's warning lines, when they were asked for.
        var warnings: [String] = []
    }

    /// Compiles `program` to `output` (default `work/lecture`): its library
    /// layout first, when it has one (compile time linear in cells), and
    /// the script layout when that does not compile, whose errors are the
    /// ones a lecturer is shown (they name the cell as Swift reads it there).
    func compile(_ program: Program, in work: URL, output: URL? = nil, extra: [String] = []) throws -> Outcome {
        let output = output ?? work.appendingPathComponent("lecture")
        guard let library = program.library else { return try compile(program.source, in: work, output: output, extra: extra) }
        let first = try compile(library, in: work, name: "lecture", output: output, extra: extra + ["-parse-as-library"])
        guard first.binary == nil else { return first }
        var second = try compile(program.source, in: work, output: output, extra: extra)
        second.seconds += first.seconds
        return second
    }

    /// Compiles `source` (written to `work/NAME.swift`) to `output` (nil:
    /// type-check only), with `extra` flags before the file. A failure that
    /// is the machine's (the compiler killed or out of time, a stale module
    /// cache, a full disk) is thrown as a set-up error, never returned as
    /// the lecture's: a stale module cache is cleared and the compile tried
    /// once more first.
    /// With `warnings`, the compiler's warnings are kept in `Outcome.warnings`
    /// (otherwise they are suppressed).
    func compile(_ source: String, in work: URL, name: String = "main", output: URL?, extra: [String] = [],
                 warnings: Bool = false) throws -> Outcome {
        let first = try compileOnce(source, in: work, name: name, output: output, extra: extra, warnings: warnings)
        guard first.binary == nil, Self.staleModuleCache(first) else { return try checked(first) }
        try? FileManager.default.removeItem(at: moduleCache)
        var second = try checked(try compileOnce(source, in: work, name: name, output: output, extra: extra, warnings: warnings))
        second.seconds += first.seconds
        return second
    }

    static func mentions(_ text: String, _ symptoms: [String]) -> Bool {
        symptoms.contains { text.contains($0) }
    }

    /// Whether a failed compile blames the Clang module cache.
    static func staleModuleCache(_ outcome: Outcome) -> Bool {
        mentions(outcome.otherOutput, moduleCacheSymptoms) || outcome.errors.contains { mentions($0.message, moduleCacheSymptoms) }
    }

    /// `outcome`, or a set-up error when what went wrong was the machine's.
    private func checked(_ outcome: Outcome) throws -> Outcome {
        guard outcome.binary == nil else { return outcome }
        if Self.staleModuleCache(outcome) || Self.mentions(outcome.otherOutput, Self.diskSymptoms) {
            throw LecternError.setup(file: "swiftc", "the compiler failed for a reason outside the lecture (not cached; fix it and run again):\n\(outcome.otherOutput)")
        }
        return outcome
    }

    private func compileOnce(_ source: String, in work: URL, name: String, output: URL?, extra: [String], warnings: Bool) throws -> Outcome {
        let file = work.appendingPathComponent("\(name).swift")
        do { try source.write(to: file, atomically: false, encoding: .utf8) } catch { throw LecternError.io(file.path, "write the lecture's program", error) }
        if let output { try? FileManager.default.removeItem(at: output) }
        // Cells are scripts: Swift 5 language mode, so top-level code never meets a concurrency
        // diagnostic (in Swift 6 mode a cell's globals are main-actor isolated, and the preview's
        // library of edited cells could not read them from a model's @Sendable closure). The
        // engine itself is built in Swift 6 mode with strict concurrency.
        var arguments = ["-Onone", "-gline-tables-only", "-swift-version", "5"] + (warnings ? [] : ["-suppress-warnings"]) + [
                         "-module-cache-path", moduleCache.path,
                         "-I", engine.directory.appendingPathComponent("Modules").path]
        for map in engine.moduleMaps { arguments += ["-Xcc", "-fmodule-map-file=\(map.path)"] }
        for directory in Engine.cHeaderDirectories { arguments += ["-Xcc", "-I\(directory)"] }
        arguments += extra
        if let output {
            arguments += ["-L", engine.directory.path, "-lLectureRuntime",
                          "-Xlinker", "-rpath", "-Xlinker", engine.directory.path, file.path, "-o", output.path]
        } else {
            arguments += ["-typecheck", file.path]
        }
        try cancel?.check()
        var run = ProcessRun(executable: engine.swiftc.path, arguments: arguments, directory: work.path, timeout: 300)
        run.cancel = cancel
        let (outcome, text) = try run.collect()
        try cancel?.check()
        if outcome.interrupted { throw LecternError.interrupted }
        if outcome.timedOut {
            throw LecternError.setup(file: "swiftc", "the compiler took longer than 300 s and was stopped (a busy machine?); not cached, run again")
        }
        if case .signal(let number) = outcome.ending {
            throw LecternError.setup(file: "swiftc", "the compiler was ended by signal \(number) (\(String(cString: strsignal(number)))); out of memory? Not cached: run again")
        }
        let (errors, other) = Self.parse(text)
        return Outcome(binary: outcome.succeeded ? (output ?? file) : nil, errors: errors,
                       otherOutput: outcome.succeeded ? "" : other, seconds: outcome.seconds,
                       warnings: warnings ? text.split(separator: "\n").filter { $0.contains(": warning: ") }.map(String.init) : [])
    }

    /// Reads `file:line:col: error: message` lines (notes and warnings are dropped).
    static func parse(_ output: String) -> ([Diagnostic], String) {
        var errors: [Diagnostic] = []
        var other: [Substring] = []
        for line in output.split(separator: "\n") {
            if let match = line.firstMatch(of: /^(.+?):(\d+):(\d+): error: (.*)$/),
               let number = Int(match.2), let column = Int(match.3) {
                let d = Diagnostic(file: String(match.1), line: number, column: column, message: String(match.4))
                if !errors.contains(d) { errors.append(d) }
            } else if !line.hasPrefix(" "), !line.contains(": note:"), !line.contains(": warning:"),
                      line.firstMatch(of: /^\s*\d* *\|/) == nil {
                other.append(line)
            }
        }
        return (errors, other.joined(separator: "\n"))
    }
}
