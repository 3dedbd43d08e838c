import Foundation
import Yams
import Testing
@testable import Lectern

@Suite struct CellOptionsTests {
    func parse(_ text: String, firstLine: Int = 10) throws -> (CellOptions, Int) {
        try CellOptions.parse(lines: text.split(separator: "\n", omittingEmptySubsequences: false), firstLine: firstLine, file: "l.md")
    }

    @Test func readsEveryKnownOption() throws {
        let (o, count) = try parse("""
        //| label: fig-box
        //| fig-cap: "Beta(2,2) prior: and posterior"
        //| fig-alt: two curves
        //| echo: fold
        //| eval: true
        //| output: false
        //| include: true
        //| error: true
        //| fig-width: 8
        //| fig-height: 3.5
        //| timeout: 20
        let x = 1
        """)
        #expect(count == 11)
        #expect(o.label == "fig-box")
        #expect(o.figCap == "Beta(2,2) prior: and posterior")
        #expect(o.figAlt == "two curves")
        #expect(CellSettings(o.values).echo == .fold)
        #expect(CellSettings(o.values).output == false)
        #expect(CellSettings(o.values).error == true)
        #expect(CellSettings(o.values).figWidth == 8)
        #expect(CellSettings(o.values).figHeight == 3.5)
        #expect(CellSettings(o.values).timeout == 20)
    }

    @Test func unknownOptionNamesItsLineAndSuggests() {
        #expect(throws: LecternError(file: "l.md", line: 11, "unknown cell option 'fig-cp' (did you mean 'fig-cap'?); known options: \(CellOptions.keys.joined(separator: ", "))")) {
            _ = try parse("//| label: a\n//| fig-cp: x\nlet y = 2")
        }
    }

    @Test func badValuesAreLocated() throws {
        for (text, line, fragment) in [("//| echo: maybe", 10, "true, false or fold"),
                                       ("//| label: a\n//| timeout: -3", 11, "a positive number"),
                                       ("//| eval: 3", 10, "true or false"),
                                       ("//| label: 1abc", 10, "must start with a letter"),
                                       ("//| nokey", 10, "needs a value"),
                                       ("//| echo: true\n//| echo: false", 11, "set twice"),
                                       // Values that once trapped Lectern or the program.
                                       ("//| timeout: 5000000000", 10, "up to 1000000"),
                                       ("//| timeout: 1e300", 10, "up to 1000000"),
                                       ("//| timeout: .nan", 10, "a positive number"),
                                       ("//| fig-width: 1e300", 10, "inches up to 100"),
                                       ("//| output-limit: 0", 10, "from 1 byte to 1 GB"),
                                       ("//| output-limit: 2 TB", 10, "from 1 byte to 1 GB")] {
            do {
                _ = try parse(text)
                Issue.record("no error for \(text)")
            } catch let error as LecternError {
                #expect(error.line == line, "\(text)")
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }

    @Test func optionsStopAtTheFirstCodeLine() throws {
        // An option below code or a comment would be ignored: it is an error at its line.
        for text in ["let a = 1\n//| echo: false", "// a comment\n//| echo: false"] {
            #expect(throws: LecternError.self) { try parse(text) }
            do { _ = try parse(text) } catch let error as LecternError {
                #expect(error.message.contains("comes after the cell's first line"), "\(error.message)")
            }
        }
        let (o, count) = try parse("let a = 1\n// //| is fine inside a comment")
        #expect(count == 0)
        #expect(o == CellOptions())
    }

    @Test func cellOverridesLectureOverridesCourse() throws {
        var course = OptionValues(); course[Options.echo] = .echo(.hide); course[Options.figWidth] = .number(5)
        var lecture = OptionValues(); lecture[Options.echo] = .echo(.fold)
        var cell = OptionValues(); cell[Options.figWidth] = .number(9)
        let settings = CellSettings(course.merged(with: lecture).merged(with: cell))
        #expect(settings.echo == .fold)
        #expect(settings.figWidth == 9)
        #expect(settings.eval)
    }

    @Test func outputLimitsReadUnits() throws {
        #expect(try parse("//| output-limit: 2000").0.values.bytes(Options.outputLimit) == 2000)
        #expect(try parse("//| output-limit: 500 kB").0.values.bytes(Options.outputLimit) == 500_000)
        #expect(try parse("//| output-limit: 1 MiB").0.values.bytes(Options.outputLimit) == 1_048_576)
    }
}

/// The one table of options is what the README lists.
@Suite struct OptionTableTests {
    @Test func theREADMEListsEveryOptionAsTheTableDeclaresIt() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- options:start -->\n")), end = try #require(text.range(of: "<!-- options:end -->"))
        #expect(String(text[start.upperBound..<end.lowerBound]) == Options.markdownTable + "\n",
                "README.md's option list differs from the table; put this between the markers:\n\(Options.markdownTable)")
    }

    @Test func everyOptionIsDeclaredOnceAndReadsItsDefault() throws {
        var seen = Set<String>()
        for option in Options.all {
            let place = "\(option.key) \(option.level == .lecture ? "lecture" : "cell")"
            #expect(seen.insert(place).inserted, "\(place) is declared twice")
            #expect(!option.summary.isEmpty && !option.accepts.isEmpty)
        }
        // A value written as the README shows the default reads back as that default.
        for option in Options.all {
            guard let value = option.defaultValue else { continue }
            let node = try #require(try Yams.compose(yaml: value.written))
            #expect(option.read(node) == value, "\(option.key): \(value.written)")
        }
    }
}
