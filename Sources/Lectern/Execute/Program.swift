import LecternProtocol

/// A part of a lecture's program: a cell or an inline expression.
enum ProgramUnit: Hashable, Sendable {
    case cell(Int)
    case inline(Int)
}

/// The Swift program of one lecture: its cells in order, in one top-level
/// scope, each preceded by a runtime cell marker and a `#sourceLocation`
/// naming the lecture's own file and line, so that compiler errors and traps
/// point at the lecture. A program may leave units out (cells expected to
/// fail to compile) or stop before one (the first that does not compile), so
/// that everything above a compile error still runs.
struct Program: Sendable {
    /// The source handed to `swiftc` (the script layout: one `main.swift`).
    let source: String
    /// The same program in the library layout, tried first (see
    /// `library(_:of:)`); nil for a suffix. Made only when compiled: a cached
    /// render needs the script layout's text alone (the cache key).
    var library: String? { laidOut.flatMap { Self.library(units.map(\.unit), of: $0) } }
    /// The lecture whose program this is, for `library` (nil for a suffix).
    private var laidOut: Lecture?
    /// The source with every line number set to 0: what the cache key hashes,
    /// so that a prose edit that moves cells does not invalidate the cache.
    let layoutFreeSource: String
    /// The units in the program, in order, with the file lines each covers.
    let units: [(unit: ProgramUnit, lines: ClosedRange<Int>)]

    /// Every unit of `lecture` that runs (cells with `eval`, inline
    /// expressions), in the order the program evaluates them.
    static func order(of lecture: Lecture) -> [ProgramUnit] {
        var order = lecture.inlines.filter { $0.afterCell == -1 }.map { ProgramUnit.inline($0.index) }
        for cell in lecture.cells {
            if cell.settings.eval { order.append(.cell(cell.index)) }
            order += lecture.inlines.filter { $0.afterCell == cell.index }.map { .inline($0.index) }
        }
        return order
    }

    init(lecture: Lecture, leavingOut excluded: Set<ProgramUnit> = [], before stop: ProgramUnit? = nil) {
        var chosen: [ProgramUnit] = []
        for unit in Self.order(of: lecture) {
            if unit == stop { break }
            if !excluded.contains(unit) { chosen.append(unit) }
        }
        let (body, units) = Self.emit(chosen, of: lecture)
        self.init(lines: ["import LectureRuntime", "_lecternStart(seed: \(lecture.seed))"] + body + ["_lecternEnd()"], units: units)
        laidOut = lecture
    }

    /// The same program in the library layout (compiled with
    /// `-parse-as-library`), or nil when a cell cannot be laid out so
    /// (`CellLayout`): each cell's declarations and initialised globals at
    /// file scope, its other statements in its function
    /// `_lecternCellBody<c>`, and an `@main` that marks and calls the cells
    /// in order. Same units, same lines, same output; compile time linear in
    /// cells (the script layout's top-level scope makes it quadratic).
    private static func library(_ chosen: [ProgramUnit], of lecture: Lecture) -> String? {
        let file = locationName(lecture.path)
        func location(_ line: Int) -> String { "#sourceLocation(file: \"\(file)\", line: \(line))" }
        var lines = ["import LectureRuntime", ""]
        var main = ["_lecternStart(seed: \(lecture.seed))"]
        var variables: [String] = []
        for unit in chosen {
            switch unit {
            case .inline(let i):
                let inline = lecture.inlines[i]
                main += [location(inline.line), "let _lecternInline\(i): Any = (\(inline.expression))", "#sourceLocation()",
                         "_lecternInline(\(i), _lecternInline\(i))"]
            case .cell(let c):
                let cell = lecture.cells[c]
                let s = cell.settings
                let timeout = Int((s.timeout ?? 0).rounded(.up))
                main += ["_lecternCell(\(c), timeout: \(timeout), figureWidth: \(s.figWidth), figureHeight: \(s.figHeight))",
                         "try _lecternCellBody\(c)()"]
                var body = ["func _lecternCellBody\(c)() throws {"]
                let code = codeWithoutOptionValues(cell)
                if s.error {
                    lines += body + ["_lecternExpectFailure(\(c)) {", location(cell.firstLine), code, "#sourceLocation()", "}", "}"]
                    continue
                }
                guard let layout = CellLayout(code) else { return nil }
                for piece in layout.pieces {
                    let at = [location(cell.firstLine + piece.line), piece.text, "#sourceLocation()"]
                    switch piece.kind {
                    case .declaration: lines += at
                    case .global(let names, _): lines += at; body.append("_ = `\(names[0])`")
                    case .statement: body += at
                    }
                }
                body += valueReports(c, CellNames(cell.code), &variables)
                lines += body + ["}"]
            }
        }
        return (lines + ["", "@main enum _LecternMain {", "static func main() throws {"] + main + ["_lecternEnd()", "}", "}"])
            .joined(separator: "\n") + "\n"
    }

    /// The digest reports after cell `c` (see `emit`), adding its `var`s to `variables`.
    private static func valueReports(_ c: Int, _ names: CellNames, _ variables: inout [String]) -> [String] {
        let lines = (names.fingerprinted + variables.filter { !names.fingerprinted.contains($0) }).map {
            "_lecternValue(\(c), \"\($0)\", `\($0)`)"
        }
        variables += names.fingerprinted.filter(names.fingerprintedVariables.contains)
        return lines
    }

    /// The preview's suffix: every unit from cell `cell` on, as the body of
    /// one function that a worker forked from the checkpoint before `cell`
    /// calls. It sees the earlier cells' declarations through
    /// `@testable import LectureProgram` (the full program, compiled as that module).
    /// With `stop`, the units end before it (a compile error there), and a
    /// checkpoint is kept where it would have run.
    init(suffixOf lecture: Lecture, from cell: Int, before stop: ProgramUnit? = nil) {
        let order = Self.order(of: lecture)
        let start = order.firstIndex(of: .cell(cell)) ?? order.endIndex
        let end = stop.flatMap { order.firstIndex(of: $0) } ?? order.endIndex
        // The `var`s of the cells above, globals of the full program, are digested after each cell too.
        let above = order[..<start].compactMap { unit -> CellNames? in
            guard case .cell(let c) = unit, !lecture.cells[c].settings.error else { return nil }
            return CellNames(lecture.cells[c].code)
        }
        let variables = above.flatMap { $0.fingerprinted.filter($0.fingerprintedVariables.contains) }
        let (body, units) = Self.emit(Array(order[start..<max(start, end)]), of: lecture, variablesAbove: variables)
        let head = ["@testable import \(Self.moduleName)", "import LectureRuntime", "",
                    "@_cdecl(\"\(Wire.suffixEntry)\") public func _lecternSuffix() {",
                    "MainActor.assumeIsolated {", "do {", "_lecternResume()"]
        let tail = ["_lecternEnd()", "} catch {", "fatalError(\"Error raised at top level: \\(error)\")", "}", "}", "}"]
        self.init(lines: head + body + tail, units: units)
    }

    /// The module name the full program has in the preview.
    static let moduleName = "LectureProgram"

    private init(lines: [String], units: [(ProgramUnit, ClosedRange<Int>)]) {
        source = lines.joined(separator: "\n") + "\n"
        layoutFreeSource = lines.map { $0.hasPrefix("#sourceLocation(file:") ? "#sourceLocation(line: 0)" : $0 }
            .joined(separator: "\n")
        self.units = units
    }

    /// The source lines of `units`, and the file lines each covers.
    ///
    /// After each cell (but an `error: true` one, whose declarations stay in
    /// its child process), the program reports the digests of the globals
    /// the cell declares and of every `var` declared above (`_lecternValue`,
    /// a no-op outside the preview): what lets the preview keep a later
    /// cell's result when what it reads has not changed (`Incremental.keepable`).
    private static func emit(_ chosen: [ProgramUnit], of lecture: Lecture, variablesAbove: [String] = []) -> ([String], [(ProgramUnit, ClosedRange<Int>)]) {
        var lines: [String] = []
        var variables = variablesAbove
        var units: [(ProgramUnit, ClosedRange<Int>)] = []
        let file = locationName(lecture.path)
        func location(_ line: Int) {
            lines.append("#sourceLocation(file: \"\(file)\", line: \(line))")
        }
        for unit in chosen {
            switch unit {
            case .inline(let i):
                let inline = lecture.inlines[i]
                units.append((unit, inline.line...inline.line))
                location(inline.line)
                lines.append("let _lecternInline\(i): Any = (\(inline.expression))")
                lines.append("#sourceLocation()")
                lines.append("_lecternInline(\(i), _lecternInline\(i))")
            case .cell(let c):
                let cell = lecture.cells[c]
                let s = cell.settings
                units.append((unit, cell.firstLine...cell.lastLine))
                let timeout = Int((s.timeout ?? 0).rounded(.up))
                lines.append("_lecternCell(\(c), timeout: \(timeout), figureWidth: \(s.figWidth), figureHeight: \(s.figHeight))")
                if s.error { lines.append("_lecternExpectFailure(\(c)) {") }
                location(cell.firstLine)
                lines.append(Self.codeWithoutOptionValues(cell))
                lines.append("#sourceLocation()")
                if s.error { lines.append("}"); continue }
                lines += valueReports(c, CellNames(cell.code), &variables)
            }
        }
        return (lines, units)
    }

    /// The file name `#sourceLocation` gives the lecture at `path`, and so
    /// the name compiler errors and traps carry: the path with quotes,
    /// backslashes and control characters (a tab or newline in a file name)
    /// as `_`, since `#sourceLocation` takes a plain literal with no escapes.
    static func locationName(_ path: String) -> String {
        String(String.UnicodeScalarView(path.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\"" || scalar == "\\" ? "_" : scalar
        }))
    }

    /// The unit whose lines hold file line `line`.
    func unit(at line: Int) -> ProgramUnit? {
        units.first { $0.lines.contains(line) }?.unit
    }

    /// The cell's code with its `//|` option lines reduced to `//|`: the
    /// options that matter to the program reach it through `_lecternCell`, and
    /// a caption edit must not force a recompile. Line numbers are kept.
    static func codeWithoutOptionValues(_ cell: Cell) -> String {
        var lines = SourceText.lines(cell.code)
        if cell.code.hasSuffix("\n") { lines.removeLast() }
        for i in lines.indices {
            guard CellOptions.optionBody(lines[i]) != nil else { break }
            lines[i] = "//|"
        }
        return lines.joined(separator: "\n")
    }
}
