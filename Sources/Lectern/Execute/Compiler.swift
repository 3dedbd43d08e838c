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
        try compile(program.source, in: work, output: work.appendingPathComponent("lecture"))
    }

    /// Compiles `source` (written to `work/NAME.swift`) to `output` (nil:
    /// type-check only), with `extra` flags before the file.
    func compile(_ source: String, in work: URL, name: String = "main", output: URL?, extra: [String] = []) throws -> Outcome {
        let file = work.appendingPathComponent("\(name).swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        if let output { try? FileManager.default.removeItem(at: output) }
        var arguments = ["-Onone", "-gline-tables-only", "-swift-version", "6", "-suppress-warnings",
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
        let run = ProcessRun(executable: engine.swiftc.path, arguments: arguments, directory: work.path, timeout: 300)
        let (outcome, text) = try run.collect()
        if outcome.interrupted { throw LecternError(file: "swiftc", "stopped") }
        if outcome.timedOut {
            return Outcome(binary: nil, errors: [], otherOutput: "swiftc took longer than 300 s and was stopped", seconds: outcome.seconds)
        }
        let (errors, other) = Self.parse(text)
        return Outcome(binary: outcome.succeeded ? (output ?? file) : nil, errors: errors,
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
