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

    /// Every unexpected failure as a located error, for the console.
    public func failures(path: String) -> [LecternError] {
        errors + cells.compactMap { cell in
            guard let failure = cell.failure, !failure.expected else { return nil }
            return LecternError(file: path, line: failure.line, failure.message)
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
    /// The file line the failure points at.
    public var line: Int?
    /// The cell was marked `error: true` and did fail.
    public var expected = false
}
