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

    struct Outcome: Sendable {
        var binary: URL?
        var errors: [Diagnostic]
        /// Compiler output that named no line (a linker failure, say).
        var otherOutput: String
        var seconds: Double
    }

    func compile(_ program: Program, in work: URL) throws -> Outcome {
        let source = work.appendingPathComponent("main.swift")
        try program.source.write(to: source, atomically: true, encoding: .utf8)
        let binary = work.appendingPathComponent("lecture")
        try? FileManager.default.removeItem(at: binary)
        var arguments = ["-Onone", "-gline-tables-only", "-swift-version", "6", "-suppress-warnings",
                         "-module-cache-path", moduleCache.path,
                         "-I", engine.directory.appendingPathComponent("Modules").path]
        for map in engine.moduleMaps { arguments += ["-Xcc", "-fmodule-map-file=\(map.path)"] }
        arguments += ["-L", engine.directory.path, "-lLectureRuntime",
                      "-Xlinker", "-rpath", "-Xlinker", engine.directory.path,
                      source.path, "-o", binary.path]
        let run = ProcessRun(executable: engine.swiftc.path, arguments: arguments, directory: work.path, timeout: 300)
        let (outcome, output) = try run.collect()
        if outcome.interrupted { throw LecternError(file: "swiftc", "stopped") }
        if outcome.timedOut {
            return Outcome(binary: nil, errors: [], otherOutput: "swiftc took longer than 300 s and was stopped", seconds: outcome.seconds)
        }
        let (errors, other) = Self.parse(output)
        return Outcome(binary: outcome.succeeded ? binary : nil, errors: errors,
                       otherOutput: outcome.succeeded ? "" : other, seconds: outcome.seconds)
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
