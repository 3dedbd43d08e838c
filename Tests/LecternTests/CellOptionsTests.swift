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
        #expect(o.execution.echo == .fold)
        #expect(o.execution.output == false)
        #expect(o.execution.error == true)
        #expect(o.execution.figWidth == 8)
        #expect(o.execution.figHeight == 3.5)
        #expect(o.execution.timeout == 20)
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
        var course = ExecutionOptions(); course.echo = .hide; course.figWidth = 5
        var lecture = ExecutionOptions(); lecture.echo = .fold
        var cell = ExecutionOptions(); cell.figWidth = 9
        let settings = CellSettings(course.merged(with: lecture).merged(with: cell))
        #expect(settings.echo == .fold)
        #expect(settings.figWidth == 9)
        #expect(settings.eval)
    }

    @Test func outputLimitsReadUnits() throws {
        #expect(try parse("//| output-limit: 2000").0.execution.outputLimit == 2000)
        #expect(try parse("//| output-limit: 500 kB").0.execution.outputLimit == 500_000)
        #expect(try parse("//| output-limit: 1 MiB").0.execution.outputLimit == 1_048_576)
    }
}
