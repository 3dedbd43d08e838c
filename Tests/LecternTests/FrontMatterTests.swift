import Testing
@testable import Lectern

@Suite struct FrontMatterTests {
    @Test func readsFieldsAndKeepsLineNumbers() throws {
        let source = """
        ---
        title: "The box factory"
        subtitle: Beta posteriors
        author: [A. Lecturer, B. Assistant]
        date: 2026-11-23
        seed: 7
        timeout: 120
        execute:
          echo: false
          fig-width: 6
        inputs: [data/boxes.csv]
        ---
        body line 13
        """
        let (matter, body) = try FrontMatter.split(source, file: "x.md")
        #expect(matter.title == "The box factory")
        #expect(matter.subtitle == "Beta posteriors")
        #expect(matter.authors == ["A. Lecturer", "B. Assistant"])
        #expect(matter.date == "2026-11-23")
        #expect(matter.seed == 7)
        #expect(matter.options.number(Options.lectureTimeout) == 120)
        #expect(CellSettings(matter.execute).echo == .hide)
        #expect(CellSettings(matter.execute).figWidth == 6)
        #expect(matter.inputs == ["data/boxes.csv"])
        #expect(body.split(separator: "\n", omittingEmptySubsequences: false)[12] == "body line 13")
    }

    @Test func errorsNameTheLine() {
        for (yaml, line, fragment) in [("title: a\nsede: 3", 3, "unknown front matter key 'sede'"),
                                       ("title: a\nseed: -1", 3, "whole number"),
                                       ("title: a\nexecute:\n  echo: sometimes", 4, "true, false or fold"),
                                       ("title: a\nexecute:\n  colour: red", 4, "unknown execution option"),
                                       ("title: [unclosed", 3, "not valid YAML")] {
            Self.expectError(yaml, line: line, fragment)
        }
    }

    /// Front matter `yaml` is one error at file line `line` whose message holds `fragment`.
    static func expectError(_ yaml: String, line: Int, _ fragment: String) {
        do {
            _ = try FrontMatter.split("---\n\(yaml)\n---\nbody", file: "x.md")
            Issue.record("no error for \(yaml)")
        } catch let error as LecternError {
            #expect(error.line == line, "\(yaml): \(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func sourcesAreReadAndNamed() throws {
        let one = try FrontMatter.split("---\ntitle: T\nsource:\n  author: Ezequiel Alvarez\n  title: \"Bayesian ML\"\n  event: ICTP-SAIFR\n  date: October 2024\n---\nbody", file: "x.md").0
        #expect(one.sources.map(\.text) == ["Ezequiel Alvarez, “Bayesian ML”, ICTP-SAIFR, October 2024"])
        let two = try FrontMatter.split("---\nsource:\n  - {author: [A, B], title: One, url: https://example.org/one}\n  - {author: C, title: Two}\n---\nbody", file: "x.md").0
        #expect(two.sources.map(\.text) == ["A, B, “One”", "C, “Two”"])
        #expect(two.sources[0].url == "https://example.org/one")
        let context = Source.templateContext(two.sources)
        #expect((context["sources"] as? [[String: Any]])?.map { $0["separator"] as? String } == ["; ", ""])
        for (yaml, line, fragment) in [("title: a\nsource:\n  author: X\n  titel: Y", 5, "unknown field 'titel' of 'source' (did you mean 'title'?)"),
                                       ("title: a\nsource:\n  author: X", 3, "needs its author and its title"),
                                       ("title: a\nsource: Alvarez 2024", 3, "must be a mapping"),
                                       ("title: a\nsource:\n  author: X\n  title: Y\n  url: javascript:alert(1)", 6, "starting with https://")] {
            Self.expectError(yaml, line: line, fragment)
        }
    }

    @Test func everyBadKeyIsReportedAtOnce() {
        let source = "---\ntitle: T\nseed: -1\ntoc: maybe\nauthor: {a: b}\n---\nbody\n"
        do {
            _ = try FrontMatter.split(source, file: "x.md")
            Issue.record("expected errors")
        } catch let errors as LecternErrors {
            #expect(errors.all.map(\.line) == [3, 4, 5])
            #expect(errors.all[2].message.contains("'author' must be text"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func unclosedFrontMatterIsAnError() {
        #expect(throws: LecternError.self) { _ = try FrontMatter.split("---\ntitle: x\n", file: "x.md") }
    }

    @Test func noFrontMatterLeavesTheBody() throws {
        let (matter, body) = try FrontMatter.split("# Hi\n", file: "x.md")
        #expect(matter == FrontMatter())
        #expect(body == "# Hi\n")
    }

    @Test func courseConfigReadsOrderAndDefaults() throws {
        let config = try CourseConfig.parse("title: Course\nlectures: [a.md, b.md]\nexecute:\n  echo: fold\ntimeout: 30\n", file: "lectern.yml")
        #expect(config.title == "Course")
        #expect(config.lectures == ["a.md", "b.md"])
        #expect(CellSettings(config.execute).echo == .fold)
        #expect(config.timeout == 30)
        #expect(throws: LecternError.self) { _ = try CourseConfig.parse("titel: x", file: "lectern.yml") }
        #expect(try CourseConfig.parse("lecture-output-limit: 5 MB", file: "lectern.yml").options.bytes(Options.lectureOutputLimit) == 5_000_000)
    }

    @Test func lectureLimitsAreRangeChecked() {
        for (yaml, fragment) in [("timeout: 1e300", "up to 1000000"), ("timeout: 5000000000", "up to 1000000"),
                                 ("lecture-output-limit: -1", "from 1 byte")] {
            #expect {
                _ = try FrontMatter.parse("title: x\n" + yaml, file: "l.md", firstLine: 2)
            } throws: { error in
                let e = error as? LecternError
                return e?.line == 3 && e?.message.contains(fragment) == true
            }
            #expect(throws: LecternError.self) { _ = try CourseConfig.parse(yaml, file: "lectern.yml") }
        }
    }
}
