import Foundation

/// Reads what a lecture program wrote: the runtime's marker lines
/// (`"\u{1E}lectern:" + event`) split stdout and stderr into cells and say
/// what each cell displayed. The runtime's `Marker` writes this format.
struct Transcript {
    static let prefix = "\u{1E}lectern:"

    var stdout: [Int: String] = [:]
    var stderr: [Int: String] = [:]
    var displays: [Int: [(kind: String, file: String)]] = [:]
    var inlines: [Int: String] = [:]
    /// Cells marked `error: true`, and how their child process ended.
    var expectedFailures: [Int: String] = [:]
    var unexpectedSuccesses: Set<Int> = []
    var started = false
    var ended = false
    /// The last cell that started (−1: none).
    var lastCell = -1

    init(stdout out: String, stderr err: String) {
        var cell = -1
        for (text, event) in Self.split(out) {
            if !text.isEmpty { stdout[cell, default: ""] += text }
            guard let event else { continue }
            let parts = event.split(separator: " ", maxSplits: 2).map(String.init)
            switch parts.first {
            case "start": started = true
            case "cell": cell = Int(parts[1]) ?? cell; lastCell = cell
            case "display" where parts.count == 3: displays[cell, default: []].append((parts[1], parts[2]))
            case "inline" where parts.count == 3:
                if let index = Int(parts[1]), let data = parts[2].data(using: .utf8),
                   let value = try? JSONDecoder().decode(String.self, from: data) {
                    inlines[index] = value
                }
            case "expected-failure" where parts.count == 3: expectedFailures[Int(parts[1]) ?? cell] = parts[2]
            case "unexpected-success": unexpectedSuccesses.insert(Int(parts[1]) ?? cell)
            case "end": ended = true
            default: break
            }
        }
        cell = -1
        for (text, event) in Self.split(err) {
            if !text.isEmpty { stderr[cell, default: ""] += text }
            if let event, event.hasPrefix("cell ") { cell = Int(event.dropFirst(5)) ?? cell }
        }
    }

    /// Pieces of text, each followed by the marker event that ends it (nil for the last).
    static func split(_ text: String) -> [(String, String?)] {
        var pieces: [(String, String?)] = []
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            let before = String(rest[..<range.lowerBound])
            let lineEnd = rest[range.upperBound...].firstIndex(of: "\n") ?? rest.endIndex
            pieces.append((before, String(rest[range.upperBound..<lineEnd])))
            rest = lineEnd == rest.endIndex ? "" : rest[rest.index(after: lineEnd)...]
        }
        pieces.append((String(rest), nil))
        return pieces
    }
}

/// What a Swift crash report on stderr says: the message and where in the lecture.
struct CrashReport {
    var message: String
    var line: Int?
    /// stderr without the backtrace.
    var output: String

    init(stderr: String, lecturePath: String) {
        var output = stderr
        var message = ""
        var line: Int?
        if let range = stderr.range(of: "\n*** Signal ") ?? stderr.range(of: "*** Signal ") {
            output = String(stderr[..<range.lowerBound])
            let report = stderr[range.lowerBound...]
            if let at = report.range(of: " at \(lecturePath):") {
                line = Int(report[at.upperBound...].prefix(while: \.isNumber))
            }
        }
        for candidate in output.split(separator: "\n").reversed() {
            if let r = candidate.range(of: "Fatal error: ") {
                message = String(candidate[r.lowerBound...])
                let location = candidate[..<r.lowerBound]
                if line == nil, location.hasPrefix(lecturePath + ":"),
                   let n = Int(location.dropFirst(lecturePath.count + 1).prefix(while: \.isNumber)) {
                    line = n
                }
                output = output.replacingOccurrences(of: candidate + "\n", with: "")
                    .replacingOccurrences(of: String(candidate), with: "")
                break
            }
        }
        self.message = message
        self.line = line
        self.output = output
    }
}
