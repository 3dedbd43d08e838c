import Foundation

/// Reads the text files a course is made of (lectures, `lectern.yml`), with
/// line endings normalised: CRLF and a lone CR become LF, so a file saved on
/// Windows or an old Mac reads exactly like one saved on Linux.
enum SourceText {
    /// The file's text, or nil when it cannot be read as UTF-8.
    static func read(_ url: URL) -> String? {
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else { return nil }
        return normalised(text)
    }

    /// The lines of `text`, split at LF (a trailing LF gives a last empty
    /// line). Splits the bytes: splitting by `Character` costs a grapheme
    /// scan of the whole text, which showed in every re-render.
    static func lines(_ text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// How many LF-separated lines `text` has.
    static func lineCount(_ text: some StringProtocol) -> Int {
        text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// `text` with CRLF and lone CR turned into LF.
    static func normalised(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        // "\r\n" is one Character in Swift, so go by scalars.
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n", previousCR { previousCR = false; continue }
            previousCR = false
            out.append(scalar)
        }
        return String(out)
    }
}
