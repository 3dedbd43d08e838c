/// An error in a lecture or in the course set-up, with where it is and how to
/// fix it: printed as `file:line:column: error: message`.
public struct LecternError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    /// The file, relative to the course root where possible.
    public var file: String
    /// 1-based line, when the error has one.
    public var line: Int?
    /// 1-based column, when the error has one.
    public var column: Int?
    public var message: String
    /// A warning is reported but does not fail the build.
    public var isWarning = false

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = line == nil ? nil : column
        self.message = message
    }

    /// `file:line:column`, `file:line`, or `file`.
    public var location: String {
        guard let line else { return file }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }

    public var description: String { "\(location): \(isWarning ? "warning" : "error"): \(message)" }

    /// A problem worth saying that does not fail the build.
    public static func warning(file: String, line: Int? = nil, _ message: String) -> LecternError {
        var warning = LecternError(file: file, line: line, message)
        warning.isWarning = true
        return warning
    }
}
