import Foundation

/// Where things go in the site, and how one page links to another file of it.
/// The site mirrors the course: `lectures/a/intro.md` is the page
/// `a/intro.html`, its figures are `a/figures/intro/fig-N.svg`, and a file it
/// links (`lectures/a/img/setup.png`) is `a/img/setup.png`. Files outside
/// `lectures/` keep their course path (`data/x.csv`). Every href is relative,
/// percent-encoded and starts with `./` or `../`, so no file name can become
/// a scheme (`javascript:`) or break the link (`#`, `%`, spaces).
enum SitePath {
    /// The site path of the course file at `path` (`lectures/` dropped).
    static func mirrored(_ path: String) -> String {
        let normal = ContainedPath.normalise(path) ?? path
        return normal.hasPrefix("lectures/") ? String(normal.dropFirst("lectures/".count)) : normal
    }

    /// The page of the lecture at `path`.
    static func page(for path: String) -> String {
        let site = mirrored(path)
        let stem = site.hasSuffix(".md") ? String(site.dropLast(3)) : site.hasSuffix(".swift") ? String(site.dropLast(6)) : site
        return stem + ".html"
    }

    /// The folder of a lecture's figures.
    static func figureFolder(for path: String) -> String {
        let page = page(for: path)
        let folder = directory(of: page)
        let stem = String(URL(fileURLWithPath: page).deletingPathExtension().lastPathComponent)
        return (folder.isEmpty ? "" : folder + "/") + "figures/" + stem
    }

    /// Why a page name cannot be a lecture's, or nil when it can.
    static func reservedReason(_ page: String) -> String? {
        if page.lowercased() == "index.html" { return "which is the course index" }
        if page.lowercased().hasPrefix("assets/") { return "inside assets/, where the site's styles and scripts go" }
        return nil
    }

    /// The folder part of a site path ("" at the top).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The href from the page at `from` to the site file `to` (both site
    /// paths), with `fragment` (unencoded) when given.
    static func href(from: String, to: String, fragment: String? = nil) -> String {
        let fromParts = directory(of: from).split(separator: "/").map(String.init)
        var toParts = to.split(separator: "/").map(String.init)
        let file = toParts.popLast() ?? ""
        var common = 0
        while common < fromParts.count, common < toParts.count, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        let downs = toParts[common...].map(encode)
        let path = (ups + downs + [encode(file)]).joined(separator: "/")
        let prefixed = ups.isEmpty ? "./" + path : path
        return prefixed + (fragment.map { "#" + encode($0) } ?? "")
    }

    /// The href from the page at `from` to the top of the site (`./` or `../../`).
    static func root(from: String) -> String {
        let depth = directory(of: from).split(separator: "/").count
        return depth == 0 ? "./" : String(repeating: "../", count: depth)
    }

    /// A query, with everything but its `=` and `&` percent-encoded.
    static func encodeQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            pair.split(separator: "=", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "=")
        }.joined(separator: "&")
    }

    /// One path segment (or fragment), percent-encoded: only unreserved
    /// characters stay as they are.
    static func encode(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
