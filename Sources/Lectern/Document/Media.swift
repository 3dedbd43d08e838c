import Foundation

/// Videos and embedded players: Quarto's `{{< video URL >}}` alone in a
/// paragraph, and `<iframe src="…">` in raw HTML. A player from YouTube
/// (embedded from youtube-nocookie.com) or Vimeo becomes a responsive 16:9
/// embed; a video file of the course (`.mp4`, `.webm`, `.ogv`) becomes
/// `<video controls>`, the file copied beside the page like any linked file.
/// Any other host is not embedded: it stays text, with a warning at its line.
enum Media {
    /// The URL a `{{< video … >}}` paragraph names (cmark escaped its `<`).
    static func videoShortcode(_ html: String) -> String? {
        // The autolink extension made the URL a link: its text is the URL as written.
        let html = html.contains("<a ") ? html.replacing(/<a href="[^"]*">([^<]*)<\/a>/) { String($0.output.1) } : html
        guard html.contains("video"),
              let match = html.wholeMatch(of: /<p>\{\{&lt;\s*video\s+("[^"]+"|&quot;[^&]+&quot;|\S+)(?:\s+[^}]*)?\s*&gt;\}\}<\/p>\n?/) else { return nil }
        var url = String(match.output.1)
        for quote in ["\"", "&quot;"] where url.hasPrefix(quote) && url.hasSuffix(quote) {
            url = String(url.dropFirst(quote.count).dropLast(quote.count))
        }
        return HTML.unescape(url)
    }

    /// The `src` of an `<iframe>` cmark's tag filter escaped (`&lt;iframe src="…"`).
    static func iframeSource(_ html: String) -> String? {
        guard html.contains("&lt;iframe"), let match = html.firstMatch(of: /&lt;iframe[^>]*?\ssrc="([^"]+)"/) else { return nil }
        return HTML.unescape(String(match.output.1))
    }

    /// The player address for an allowed host, or nil.
    static func player(_ url: String) -> String? {
        guard let parts = URLComponents(string: url), let host = parts.host?.lowercased(), parts.scheme?.hasPrefix("http") == true else { return nil }
        let path = parts.path
        func id(_ text: Substring) -> String? { text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } && !text.isEmpty ? String(text) : nil }
        switch host {
        case "www.youtube.com", "youtube.com", "m.youtube.com":
            if path == "/watch", let v = parts.queryItems?.first(where: { $0.name == "v" })?.value.flatMap({ id(Substring($0)) }) {
                return "https://www.youtube-nocookie.com/embed/\(v)"
            }
            if path.hasPrefix("/embed/"), let v = id(path.dropFirst("/embed/".count)) { return "https://www.youtube-nocookie.com/embed/\(v)" }
            return nil
        case "www.youtube-nocookie.com":
            return path.hasPrefix("/embed/") ? id(path.dropFirst("/embed/".count)).map { "https://www.youtube-nocookie.com/embed/\($0)" } : nil
        case "youtu.be":
            return id(path.dropFirst()).map { "https://www.youtube-nocookie.com/embed/\($0)" }
        case "vimeo.com", "www.vimeo.com":
            return id(path.dropFirst()).flatMap { $0.allSatisfy(\.isNumber) ? "https://player.vimeo.com/video/\($0)" : nil }
        case "player.vimeo.com":
            return path.hasPrefix("/video/") ? id(path.dropFirst("/video/".count)).map { "https://player.vimeo.com/video/\($0)" } : nil
        default:
            return nil
        }
    }

    /// Whether `path` is a video file of the course (no scheme, a video extension).
    static func isVideoFile(_ path: String) -> Bool {
        !path.contains(":") && ["mp4", "webm", "ogv", "m4v"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// A responsive player.
    static func embed(_ player: String, title: String) -> String {
        "<div class=\"video\"><iframe src=\"\(HTML.escape(player))\" title=\"\(HTML.escape(title))\" loading=\"lazy\" allow=\"fullscreen; picture-in-picture\" allowfullscreen referrerpolicy=\"strict-origin-when-cross-origin\"></iframe></div>\n"
    }

    /// A course video; `src` is the link placeholder the page resolves.
    static func video(src: String) -> String {
        "<div class=\"video file\"><video controls preload=\"metadata\" src=\"\(src)\"></video></div>\n"
    }
}
