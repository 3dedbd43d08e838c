import Foundation

/// The course's search index, written at build time as a script
/// (`window.lecternSearchIndex = {…}`, so that it loads from `file://` as
/// well as from a server): each lecture's page and title, and each section's
/// id, title and prose (math and code blocks left out). `lectern.js`
/// searches it as the reader types; results link to the section.
struct SearchIndex {
    let script: Data

    init(lectures: [String], index: SiteIndex) {
        var pages: [[String]] = []
        var sections: [[Any]] = []
        for path in lectures {
            guard let entry = index[path] else { continue }
            let page = pages.count
            pages.append([entry.page, entry.title])
            for section in entry.sections where !(section.id.isEmpty && section.text.isEmpty) {
                sections.append([page, section.id, section.title, section.text])
            }
        }
        let object: [String: Any] = ["pages": pages, "sections": sections]
        let json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        // Inside a script, "</" could end it early when inlined; escape it.
        let text = String(decoding: json, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        script = Data(("window.lecternSearchIndex = " + text + ";\n").utf8)
    }
}
