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
