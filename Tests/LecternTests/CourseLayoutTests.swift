import Foundation
import Synchronization
import Testing
@testable import Lectern

/// Ordinary course layouts, through the `lectern` command line as a lecturer
/// runs it: nested folders, images and data files, links between lectures,
/// CRLF files, lectures named in any way, list mistakes, page collisions, and
/// a cache entry with a file gone. Each asserts pages, console and exit code.
@Suite(.serialized) struct CourseLayoutTests {
    struct Ran {
        var status: Int32
        var out: String
        var err: String
    }

    /// Runs `lectern ARGUMENTS` in `directory`, with `environment` added, to the end.
    static func lectern(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Ran {
        let process = Process()
        process.executableURL = ExecutionCoreTests.lectern
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-out-\(UUID().uuidString)")
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outFile); try? FileManager.default.removeItem(at: errFile) }
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        process.waitUntilExit()
        return Ran(status: process.terminationStatus,
                   out: try String(contentsOf: outFile, encoding: .utf8),
                   err: try String(contentsOf: errFile, encoding: .utf8))
    }

    /// A fresh copy of the nested fixture course, with `lectures/b/intro.md` saved with CRLF line ends.
    static func nestedCourse() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-layout-\(UUID().uuidString)")
        let fixture = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("courses/nested")
        try FileManager.default.copyItem(at: fixture, to: root)
        let b = root.appendingPathComponent("lectures/b/intro.md")
        let text = try String(contentsOf: b, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: b)
        return root
    }

    static func read(_ root: URL, _ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func write(_ root: URL, _ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func aNestedCourseMirrorsItsTree() throws {
        let root = try Self.nestedCourse()
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 0, "\(ran.err)")
        let a = try Self.read(root, "output/a/intro.html")
        let b = try Self.read(root, "output/b/intro.html")
        // Assets beside the page, links between pages, references resolved.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/a/img/setup.png").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/data/points.csv").path))
        #expect(a.contains("<img src=\"./img/setup.png\" alt=\"the setup\" />"))
        #expect(a.contains("<a href=\"../data/points.csv\">the data</a>"))
        #expect(a.contains("<a href=\"../b/intro.html#sec-b\">part B</a>"))
        #expect(a.contains("<a href=\"../b/intro.html#fig-b\">Lecture\u{A0}2, Figure\u{A0}1</a>"), "an empty link names what it points at")
        #expect(a.contains("<a href=\"#fig-a\">Figure\u{A0}1</a>"))
        #expect(a.contains("<a class=\"xref\" href=\"#eq-energy\">Equation\u{A0}1</a>"))
        #expect(a.contains("<a class=\"xref\" href=\"#sec-energy\">Energy</a>"))
        #expect(a.contains("<h2 id=\"sec-energy\">Energy</h2>"), "{#sec-…} sets the id and leaves the title")
        #expect(a.contains("id=\"eq-energy\"") && a.contains("\\tag{1}"))
        #expect(a.contains("<annotation encoding=\"application/x-tex\">\\theta</annotation></semantics></math></span>") && a.contains("</span></span> in its caption"), "math in a caption")
        #expect(b.contains("<a href=\"../a/intro.html#sec-top\">the start</a>"))
        #expect(b.contains("<a class=\"xref\" href=\"#tbl-draws\">Table\u{A0}1</a> has one row"))
        #expect(b.contains("<div class=\"table-wrap\" id=\"tbl-draws\"><table class=\"output-table\"><caption><span class=\"table-number\">Table\u{A0}1</span></caption>"))
        #expect(a.contains("href=\"../assets/style.css\"") && a.contains("href=\"../index.html\""))
        // The figure is the sanitised SVG, inline, offered as a file by the page's script.
        #expect(a.contains("<rect fill=\"teal\" height=\"10\" width=\"10\"></rect>") && !a.contains("<script>alert(1)"))
        #expect(a.contains("<a class=\"figure-file\" href=\"#\" hidden data-file=\"intro-fig-1.svg\">SVG</a>"))
        // Private-use characters and a comment that looks like a placeholder stay text.
        #expect(a.contains("Icons \u{E000}home\u{E001} and \u{E001}0\u{E000} stay; &lt;!--lectern:heading: is only a comment."))
        // The CRLF lecture keeps its front matter.
        #expect(b.contains("<title>Part B, saved on Windows · A nested course</title>"))
        #expect(b.contains("<p class=\"byline\">2026-12-01</p>"), "a date without an author is shown")
        #expect(!(try Self.read(root, "output/b/unseeded.html")).contains("class=\"byline\""), "no author anywhere: no byline, not a placeholder")
        #expect(!b.contains("---"))
        // The sidebar lists every lecture, the current one with its sections.
        #expect(a.contains("<li class=\"current\"><a href=\"./intro.html\" aria-current=\"page\">1. Intro to A</a>"))
        #expect(a.contains("<li><a href=\"../b/intro.html\">2. Part B, saved on Windows</a></li>"))
        #expect(a.contains("<a href=\"#sec-energy\">Energy</a>"))
        // Downloads beside the page, and the search index.
        #expect(try Self.read(root, "output/a/intro.md").contains("{#eq-energy}"))
        let swift = try Self.read(root, "output/b/intro.swift")
        #expect(swift.hasPrefix("// Lectern cells of lectures/b/intro.md") && swift.contains("// seed: 3") && swift.contains("print(\"draw b:\""))
        let search = try Self.read(root, "output/assets/search-index.js")
        #expect(search.hasPrefix("window.lecternSearchIndex = {") && search.contains("[\"a/intro.html\",\"Intro to A\"]") && search.contains("\"sec-energy\",\"Energy\""))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output/a/figures").path), "figures ship once, inline")
        // The index: every page by its relative link, subtitles only where a lecture has one.
        let index = try Self.read(root, "output/index.html")
        #expect(index.contains("<a href=\"./a/intro.html\">Intro to A</a><span class=\"lecture-subtitle\"> — Where it starts</span>"))
        #expect(index.contains("<a href=\"./b/intro.html\">Part B, saved on Windows</a></li>"))
        #expect(index.components(separatedBy: "Course subtitle").count == 2, "the course subtitle once, under the title")
    }

    /// The byline names the lecture's authors, else the course's `author:`, else no one;
    /// the index lists the course's sources once each, with the lectures that use them.
    @Test func theBylineIsTheLecturesAuthorElseTheCourses() throws {
        let root = try Self.nestedCourse()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("lectern.yml")
        let yml = try String(contentsOf: config, encoding: .utf8)
        try Data(yml.replacingOccurrences(of: "subtitle: \"Course subtitle\"\n", with: "subtitle: \"Course subtitle\"\nauthor: \"Ada Lovelace\"\n").utf8).write(to: config)
        // Both lectures of part A and B teach from one talk: the index names it once, with both.
        for (file, title) in [("lectures/a/intro.md", "title: \"Intro to A\"\n"), ("lectures/b/unseeded.md", "")] {
            let url = root.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let source = "source: {author: Grace Hopper, title: \"Compilers\", event: ACM, date: \"1952\"}\n"
            let edited = title.isEmpty ? "---\n" + source + "---\n\n" + text : text.replacingOccurrences(of: title, with: title + source)
            try Data(edited.utf8).write(to: url)
        }
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 0, "\(ran.err)")
        let index = try Self.read(root, "output/index.html")
        #expect(index.contains("<h2 id=\"sources\">Sources</h2>"))
        #expect(index.components(separatedBy: "Grace Hopper, “Compilers”, ACM, 1952 <span class=\"source-lectures\">(Lectures 1 and 3)</span>").count == 2, "\(index)")
        #expect(try Self.read(root, "output/a/intro.html").contains("<p class=\"byline\">A. Lecturer</p>"), "the lecture's own author wins")
        #expect(try Self.read(root, "output/b/intro.html").contains("<p class=\"byline\">Ada Lovelace · 2026-12-01</p>"), "else the course's")
        #expect(try Self.read(root, "output/b/unseeded.html").contains("<p class=\"byline\">Ada Lovelace</p>"))
    }

    @Test func aLectureIsTheSameHoweverItIsNamed() throws {
        let root = try Self.nestedCourse()
        defer { try? FileManager.default.removeItem(at: root) }
        func draw(_ ran: Ran) -> String? {
            ran.out.split(separator: "\n").first { $0.hasPrefix("draw:") }.map(String.init)
        }
        let plain = try Self.lectern(["run", "lectures/b/unseeded.md"], in: root)
        #expect(plain.status == 0, "\(plain.err)")
        let expected = try #require(draw(plain))
        let dotted = try Self.lectern(["run", "./lectures/../lectures/b/unseeded.md"], in: root)
        let inside = try Self.lectern(["run", "unseeded.md"], in: root.appendingPathComponent("lectures/b"))
        let absolute = try Self.lectern(["run", root.appendingPathComponent("lectures/b/unseeded.md").path], in: URL(fileURLWithPath: "/"))
        let noCache = try Self.lectern(["run", "--no-cache", "lectures/b/unseeded.md"], in: root)
        for ran in [dotted, inside, absolute, noCache] {
            #expect(ran.status == 0, "\(ran.err)")
            #expect(draw(ran) == expected, "the default seed comes from the course path: \(ran.out)")
            #expect(ran.out.contains("lectures/b/unseeded.md:"), "errors and headers name the course path")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("lectures/b/.lectern").path), "no stray state folder")
        // A folder means every lecture under it.
        let folder = try Self.lectern(["render", "lectures/b"], in: root)
        #expect(folder.status == 0, "\(folder.err)")
        #expect(folder.err.contains("lectures/b/intro.md") && folder.err.contains("lectures/b/unseeded.md") && !folder.err.contains("lectures/a/intro.md"))
        // Outside the course is refused.
        let stray = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-stray-\(UUID().uuidString).md")
        try "# Stray\n".write(to: stray, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: stray) }
        let outside = try Self.lectern(["run", "--course", root.path, stray.path], in: root)
        #expect(outside.status == 2)
        #expect(outside.err.contains("outside the course"))
    }

    @Test func listMistakesAreErrorsAndTheRestStillBuilds() throws {
        let root = try Self.nestedCourse()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write(root, "lectern.yml", """
            title: "A nested course"
            lectures:
              - lectures/a/intro.md
              - lectures/b/intro.md
              - ./lectures/a/intro.md
              - lectures/missing.md
            """)
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 1)
        #expect(ran.err.contains("lectern.yml:5: error: './lectures/a/intro.md' is listed twice (first at line 3)"), "\(ran.err)")
        #expect(ran.err.contains("lectern.yml:6: error: lecture 'lectures/missing.md' is listed but does not exist"))
        #expect(ran.err.contains("lectures/b/unseeded.md: warning: this lecture is not in lectern.yml's 'lectures:' list"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/a/intro.html").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/b/intro.html").path))
        // check builds every lecture under the course, listed or not.
        let check = try Self.lectern(["check"], in: root)
        #expect(check.status == 1)
        #expect(check.err.contains("lectures/b/unseeded.md") && check.err.contains("checked 3 lecture(s)"), "\(check.err)")
    }

    @Test func collisionsAndReservedNamesAreErrorsNamingBothFiles() throws {
        let root = try Self.nestedCourse()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("lectern.yml"))
        try Self.write(root, "lectures/index.md", "# An index of my own\n")
        try Self.write(root, "lectures/A/Intro.md", "# Same page on a case-insensitive disk\n")
        try Self.write(root, "lectures/javascript:alert(1).md", "# Named to be a link\n")
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 1)
        #expect(ran.err.contains("lectures/index.md: error: this lecture would be the page index.html, which is the course index"), "\(ran.err)")
        #expect(ran.err.contains("lectures/a/intro.md: error: this lecture and lectures/A/Intro.md would both be the page a/intro.html"))
        let index = try Self.read(root, "output/index.html")
        #expect(index.contains("An index of my own") == false, "the course index is not overwritten")
        #expect(index.contains("href=\"./javascript%3Aalert%281%29.html\""), "a file name never becomes a scheme")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/b/intro.html").path), "the others still build")
    }

    @Test func brokenLinksAndLabelsAreErrorsAtTheirLine() throws {
        let root = try Self.nestedCourse()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write(root, "lectures/b/unseeded.md", """
            # Unseeded

            ![gone](img/gone.png), [secret](../../../etc/passwd), [nope](../a/intro.md#nope), [x](notes.md)
            and @eq-none, @sec-none, @tbl-none; [fine](https://example.org/a%20b) stays.

            ```swift
            //| label: fig-twice
            print(1)
            ```

            ```swift
            //| label: fig-twice
            print(2)
            ```
            """)
        try Self.write(root, "lectures/b/notes.md", "not a listed lecture\n")
        try Self.write(root, "lectern.yml", "title: t\nlectures: [lectures/a/intro.md, lectures/b/intro.md, lectures/b/unseeded.md]\n")
        let ran = try Self.lectern(["check", "lectures/b/unseeded.md"], in: root)
        #expect(ran.status == 1)
        for expected in [
            "lectures/b/unseeded.md:3: error: image: 'img/gone.png' does not exist",
            "lectures/b/unseeded.md:3: error: link: '../../../etc/passwd' is outside the course",
            "lectures/b/unseeded.md:3: error: link: #nope is not on lectures/a/intro.md's page",
            "lectures/b/unseeded.md:3: error: link: 'notes.md' is not a lecture of this course",
            "lectures/b/unseeded.md:4: error: @eq-none refers to nothing on this page",
            "lectures/b/unseeded.md:4: error: @sec-none refers to nothing on this page",
            "lectures/b/unseeded.md:4: error: @tbl-none refers to nothing on this page",
            "lectures/b/unseeded.md:12: error: the label 'fig-twice' is used twice (first at line 7)",
        ] {
            #expect(ran.err.contains(expected), "missing: \(expected)\n\(ran.err)")
        }
        #expect(!ran.err.contains("example.org"), "external links are left alone")
    }

    @Test func aCacheEntryMissingAFileIsRunAgain() throws {
        let root = try Self.nestedCourse()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.lectern(["render", "lectures/b/intro.md"], in: root).status == 0)
        let cache = root.appendingPathComponent(".lectern/cache")
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { !$0.hasPrefix(".") }
        #expect(entries.count == 1)
        let entry = cache.appendingPathComponent(try #require(entries.first))
        try FileManager.default.removeItem(at: entry.appendingPathComponent("fig-1.svg"))
        let check = try Self.lectern(["check", "lectures/b/intro.md"], in: root)
        #expect(check.status == 0, "\(check.err)")
        #expect(check.err.contains("✓ lectures/b/intro.md  compile"), "a broken entry is a miss: \(check.err)")
        let again = try Self.lectern(["render", "lectures/b/intro.md"], in: root)
        #expect(again.status == 0)
        #expect(again.err.contains("✓ lectures/b/intro.md  cached"))
        #expect(try Self.read(root, "output/b/intro.html").contains("<circle cx=\"5\" cy=\"5\" r=\"4\"></circle>"), "the figure is back on the page")
    }

    @Test func aCachedRenderRacingAFreshOneSeesWholeEntries() throws {
        let root = try Self.nestedCourse()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.lectern(["render", "lectures/b"], in: root).status == 0)
        for _ in 0..<3 {
            let results = Mutex<[Ran]>([])
            DispatchQueue.concurrentPerform(iterations: 3) { i in
                let arguments = i == 0 ? ["render", "lectures/b"] : ["render", "--no-cache", "--out", "output-\(i)", "lectures/b"]
                if let ran = try? Self.lectern(arguments, in: root) { results.withLock { $0.append(ran) } }
            }
            for ran in results.withLock({ $0 }) {
                #expect(ran.status == 0, "\(ran.err)")
                #expect(!ran.err.contains("error"), "\(ran.err)")
            }
        }
        #expect(try Self.read(root, "output/b/intro.html").contains("draw b:"))
    }

    @Test func aCommandLineLecternCannotReadExitsTwoAndHelpExitsZero() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-usage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for arguments in [["render", "--bogus"], ["render", "-j", "x"], ["nonsense-command", "--x"]] {
            let ran = try Self.lectern(arguments, in: root)
            #expect(ran.status == 2, "\(arguments): a usage error is 2, as the README says: \(ran.status) \(ran.err)")
            #expect(ran.err.contains("Usage:") || ran.err.contains("Error:"), "\(ran.err)")
        }
        for arguments in [["--help"], ["render", "--help"], ["--version"]] {
            #expect(try Self.lectern(arguments, in: root).status == 0, "\(arguments)")
        }
    }

    @Test func anEmptyFolderSaysHowToStartAndInitStartsACourseThatBuilds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = try Self.lectern(["render"], in: root)
        #expect(empty.status == 2)
        #expect(empty.err.contains("no lectures here") && empty.err.contains("lectern init"))
        let made = try Self.lectern(["init", "course"], in: root)
        #expect(made.status == 0, "\(made.err)")
        let course = root.appendingPathComponent("course")
        for file in ["lectern.yml", ".gitignore", "lectures/01-first-lecture.md"] {
            #expect(FileManager.default.fileExists(atPath: course.appendingPathComponent(file).path), "\(file)")
        }
        let again = try Self.lectern(["init", "course"], in: root)
        #expect(again.status == 2, "init never overwrites a course")
        let render = try Self.lectern(["render"], in: course)
        #expect(render.status == 0, "the scaffold builds as it is: \(render.err)")
        let page = try Self.read(course, "output/01-first-lecture.html")
        #expect(page.contains("<svg") && page.contains("Equation\u{A0}1") && page.contains("Figure\u{A0}1") && page.contains("mean of 1000 draws"))
        let version = try Self.lectern(["--version"], in: root)
        #expect(version.status == 0 && version.out.hasPrefix("lectern \(LecternVersion.number)"))
    }
}
