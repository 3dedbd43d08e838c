import Foundation

/// What a Swift crash report at the end of a cell's stderr says: the message
/// (`Fatal error: …`) and the lecture line of the innermost frame in the
/// lecture, and where the report starts, so the page shows what the cell
/// printed without it.
struct CrashReport {
    var message: String
    var line: Int?
    /// The UTF-8 offset in stderr where the fatal-error line or backtrace begins.
    var cut: Int

    init(stderr: String, lecturePath: String) {
        var end = stderr.endIndex
        var line: Int?
        if let range = stderr.range(of: "\n*** Signal ") ?? (stderr.hasPrefix("*** Signal ") ? stderr.startIndex..<stderr.startIndex : nil) {
            end = range.lowerBound
            // Frames name files as compiled: the lecture's path, joined to the
            // compile folder when it is relative.
            let escaped = NSRegularExpression.escapedPattern(for: lecturePath)
            if let match = try? NSRegularExpression(pattern: " at (?:[^ \\n]*/)?\(escaped):([0-9]+)")
                .firstMatch(in: stderr, range: NSRange(range.upperBound..<stderr.endIndex, in: stderr)),
               let number = Range(match.range(at: 1), in: stderr) {
                line = Int(stderr[number])
            }
        }
        var message = ""
        let before = stderr[..<end]
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
        // The runtime's `Fatal error:` line is the last thing the program
        // wrote before the report, but a line of the runtime's own may follow
        // it: look among the last few lines, and cut from there.
        let recent = lines.indices.filter { !lines[$0].isEmpty }.suffix(4)
        if let last = recent.last(where: { lines[$0].contains("Fatal error: ") }), let r = lines[last].range(of: "Fatal error: ") {
            let candidate = lines[last]
            message = String(candidate[r.lowerBound...])
            let location = candidate[..<r.lowerBound]
            let prefix = lecturePath + ":"
            if line == nil, location.hasPrefix(prefix), let n = Int(location.dropFirst(prefix.count).prefix(while: \.isNumber)) {
                line = n
            }
            end = candidate.startIndex
        }
        self.message = message
        self.line = line
        cut = stderr.utf8.distance(from: stderr.startIndex, to: end)
    }
}
