/// Why a fit could not be done, and what to change.
public struct FitError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// A failed fit, with the reason shown on the cell.
    public init(_ description: String) { self.description = description }
}
