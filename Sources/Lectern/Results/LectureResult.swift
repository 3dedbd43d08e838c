import LecternProtocol

/// What running a lecture produced, cell by cell: what the cache stores and
/// the page shows. Nothing in it names a file line: failures are stored
/// relative to their cell or inline expression, so a result stays right
/// after a prose edit moves them.
public struct LectureResult: Sendable, Codable, Equatable {
    public var cells: [CellResult]
    /// Inline expression values by index (nil: not evaluated).
    public var inlines: [String?]
    /// Inline expressions that did not compile.
    public var inlineErrors: [InlineError] = []
    /// Errors that belong to no cell (a linker failure, a lecture-wide problem).
    public var errors: [LecternError] = []
    public var compileSeconds: Double = 0
    public var runSeconds: Double = 0
    /// Why this result must not be cached, when it depends on the machine
    /// rather than on the lecture (a timeout, a kill from outside, a stop):
    /// it is shown, and the next build runs the lecture again.
    public var notCached: String?

    public init(cells: [CellResult], inlines: [String?]) {
        self.cells = cells
        self.inlines = inlines
    }

    /// An empty result for `lecture`: no cell ran.
    init(for lecture: Lecture) {
        self.init(cells: Array(repeating: CellResult(), count: lecture.cells.count),
                  inlines: Array(repeating: nil, count: lecture.inlines.count))
    }

    /// Whether anything failed that was not expected to.
    public var failed: Bool {
        !errors.isEmpty || !inlineErrors.isEmpty || cells.contains { $0.failure.map { !$0.expected } ?? false }
    }

    /// Every unexpected failure as a located error, for the console (cells
    /// that did not run because an earlier one failed are not counted again).
    public func failures(of lecture: Lecture) -> [LecternError] {
        var all = errors.map { LecternError(file: lecture.path, line: $0.line, column: $0.column, $0.message) }
        for (result, cell) in zip(cells, lecture.cells) {
            guard let failure = result.failure, !failure.expected, failure.kind != .notRun else { continue }
            all.append(LecternError(file: lecture.path, line: failure.line(in: cell), column: failure.column, failure.text(in: cell, path: lecture.path)))
        }
        for error in inlineErrors where error.index < lecture.inlines.count {
            all.append(LecternError(file: lecture.path, line: lecture.inlines[error.index].line, "inline expression: " + error.message))
        }
        return all
    }

    /// Bytes of cell output that were not kept (see `output-limit`).
    public var truncatedBytes: Int {
        cells.reduce(0) { total, cell in
            total + cell.outputs.reduce(0) { if case .truncated(let n) = $1 { $0 + n } else { $0 } }
        }
    }
}

/// One cell's outputs, in the order the cell produced them.
public struct CellResult: Sendable, Codable, Equatable {
    public var ran = false
    public var outputs: [CellOutput] = []
    public var failure: CellFailure?
    /// The lecture generator's state as the cell began (nil: not reported);
    /// the preview keeps a later cell's result only when the cell would
    /// begin with the same state again.
    public var randomState: String?
    /// The digests of the globals the cell declares, and of every `var`
    /// declared above it, as the cell ended (`Event.value`; "" for a value
    /// the runtime could not digest); nil when not recorded (a batch run).
    public var values: [String: String]?

    public init() {}

    /// Everything the cell printed on stdout.
    public var stdout: String { outputs.map { if case .stdout(let t) = $0 { t } else { "" } }.joined() }
    /// Everything the cell printed on stderr.
    public var stderr: String { outputs.map { if case .stderr(let t) = $0 { t } else { "" } }.joined() }
    /// What the cell showed with `show`.
    public var displays: [DisplayOutput] { outputs.compactMap { if case .display(let d) = $0 { d } else { nil } } }
}

/// One piece of a cell's output.
public enum CellOutput: Sendable, Codable, Equatable {
    case stdout(String)
    case stderr(String)
    case display(DisplayOutput)
    /// This many bytes of output were not kept: the cell or lecture reached its `output-limit`.
    case truncated(Int)
    /// Inline value `index` of the lecture (`{swift} expr` in prose), as it
    /// reads on the page: told to live readers when the program reaches it,
    /// never kept among a cell's outputs (the result keeps it in `inlines`).
    case inline(index: Int, text: String)
}

/// Something a cell showed with `show`.
public enum DisplayOutput: Sendable, Codable, Equatable {
    case text(String)
    case table(TableData)
    /// An SVG figure, by file name within the result's directory.
    case figure(String)
}

extension CellOutput {
    /// The bytes this output counts against the output limits (`output-limit`,
    /// `lecture-output-limit`): its text; a figure counts none.
    var keptBytes: Int {
        switch self {
        case .stdout(let text), .stderr(let text): text.utf8.count
        case .display(.text(let text)): text.utf8.count
        case .display(.table(let table)): table.columns.joined().utf8.count + table.rows.joined().joined().utf8.count
        case .display(.figure), .truncated, .inline: 0
        }
    }
}

/// An inline expression that did not compile.
public struct InlineError: Sendable, Codable, Equatable {
    public var index: Int
    public var message: String
}

/// Why a cell failed.
public struct CellFailure: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// It did not compile.
        case compile
        /// It trapped, threw, exited, or the process died.
        case crash
        /// It ran out of time.
        case timeout
        /// It was marked `error: true` but ran without error.
        case unexpectedSuccess
        /// An earlier cell failed, so it never ran.
        case notRun
    }
    public var kind: Kind
    public var message: String
    /// The line the failure points at, counted from the cell's first code
    /// line (0): a prose edit that moves the cell does not stale it.
    public var offset: Int?
    public var column: Int?
    /// The cell was marked `error: true` and did fail.
    public var expected = false
    /// More compile errors in the cell after the first, each relative to
    /// the cell's first code line like `offset`.
    public var further: [FurtherError]?

    /// A compile error after a cell's first one.
    public struct FurtherError: Sendable, Codable, Equatable {
        public var offset: Int
        public var column: Int
        public var message: String
    }

    /// The failure's message with its further errors located where the cell
    /// stands now (`path:line:column: error: …` lines).
    public func text(in cell: Cell, path: String) -> String {
        (further ?? []).reduce(message) { text, more in
            text + "\n\(path):\(cell.firstLine + more.offset):\(more.column): error: \(more.message)"
        }
    }

    init(kind: Kind, message: String, line: Int?, column: Int? = nil, in cell: Cell, expected: Bool = false) {
        self.kind = kind
        self.message = message
        offset = line.map { $0 - cell.firstLine }
        self.column = column
        self.expected = expected
    }

    /// The file line the failure points at, for `cell` where it stands now.
    public func line(in cell: Cell) -> Int? { offset.map { cell.firstLine + $0 } }
}
