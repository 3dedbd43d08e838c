/// An error in a lecture or in the course set-up, with where it is and how to
/// fix it: printed as `file:line: error: message`.
public struct LecternError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    /// The file, relative to the course root where possible.
    public var file: String
    /// 1-based line, when the error has one.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line`, or `file` when there is no line.
    public var location: String { line.map { "\(file):\($0)" } ?? file }

    public var description: String { "\(location): error: \(message)" }
}
