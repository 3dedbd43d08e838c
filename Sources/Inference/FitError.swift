/// Why a fit could not be done, and what to change.
public struct FitError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
