/// What running a lecture produced, cell by cell: what the cache stores and
/// the page shows.
public struct LectureResult: Sendable, Codable, Equatable {
    public var cells: [CellResult]
    /// Inline expression values by index (nil: not evaluated).
    public var inlines: [String?]
    /// Errors that belong to no cell (a linker failure, a lecture-wide timeout).
    public var errors: [LecternError]
    public var compileSeconds: Double
    public var runSeconds: Double
    /// The line layout the program was generated with (see `Program.layout`).
    public var layout: [Int]

    /// Whether anything failed that was not expected to.
    public var failed: Bool {
        !errors.isEmpty || cells.contains { $0.failure.map { !$0.expected } ?? false }
    }

    /// Every unexpected failure as a located error, for the console (cells
    /// that did not run because an earlier one failed are not counted again).
    public func failures(of lecture: Lecture) -> [LecternError] {
        errors + zip(cells, lecture.cells).compactMap { result, cell in
            guard let failure = result.failure, !failure.expected, failure.kind != .notRun else { return nil }
            return LecternError(file: lecture.path, line: failure.line(in: cell), failure.message)
        }
    }
}

/// One cell's outputs.
public struct CellResult: Sendable, Codable, Equatable {
    public var ran = false
    public var stdout = ""
    public var stderr = ""
    public var displays: [DisplayOutput] = []
    public var failure: CellFailure?

    public init() {}
}

/// Something a cell showed with `show`.
public enum DisplayOutput: Sendable, Codable, Equatable {
    case text(String)
    case table(TableData)
    /// An SVG figure, by file name within the result's directory.
    case figure(String)
}

/// A table shown by a cell (the runtime's `Table`, as JSON).
public struct TableData: Sendable, Codable, Equatable {
    public var columns: [String]
    public var rows: [[String]]
    public var caption: String?
}

/// Why a cell failed.
public struct CellFailure: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// It did not compile.
        case compile
        /// It trapped, threw, or the process died.
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
    /// The cell was marked `error: true` and did fail.
    public var expected = false

    init(kind: Kind, message: String, line: Int?, in cell: Cell, expected: Bool = false) {
        self.kind = kind
        self.message = message
        offset = line.map { $0 - cell.firstLine }
        self.expected = expected
    }

    /// The file line the failure points at, for `cell` where it stands now.
    public func line(in cell: Cell) -> Int? { offset.map { cell.firstLine + $0 } }
}
