import Foundation
import Testing
@testable import Lectern

/// The GFM spec's examples through Lectern's prose path, against cmark-gfm
/// with the same settings: identical pages once Lectern's own additions are
/// put back as text (heading ids, math as `$tex$`, link placeholders as
/// their destinations). The spec comes from `scripts/fetch-gfm-spec`
/// (`make test` sets LECTERN_GFM_SPEC); without it these tests fail.
@Suite struct SpecTests {
    struct Example: Sendable {
        var number: Int
        var markdown: String
    }

    static func examples() throws -> [Example] {
        guard let path = ProcessInfo.processInfo.environment["LECTERN_GFM_SPEC"] else {
            throw LecternError(file: "LECTERN_GFM_SPEC", "not set: run the suite with make test (scripts/fetch-gfm-spec fetches the spec)")
        }
        let text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
        var examples: [Example] = []
        var current: [Substring]?
        var inMarkdown = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```````````````````````````````` example") { current = []; inMarkdown = true; continue }
            guard current != nil else { continue }
            if inMarkdown, line == "." { inMarkdown = false; continue }
            if line.hasPrefix("````````````````````````````````") {
                examples.append(Example(number: examples.count + 1, markdown: current!.joined(separator: "\n") + "\n"))
                current = nil
                continue
            }
            if inMarkdown { current!.append(Substring(line.replacingOccurrences(of: "→", with: "\t"))) }
        }
        return examples
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Lectern's page for `markdown` with its additions put back as cmark writes the text.
    static func lectern(_ markdown: String) throws -> (html: String, math: Int) {
        let lecture = try Lecture(source: "\n" + markdown, path: "lectures/spec.md")
        let m = lecture.marker
        func dollars(_ i: String) -> String {
            guard let span = Int(i).flatMap({ lecture.math[safe: $0] }) else { return "" }
            return span.display ? "$$" + escape(span.tex) + "$$" : "$" + escape(span.tex) + "$"
        }
        var html = Page.substitute(lecture.html, marker: m, "math", dollars)
        html = Page.substitute(html, open: "&lt;!--\(m):math:", close: "--&gt;", { escape(dollars($0)) })
        html = Page.substitute(html, marker: m, "ref") { "@" + $0 }
        html = Page.substitute(html, marker: m, "linktext") { _ in "" }
        html = Page.replaceLinks(html, marker: m) { i in lecture.links.first { $0.index == i }.map(original) ?? "" }
        html = html.replacing(#/<h([1-6]) id="[^"]*">/#) { "<h\($0.output.1)>" }
        return (html, lecture.math.count)
    }

    /// A link's destination as written (Lectern parsed it into file, query, fragment).
    static func original(_ link: Link) -> String {
        // cmark escapes for the href; the round trip goes through it again.
        Markdown.href(link.file + (link.query.map { "?" + $0 } ?? "") + (link.fragment.map { "#" + $0 } ?? ""))
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func everySpecExampleIsCmarksPage() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 650, "the spec has \(examples.count) examples")
        var different: [Int] = []
        for example in examples {
            let expected = Markdown(example.markdown).html()
            let (html, _) = try Self.lectern(example.markdown)
            if html != expected {
                different.append(example.number)
                if different.count <= 5 { Issue.record("example \(example.number):\n\(example.markdown)\ncmark: \(expected)\nlectern: \(html)") }
            }
        }
        #expect(different.isEmpty, "\(different.count) of \(examples.count) differ: \(different)")
    }

    /// `foo` → `$foo$` in every example that has it: math where it is prose,
    /// and the page otherwise cmark's.
    @Test func dollarsAroundFooLeaveThePageAlone() throws {
        let examples = try Self.examples().filter { $0.markdown.contains("foo") }
        #expect(examples.count > 300)
        var different: [Int] = []
        var found = 0
        for example in examples {
            let markdown = example.markdown.replacingOccurrences(of: "foo", with: "$foo$")
            let expected = Markdown(markdown).html()
            let (html, math) = try Self.lectern(markdown)
            found += math
            if html != expected {
                different.append(example.number)
                if different.count <= 5 { Issue.record("example \(example.number):\n\(markdown)\ncmark: \(expected)\nlectern: \(html)") }
            }
        }
        #expect(different.isEmpty, "\(different.count) of \(examples.count) differ: \(different)")
        #expect(found > examples.count / 2, "math found in prose: \(found)")
    }
}
