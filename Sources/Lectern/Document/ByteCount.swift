import Yams

/// Sizes of output in options: a whole number of bytes, or one with a unit
/// (`500 kB`, `2 MB`, `1 MiB`).
enum ByteCount {
    /// A cell's output keeps 1 MB of text unless `output-limit` says otherwise.
    static let defaultCellLimit = 1_000_000
    /// A lecture's output keeps 10 MB of text unless `lecture-output-limit` says otherwise.
    static let defaultLectureLimit = 10_000_000
    /// The largest limit accepted: 1 GB.
    static let largest = 1_000_000_000

    static func parse(_ value: Node, key: String, at location: (String, Int)) throws -> Int {
        let fail = LecternError(file: location.0, line: location.1,
            "option '\(key)' must be a size from 1 byte to 1 GB, such as 1000000, '500 kB' or '2 MB', not '\(value.string ?? "\(value)")'")
        if let n = value.int {
            guard n > 0, n <= largest else { throw fail }
            return n
        }
        guard let text = value.string,
              let match = text.wholeMatch(of: /\s*([0-9]+(?:\.[0-9]+)?)\s*(B|kB|KB|MB|GB|KiB|MiB|GiB)?\s*/),
              let number = Double(match.1) else { throw fail }
        let scale: Double = switch match.2.map(String.init) ?? "B" {
        case "kB", "KB": 1e3
        case "MB": 1e6
        case "GB": 1e9
        case "KiB": 1024
        case "MiB": 1_048_576
        case "GiB": 1_073_741_824
        default: 1
        }
        let bytes = number * scale
        guard bytes >= 1, bytes <= Double(largest) else { throw fail }
        return Int(bytes)
    }
}
