import Foundation

/// The course's search index, written at build time as a script
/// (`window.lecternSearchIndex = {…}`, so that it loads from `file://` as
/// well as from a server): each lecture's page and title, and each section's
/// id, title, text and code. A page written in this build gives its sections
/// as the reader sees them (`SearchText`: values, captions, tables, readable
/// math); any other lecture its parsed prose. `lectern.js` searches it as the
/// reader types, code ranking below prose; results link to the section.
struct SearchIndex {
    let script: Data

    init(lectures: [String], index: SiteIndex, rendered: [String: [SearchText.Section]] = [:]) {
        var pages: [[String]] = []
        var sections: [[Any]] = []
        for path in lectures {
            guard let entry = index[path] else { continue }
            let page = pages.count
            pages.append([entry.page, entry.title])
            let found = rendered[path] ?? entry.sections.map { SearchText.Section(id: $0.id, title: MathText.readable(prose: $0.title), text: $0.text) }
            for section in found where !(section.id.isEmpty && section.text.isEmpty && section.code.isEmpty) {
                sections.append([page, section.id, section.title, section.text] + (section.code.isEmpty ? [] : [section.code]))
            }
        }
        let object: [String: Any] = ["pages": pages, "sections": sections]
        let json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        // Inside a script, "</" could end it early when inlined; escape it.
        let text = String(decoding: json, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        script = Data(("window.lecternSearchIndex = " + text + ";\n").utf8)
    }
}
