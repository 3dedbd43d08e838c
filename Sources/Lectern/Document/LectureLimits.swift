import Yams

/// The limits of a whole lecture, set in its front matter or, for every
/// lecture, in `lectern.yml`: `timeout` (seconds) and
/// `lecture-output-limit` (text kept from all its cells together).
public struct LectureLimits: Sendable, Equatable {
    public var timeout: Double?
    public var outputLimit: Int?

    public init() {}

    static let keys = ["timeout", "lecture-output-limit"]

    /// Values from `overrides` where set, else from `self`.
    func merged(with overrides: LectureLimits) -> LectureLimits {
        var out = self
        out.timeout = overrides.timeout ?? timeout
        out.outputLimit = overrides.outputLimit ?? outputLimit
        return out
    }

    /// Sets `key` from a YAML value; false when `key` is not a limit.
    mutating func set(_ key: String, _ value: Node, at location: (String, Int)) throws -> Bool {
        switch key {
        case "timeout":
            guard let t = value.float ?? value.int.map(Double.init), t > 0, t <= ExecutionOptions.longestTimeout else {
                throw LecternError(file: location.0, line: location.1,
                                   "'timeout' must be a positive number of seconds up to \(Int(ExecutionOptions.longestTimeout)), not '\(value.string ?? "\(value)")'")
            }
            timeout = t
        case "lecture-output-limit":
            outputLimit = try ByteCount.parse(value, key: key, at: location)
        default:
            return false
        }
        return true
    }
}
