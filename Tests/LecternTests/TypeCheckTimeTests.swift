import Foundation
import Testing
@testable import Lectern

/// `lectern check --type-check-limit`: every expression over the limit is
/// reported at its lecture line, and a cheap lecture reports nothing.
@Suite struct TypeCheckTimeTests {
    @Test func aSlowExpressionIsReportedAtItsLine() throws {
        let course = try ExecutionCoreTests.course(["slow-type-check"])
        defer { try? FileManager.default.removeItem(at: course.root) }
        var build = CourseBuild(course: course, jobs: 1)
        build.typeCheckLimit = 100
        let outcome = build.build(["lectures/slow-type-check.md"])[0]
        let slow = outcome.errors.filter { $0.message.contains("to type-check") }
        // The flipped rows (line 16) take ~0.5 s on this machine, five times the limit; the cheap cell is far under.
        #expect(slow.map(\.line) == [16], "\(outcome.errors)")
        #expect(slow.first?.message.contains("the limit is 100 ms") == true)
        #expect(outcome.failed)
        #expect(outcome.result?.cells[1].outputs.isEmpty == false, "the lecture still ran")
    }

    @Test func warningsBecomeLocatedErrors() {
        let lines = ["lectures/a.md:12:7: warning: expression took 937ms to type-check (limit: 100ms)",
                     "lectures/b.md:3:1: warning: expression took 400ms to type-check (limit: 100ms)",
                     "lectures/a.md:14:1: warning: variable 'x' was never used"]
        let found = TypeCheckTime.parse(lines, file: "lectures/a.md", limit: 100)
        #expect(found.map(\.location) == ["lectures/a.md:12:7"])
        #expect(found.first?.message.hasPrefix("this expression took 937 ms") == true)
    }
}
