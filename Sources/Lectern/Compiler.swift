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
        var arguments = ["-Onone", "-gline-tables-only", "-swift-version", "6", "-suppress-warnings",
                         "-module-cache-path", moduleCache.path,
                         "-I", engine.directory.appendingPathComponent("Modules").path]
        for map in engine.moduleMaps { arguments += ["-Xcc", "-fmodule-map-file=\(map.path)"] }
        arguments += ["-L", engine.directory.path, "-lLectureRuntime",
                      "-Xlinker", "-rpath", "-Xlinker", engine.directory.path,
                      source.path, "-o", binary.path]
        let log = work.appendingPathComponent("compile.log")
        let result = try ChildProcess.run(engine.swiftc, arguments: arguments, directory: work,
                                          stdout: log, stderr: log, timeout: 300)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let (errors, other) = Self.parse(output)
        return Outcome(binary: result.succeeded ? binary : nil, errors: errors,
                       otherOutput: result.succeeded ? "" : other, seconds: result.seconds)
    }

    /// Reads `file:line:col: error: message` lines (notes and warnings are dropped).
    static func parse(_ output: String) -> ([Diagnostic], String) {
        var errors: [Diagnostic] = []
        var other: [Substring] = []
        for line in output.split(separator: "\n") {
            if let match = line.firstMatch(of: /^(.+?):(\d+):(\d+): error: (.*)$/) {
                let d = Diagnostic(file: String(match.1), line: Int(match.2)!, column: Int(match.3)!, message: String(match.4))
                if !errors.contains(d) { errors.append(d) }
            } else if !line.hasPrefix(" "), !line.contains(": note:"), !line.contains(": warning:"),
                      line.firstMatch(of: /^\s*\d* *\|/) == nil {
                other.append(line)
            }
        }
        return (errors, other.joined(separator: "\n"))
    }
}
