import ArgumentParser
import Foundation
import Lectern

@main
struct LecternCommand: ParsableCommand {
    static func main() {
        // Ctrl-C, SIGTERM and SIGHUP end every program Lectern started before it exits.
        Teardown.installSignalHandlers()
        do {
            var command = try parseAsRoot()
            try command.run()
            Teardown.yieldToStop()
        } catch {
            Teardown.yieldToStop()
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "Render Markdown lectures with executable Swift cells into a static course site.",
        subcommands: [Render.self, Run.self, Check.self, PreviewCommand.self],
        defaultSubcommand: Render.self)
}

struct CourseOptions: ParsableArguments {
    @Option(name: .long, help: "The course folder (with lectures/ and lectern.yml).")
    var course: String = "."

    @Flag(name: .long, help: "Compile and run every lecture again, ignoring cached results.")
    var noCache = false

    func load() throws -> Course {
        try Course(root: URL(fileURLWithPath: course, isDirectory: true))
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render the course (or some lectures) into a site.")

    @Argument(help: "Lectures to render (default: all).")
    var lectures: [String] = []

    @Option(name: .long, help: "Where the site goes.")
    var out: String = "output"

    @Option(name: .short, help: "Lectures built at the same time (default: the number of cores).")
    var j: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var options: CourseOptions

    func run() throws {
        let failed = try Console.guarded {
            let course = try options.load()
            let all = try course.lecturePaths()
            let chosen = lectures.isEmpty ? all : lectures.map(course.relativePath)
            let outcomes = Console.build(course, chosen, jobs: j, useCache: !options.noCache)
            let outURL = URL(fileURLWithPath: out, relativeTo: course.root).standardizedFileURL
            let site = try Site(course: course, output: outURL)
            let indexOrder = all + Set(chosen).subtracting(all).sorted()
            let pageErrors = try site.write(outcomes, lectures: indexOrder)
            Console.report(pageErrors.values.flatMap { $0 })
            FileHandle.standardError.write(Data("site: \(outURL.path)/index.html\n".utf8))
            return outcomes.contains(where: \.failed) || !pageErrors.isEmpty
        }
        if failed { throw ExitCode(1) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every cell and check every reference; write no site. For CI.")

    @Argument(help: "Lectures to check (default: all).")
    var lectures: [String] = []

    @Option(name: .short, help: "Lectures built at the same time.")
    var j: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var options: CourseOptions

    func run() throws {
        let failed = try Console.guarded {
            let course = try options.load()
            let chosen = lectures.isEmpty ? try course.lecturePaths() : lectures.map(course.relativePath)
            let outcomes = Console.build(course, chosen, jobs: j, useCache: !options.noCache)
            let referenceErrors = outcomes.flatMap(\.referenceErrors)
            Console.report(referenceErrors)
            let count = outcomes.filter(\.failed).count + Set(referenceErrors.map(\.file)).count
            FileHandle.standardError.write(Data("checked \(outcomes.count) lecture(s): \(count == 0 ? "all good" : "problems above")\n".utf8))
            return count > 0
        }
        if failed { throw ExitCode(1) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one lecture in the terminal and print each cell's output.")

    @Argument(help: "The lecture to run.")
    var lecture: String

    @OptionGroup var options: CourseOptions

    func run() throws {
        let failed = try Console.guarded {
            let course = try options.load()
            let path = course.relativePath(lecture)
            var build = CourseBuild(course: course, jobs: 1, useCache: !options.noCache)
            let printer = LivePrinter(course: course)
            build.live = { lecture, cell, output in printer.print(lecture, cell, output) }
            let outcome = build.build([path])[0]
            printer.finish(outcome)
            Console.report(outcome.errors + outcome.referenceErrors)
            return outcome.failed
        }
        if failed { throw ExitCode(1) }
    }
}
