import Foundation

/// A link or image in a lecture's prose whose destination is inside the
/// course: a file beside the lecture (`img/setup.png`, `../02-next.md#fig-a`),
/// a course-root path (`/data/x.csv`), or a fragment of the page itself
/// (`#sec-intro`). Links with a scheme (`https:`, `mailto:`) or a host
/// (`//example.org`) are not `Link`s: they stay as written.
public struct Link: Sendable, Equatable {
    /// Its number in the lecture (the placeholder's number).
    public var index: Int
    /// The file part, percent-decoded ("" for a fragment of this page).
    public var file: String
    /// The part after `#`, percent-decoded.
    public var fragment: String?
    /// A `?query`, kept as written.
    public var query: String?
    public var image: Bool
    public var line: Int
    /// `[](other.md#fig-a)`: the page fills in the name of what it points at.
    public var emptyText: Bool

    public var isFragment: Bool { file.isEmpty }

    /// The local link `destination` names, or nil for an external one.
    init?(destination: String, image: Bool, line: Int, index: Int, emptyText: Bool) {
        if destination.isEmpty || destination.hasPrefix("//") { return nil }
        if destination.contains(":"), destination.firstMatch(of: #/^[A-Za-z][A-Za-z0-9+.-]*:/#) != nil { return nil }
        var rest = Substring(destination)
        if let hash = rest.firstIndex(of: "#") {
            let raw = String(rest[rest.index(after: hash)...])
            fragment = raw.removingPercentEncoding ?? raw
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        file = String(rest).removingPercentEncoding ?? String(rest)
        if file.isEmpty, fragment == nil { return nil }
        self.index = index
        self.image = image
        self.line = line
        self.emptyText = emptyText
    }

    /// The course path this link's file names, seen from the lecture at
    /// `lecturePath`, or nil when it leaves the course.
    func target(from lecturePath: String) -> String? {
        let base = file.hasPrefix("/") ? "" : SitePath.directory(of: lecturePath)
        return ContainedPath.normalise(base + "/" + file).flatMap { $0.isEmpty ? nil : $0 }
    }
}
