import Foundation
import Synchronization
import Testing
@testable import Lectern

@Suite struct LectureTests {
    static let source = """
    ---
    title: "Demo"
    seed: 11
    ---

    # Heading one

    Value before any cell: `{swift} 1 + 1`.

    ```swift
    //| label: fig-a
    let x = 2
    ```

    See @fig-a; mail me at a@fig-b.org. The value is `{swift} x * 3`.

    ## Part *two*

    ```python
    print("not a cell")
    ```

    ```swift
    //| eval: false
    let never = 1
    ```

    ```swift
    //| error: true
    fatalError("boom")
    ```
    """

    @Test func findsCellsInlinesReferencesAndHeadings() throws {
        let lecture = try Lecture(source: Self.source, path: "lectures/demo.md")
        #expect(lecture.title == "Demo")
        #expect(lecture.seed == 11)
        #expect(lecture.cells.map(\.firstLine) == [11, 24, 29])
        #expect(lecture.cells[0].options.label == "fig-a")
        #expect(lecture.cells[0].displayCode == "let x = 2")
        #expect(lecture.cells[1].settings.eval == false)
        #expect(lecture.cells[2].settings.error == true)
        #expect(lecture.inlines.map(\.expression) == ["1 + 1", "x * 3"])
        #expect(lecture.inlines.map(\.afterCell) == [-1, 0])
        #expect(lecture.inlines.map(\.line) == [8, 15])
        #expect(lecture.references.map(\.label) == ["fig-a"])
        #expect(lecture.references.map(\.line) == [15])
        #expect(lecture.headings.map(\.id) == ["heading-one", "part-two"])
        #expect(lecture.html.contains("<h2 id=\"part-two\">Part <em>two</em></h2>"))
        #expect(lecture.html.contains("<code class=\"language-python\">"))
        #expect(lecture.html.contains("a@fig-b.org"))
    }

    @Test func defaultSeedDependsOnThePath() throws {
        let a = try Lecture(source: "```swift\nlet a = 1\n```\n", path: "lectures/a.md")
        let b = try Lecture(source: "```swift\nlet a = 1\n```\n", path: "lectures/b.md")
        #expect(a.seed != b.seed)
        #expect(a.seed == (try Lecture(source: "", path: "lectures/a.md")).seed)
        #expect(a.title == "a")
    }

    @Test func optionErrorsCarryTheFileLine() {
        #expect(throws: LecternError.self) { _ = try Lecture(source: "\n\n```swift\n//| colour: red\n```\n", path: "l.md") }
        do { _ = try Lecture(source: "\n\n```swift\n//| colour: red\n```\n", path: "l.md") } catch let e as LecternError {
            #expect(e.location == "l.md:4")
        } catch {}
    }

    @Test func anInlineReadingALaterCellsGlobalIsAnErrorAtItsLine() throws {
        let source = "```swift\nlet a = 1\nfunc later() -> Int { 4 }\n```\n\nFine: `{swift} a + later()`. Not yet: `{swift} close[0]`.\n\n```swift\nlet (close, b) = ([1.0], 2)\nstruct Later {}\n```\n\nNow `{swift} close[0]` and `{swift} Later()`.\n"
        do {
            _ = try Lecture(source: source, path: "l.md")
            Issue.record("the forward read was not found")
        } catch let e as LecternError {
            #expect(e.location == "l.md:6")
            #expect(e.message.contains("`{swift} close[0]` reads 'close', which the cell at line 9 sets"), "\(e.message)")
        }
        // Functions and types may come later (they need no run); a local of a closure is not a global.
        _ = try Lecture(source: "```swift\nlet xs = [1]\n```\n\n`{swift} xs.map { close in close + 1 }` `{swift} f()`\n\n```swift\nlet close = 1\nfunc f() -> Int { 1 }\n```\n", path: "l.md")
    }

    @Test func programPlacesCellsAndInlinesWithSourceLocations() throws {
        let lecture = try Lecture(source: Self.source, path: "lectures/demo.md")
        let program = Program(lecture: lecture)
        #expect(program.source.contains("_lecternStart(seed: 11)"))
        #expect(program.source.contains("#sourceLocation(file: \"lectures/demo.md\", line: 11)\n//|\nlet x = 2\n#sourceLocation()"))
        #expect(!program.source.contains("let never"))
        #expect(program.source.contains("_lecternExpectFailure(2) {\n#sourceLocation(file: \"lectures/demo.md\", line: 29)\n//|\nfatalError(\"boom\")\n#sourceLocation()\n}"))
        let first = program.source.range(of: "_lecternInline(0,")!.lowerBound
        let cell = program.source.range(of: "_lecternCell(0")!.lowerBound
        let second = program.source.range(of: "_lecternInline(1,")!.lowerBound
        #expect(first < cell && cell < second)
        #expect(program.units.map(\.lines.lowerBound) == [8, 11, 15, 29])
    }

    @Test func proseEditsKeepTheLayoutFreeProgram() throws {
        let a = Program(lecture: try Lecture(source: Self.source, path: "lectures/demo.md"))
        let edited = Self.source.replacingOccurrences(of: "# Heading one\n", with: "# Heading one\n\nA new paragraph\nover two lines.\n")
        let b = Program(lecture: try Lecture(source: edited, path: "lectures/demo.md"))
        #expect(a.source != b.source)
        #expect(a.layoutFreeSource == b.layoutFreeSource)
        let codeEdit = Self.source.replacingOccurrences(of: "let x = 2", with: "let x = 3")
        #expect(Program(lecture: try Lecture(source: codeEdit, path: "lectures/demo.md")).layoutFreeSource != a.layoutFreeSource)
    }

    /// Lectures are parsed on several threads at once (`-j`): run under
    /// ThreadSanitizer, this would report cmark-gfm's unlocked extension registry.
    @Test func lecturesParseOnSeveralThreadsAtOnce() throws {
        let expected = try Lecture(source: Self.source, path: "lectures/demo.md").html
        let results = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let html = (try? Lecture(source: Self.source, path: "lectures/demo.md").html) ?? ""
            results.withLock { $0.append(html) }
        }
        #expect(results.withLock { $0 } == Array(repeating: expected, count: 8))
    }
}
