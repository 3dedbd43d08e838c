import Foundation

/// Compiles and runs one lecture, keeping a compile error to its cell: with
/// an error in cell k, the program of cells 1…k−1 still compiles and runs,
/// cell k shows the error and later cells say they did not run. A compile
/// error inside an `error: true` cell is an expected failure: the program is
/// compiled without that cell and the rest runs.
struct LectureExecution {
    let lecture: Lecture
    let compiler: Compiler
    let courseRoot: URL
    /// Scratch folder: sources, binary, figures.
    let work: URL

    func run(live: ((Int, CellOutput) -> Void)? = nil) throws -> LectureResult {
        var excluded: Set<ProgramUnit> = []
        var stop: ProgramUnit?
        var expected: [Int: [Diagnostic]] = [:]
        var blocking: (unit: ProgramUnit, errors: [Diagnostic])?
        var compileSeconds = 0.0
        let order = Program.order(of: lecture)
        for _ in 0...(order.count + 1) {
            let program = Program(lecture: lecture, leavingOut: excluded, before: stop)
            let compiled = try compiler.compile(program, in: work)
            compileSeconds += compiled.seconds
            if let binary = compiled.binary {
                var result = try Executor(cancel: compiler.cancel).run(binary, lecture: lecture, program: program, courseRoot: courseRoot,
                                                displays: work.appendingPathComponent("displays"), live: live)
                result.compileSeconds = compileSeconds
                record(expected: expected, blocking: blocking, in: &result)
                return result
            }
            let (failing, elsewhere) = Self.firstFailure(compiled.errors, in: program, of: lecture)
            guard let (first, errors) = failing else {
                var result = LectureResult(for: lecture)
                result.compileSeconds = compileSeconds
                let detail = elsewhere.isEmpty ? compiled.otherOutput
                    : elsewhere.map { "\($0.file):\($0.line):\($0.column): \($0.message)" }.joined(separator: "\n")
                result.errors.append(LecternError(file: lecture.path, "the lecture did not compile:\n\(detail)"))
                record(expected: expected, blocking: blocking, in: &result)
                return result
            }
            if case .cell(let c) = first, lecture.cells[c].settings.error {
                expected[c] = errors
                excluded.insert(first)
            } else {
                blocking = (first, errors)
                stop = first
            }
        }
        throw LecternError(file: lecture.path, "the lecture kept failing to compile in new places; this is a bug in Lectern")
    }

    /// The first unit (in the lecture's order) that `errors` name, with its
    /// errors; and the errors that name no unit (they belong to the lecture).
    static func firstFailure(_ errors: [Diagnostic], in program: Program, of lecture: Lecture)
        -> (first: (unit: ProgramUnit, errors: [Diagnostic])?, elsewhere: [Diagnostic]) {
        var byUnit: [ProgramUnit: [Diagnostic]] = [:]
        var elsewhere: [Diagnostic] = []
        for error in errors {
            if error.file == Program.locationName(lecture.path), let unit = program.unit(at: error.line) {
                byUnit[unit, default: []].append(error)
            } else {
                elsewhere.append(error)
            }
        }
        let first = Program.order(of: lecture).first { byUnit[$0] != nil }
        return (first.map { ($0, byUnit[$0]!) }, elsewhere)
    }

    /// Puts the compile failures on their cells and inline expressions, and
    /// marks what the first one kept from running.
    func record(expected: [Int: [Diagnostic]], blocking: (unit: ProgramUnit, errors: [Diagnostic])?, in result: inout LectureResult) {
        for (c, errors) in expected {
            result.cells[c].failure = failure(errors, in: lecture.cells[c], expected: true)
        }
        guard let (unit, errors) = blocking else { return }
        let line: Int
        switch unit {
        case .cell(let c):
            let cell = lecture.cells[c]
            result.cells[c].failure = failure(errors, in: cell, expected: false)
            line = cell.firstLine
        case .inline(let i):
            result.inlineErrors.append(InlineError(index: i, message: errors.map(\.message).joined(separator: "\n")))
            line = lecture.inlines[i].line
        }
        let order = Program.order(of: lecture)
        guard let position = order.firstIndex(of: unit) else { return }
        for case .cell(let later) in order[(position + 1)...] where result.cells[later].failure == nil {
            let cell = lecture.cells[later]
            result.cells[later].failure = CellFailure(kind: .notRun, message: "not run: the \(unit.isCell ? "cell" : "inline expression") at line \(line) failed to compile",
                                                      line: cell.firstLine, in: cell)
        }
    }

    private func failure(_ errors: [Diagnostic], in cell: Cell, expected: Bool) -> CellFailure {
        let first = errors[0]
        var failure = CellFailure(kind: .compile, message: first.message, line: first.line, column: first.column, in: cell, expected: expected)
        let further = errors.dropFirst().map { CellFailure.FurtherError(offset: $0.line - cell.firstLine, column: $0.column, message: $0.message) }
        if !further.isEmpty { failure.further = further }
        return failure
    }
}

extension ProgramUnit {
    var isCell: Bool { if case .cell = self { true } else { false } }
}
