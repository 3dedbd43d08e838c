import Foundation

/// The control lines that tell Lectern which cell is running and what it
/// displayed. They travel in-band on stdout and stderr, so that every byte a
/// cell prints is attributed to the cell that printed it. Lectern's
/// `Transcript` reads the same format: `"\u{1E}lectern:" + event + "\n"`.
enum Marker {
    static let prefix = "\u{1E}lectern:"

    /// Writes `event` to stdout (after what the cell printed so far) and, when
    /// `bothStreams`, to stderr too.
    static func emit(_ event: String, bothStreams: Bool = false) {
        let line = prefix + event + "\n"
        print(line, terminator: "")
        fflush(nil)
        if bothStreams { standardError(line) }
    }
}

/// Writes `text` to stderr unbuffered.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
