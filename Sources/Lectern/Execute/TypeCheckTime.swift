import Foundation

/// How long Swift's type checker takes over each expression of a lecture:
/// every edit in the preview and every cold render pays it, and one
/// expression whose operators or overloads make the solver search can cost
/// a second by itself (`abs(net.predict([g])[0] / exp(…) - 1)` did, before
/// `predict(at:)`). `lectern check --type-check-limit MS` reports each
/// expression over the limit at its line; CI runs it at 100 ms.
struct TypeCheckTime: Sendable {
    /// The limit, in milliseconds.
    let limit: Int

    /// The frontend flag that makes `swiftc` warn about each expression over the limit.
    var flags: [String] { ["-Xfrontend", "-warn-long-expression-type-checking=\(limit)"] }

    /// Type-checks `program` (nothing is built) and returns each expression
    /// over the limit as an error at its lecture line. A program that does
    /// not type-check returns nothing here: its errors are the run's.
    func slowExpressions(in program: Program, of lecture: Lecture, compiler: Compiler, work: URL) throws -> [LecternError] {
        let outcome = try compiler.compile(program.source, in: work, name: "typecheck", output: nil, extra: flags, warnings: true)
        return Self.parse(outcome.warnings, file: Program.locationName(lecture.path), limit: limit)
    }

    /// The "expression took N ms to type-check" warnings among compiler
    /// output lines, as errors that say how to make the expression cheap.
    static func parse(_ lines: [String], file: String, limit: Int) -> [LecternError] {
        var found: [LecternError] = []
        for line in lines {
            guard let match = line.firstMatch(of: /^(.+?):(\d+):(\d+): warning: expression took (\d+)ms to type-check/),
                  String(match.1) == file, let number = Int(match.2), let column = Int(match.3), let ms = Int(match.4) else { continue }
            found.append(LecternError(file: file, line: number, column: column,
                "this expression took \(ms) ms to type-check (the limit is \(limit) ms), and every compile of the lecture pays it: "
                + "give its parts their types (let p: Double = …), or split it into steps"))
        }
        return found
    }
}
