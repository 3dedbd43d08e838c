import ArgumentParser
import Foundation
import Lectern

@main
struct LecternCommand: ParsableCommand {
    static func main() {
        // Ctrl-C, SIGTERM and SIGHUP end every program Lectern started before it exits.
        Teardown.installSignalHandlers()
        // Whatever a cell starts is adopted when its parent dies, and ended with its run.
        Teardown.adoptOrphans()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // A usage error exits 2 (set-up, usage or I/O), not ArgumentParser's 64;
            // --help and --version still exit 0.
            if exitCode(for: error).isSuccess { exit(withError: error) }
            Console.err(fullMessage(for: error))
            Foundation.exit(2)
        }
        do {
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
        version: LecternVersion.text,
        subcommands: [Render.self, Run.self, Check.self, PreviewCommand.self, Freeze.self, Clean.self, Init.self, Docs.self],
        defaultSubcommand: Render.self)
}

struct CourseOptions: ParsableArguments {
    @Option(name: .long, help: "The course folder (default: the nearest folder above the lectures or the current folder with lectern.yml, else the current folder).")
    var course: String?

    @Flag(name: .long, help: "Compile and run every lecture again, ignoring cached results.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("A shared remote cache (Bazel's HTTP cache layout: bazel-remote, nginx with WebDAV); default: LECTERN_CACHE_URL, else 'cache: url' in lectern.yml. Credentials: LECTERN_CACHE_TOKEN, or LECTERN_CACHE_USER and LECTERN_CACHE_PASSWORD.", valueName: "URL"))
    var cacheUrl: String?

    @Option(name: .long, help: ArgumentHelp("What to do with the remote cache: read-write (default), read (for untrusted jobs: never writes) or off.", valueName: "MODE"))
    var remoteCache: String?

    @Flag(name: .long, help: "Leave every '::: {.solution}' (and every cell in one) out of everything written, as 'solutions: false' in lectern.yml does: pages, slides, handouts, search, downloads.")
    var noSolutions = false

    static var here: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true) }

    /// The remote cache these options and the course name, if any.
    func remote(for course: Course) throws -> RemoteCache? {
        var mode: RemoteCache.Mode?
        if let remoteCache {
            guard let chosen = RemoteCache.Mode(rawValue: remoteCache) else {
                throw LecternError(file: "lectern", "--remote-cache takes \(RemoteCache.Mode.allCases.map(\.rawValue).joined(separator: ", ")), not '\(remoteCache)'")
            }
            mode = chosen
        }
        return try RemoteCache.configured(for: course, url: cacheUrl, mode: mode)
    }

    /// The lectures of `shard` among `chosen` (all of `chosen` without one).
    func part(_ chosen: [String], shard: String?, course: Course, remote: RemoteCache?) throws -> [String] {
        guard let shard else { return chosen }
        let part = try Shard.parse(shard)
        let timings = Timings.load(state: course.stateDirectory, remote: remote)
        let mine = part.pick(chosen, seconds: timings.seconds)
        Console.err("shard \(part.index)/\(part.count): \(mine.count) of \(chosen.count) lecture(s)\(timings.seconds.isEmpty ? " (no timings known: split by path)" : " (split by their last known times)")")
        return mine
    }

    func load(for arguments: [String] = []) throws -> Course {
        var found = try Course.locate(explicit: course, arguments: arguments, from: Self.here)
        if noSolutions { found.config.solutions = false }
        return found
    }

    /// The course's plan, with the lectures the command line names (or all),
    /// its problems reported. An empty course is an error that says how to start.
    func plan(_ course: Course, _ arguments: [String], including unlisted: Bool = false) throws -> (plan: CoursePlan, chosen: [String]) {
        var plan = course.plan()
        if let warning = course.stateWarning { plan.problems.insert(warning, at: 0) }
        var chosen = plan.lectures
        if !arguments.isEmpty {
            let named = try course.lectures(named: arguments, from: Self.here)
            let admitted = Set(course.admitPages(plan.lectures + named.filter { !plan.lectures.contains($0) }, problems: &plan.problems))
            chosen = named.filter(admitted.contains)
        } else if unlisted, course.config.lectures != nil {
            let extra = course.discoveredLectures().filter { !plan.lectures.contains($0) }
            chosen = course.admitPages(plan.lectures + extra, problems: &plan.problems)
        }
        Console.report(plan.problems)
        if chosen.isEmpty && !plan.failed {
            throw LecternError(file: course.root.path, "no lectures here: a course keeps its Markdown lectures in lectures/ (or lists them in lectern.yml); run 'lectern init' to start one")
        }
        return (plan, chosen)
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render the course (or some lectures) into a site.")

    @Argument(help: "Lectures to render (default: all).")
    var lectures: [String] = []

    @Option(name: .long, help: "Where the site goes (relative to the current folder; default: output/ in the course).")
    var out: String?

    @Option(name: .short, help: "Lectures built at the same time (default: the number of cores).")
    var j: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Build only part K of N of the lectures (balanced by their last known times) and store their results, for CI jobs sharing a remote cache; no site is written (a render without --shard assembles it).", valueName: "K/N"))
    var shard: String?

    @OptionGroup var options: CourseOptions

    func run() throws {
        try Console.guarded {
            let course = try options.load(for: lectures)
            let outURL = try Site.output(out, from: CourseOptions.here, course: course)
            let (plan, chosen) = try options.plan(course, lectures)
            let remote = try options.remote(for: course)
            let mine = try options.part(chosen, shard: shard, course: course, remote: remote)
            // KaTeX runs while the lectures build (no formula waits for a cell).
            let ahead = shard == nil ? MathAhead(course: course, lectures: plan.indexOrder(with: chosen)) : nil
            defer { ahead?.finish() }
            let outcomes = Console.build(course, mine, jobs: j, useCache: !options.noCache, remote: remote, recordTimings: shard == nil && lectures.isEmpty)
            if shard != nil {
                Console.remoteSummary(remote)
                Console.err("shard: results stored; no site written (a render without --shard writes it)")
                return .of(outcomes, problems: plan.failed)
            }
            var site = try Site(course: course, output: outURL)
            site.remote = remote
            site.mathAhead = ahead
            let indexOrder = plan.indexOrder(with: chosen)
            let pageErrors = try site.write(outcomes, lectures: indexOrder)
            Console.report(indexOrder.flatMap { pageErrors[$0] ?? [] })
            Console.remoteSummary(remote)
            FileHandle.standardError.write(Data("site: \(outURL.path)/index.html\n".utf8))
            let found = pageErrors.values.joined()
            return .of(outcomes, problems: plan.failed || found.contains { !$0.isWarning }, setup: found.contains(where: \.isSetup))
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every cell and check every reference, link and linked file of every lecture under the course; write no site. For CI.")

    @Argument(help: "Lectures to check (default: all).")
    var lectures: [String] = []

    @Option(name: .short, help: "Lectures built at the same time.")
    var j: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Also type-check every lecture and fail on each expression that takes longer than MS milliseconds to type-check (every compile of the lecture pays it).", valueName: "MS"))
    var typeCheckLimit: Int?

    @Option(name: .long, help: ArgumentHelp("Check only part K of N of the lectures (balanced by their last known times); exits non-zero only for this part's faults.", valueName: "K/N"))
    var shard: String?

    @OptionGroup var options: CourseOptions

    func run() throws {
        try Console.guarded {
            if let limit = typeCheckLimit, limit < 1 {
                throw LecternError(file: "lectern", "--type-check-limit takes a number of milliseconds above 0, not \(limit)")
            }
            let course = try options.load(for: lectures)
            let (plan, chosen) = try options.plan(course, lectures, including: true)
            let remote = try options.remote(for: course)
            let mine = try options.part(chosen, shard: shard, course: course, remote: remote)
            let outcomes = Console.build(course, mine, jobs: j, useCache: !options.noCache, typeCheckLimit: typeCheckLimit,
                                         remote: remote, recordTimings: shard == nil && lectures.isEmpty)
            let pageErrors = Site.pageErrors(course: course, outcomes: outcomes, lectures: plan.indexOrder(with: mine))
            var found = mine.flatMap { pageErrors[$0] ?? [] }
            found += Console.staleFrozen(outcomes, course: course)
            Console.remoteSummary(remote)
            Console.report(found)
            let problems = outcomes.filter(\.failed).count + found.filter { !$0.isWarning }.count + (shard == nil ? plan.problems.filter { !$0.isWarning }.count : 0)
            FileHandle.standardError.write(Data("checked \(outcomes.count) lecture(s): \(problems == 0 ? "all good" : "problems above")\n".utf8))
            return .of(outcomes, problems: problems > 0, setup: found.contains(where: \.isSetup))
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one lecture in the terminal and print each cell's output.")

    @Argument(help: "The lecture to run (its .md, or the .swift file of its cells that its page offers).")
    var lecture: String

    @OptionGroup var options: CourseOptions

    func run() throws {
        try Console.guarded {
            let course = try options.load(for: [lecture])
            if let warning = course.stateWarning { Console.report([warning]) }
            let paths = try course.lectures(named: [lecture], from: CourseOptions.here, swift: true)
            guard paths.count == 1, let path = paths.first else {
                throw LecternError(file: lecture, "lectern run takes one lecture; this names \(paths.count) (use lectern render or check for a folder)")
            }
            var build = CourseBuild(course: course, jobs: 1, useCache: !options.noCache)
            build.remote = try options.remote(for: course)
            let printer = LivePrinter(course: course)
            build.live = { lecture, cell, output in printer.print(lecture, cell, output) }
            let outcome = build.build([path])[0]
            printer.finish(outcome)
            Console.remoteSummary(build.remote)
            let pageErrors = Site.pageErrors(course: course, outcomes: [outcome], lectures: course.plan().indexOrder(with: [path]), formats: false)[path] ?? []
            Console.report(outcome.errors + pageErrors)
            return .of([outcome], problems: pageErrors.contains { !$0.isWarning })
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start a new course: lectern.yml, a first lecture with a cell, a figure and math, and a .gitignore.")

    @Argument(help: "The folder for the course (created if needed; default: the current folder).")
    var folder: String = "."

    func run() throws {
        try Console.guarded {
            let url = URL(fileURLWithPath: folder, isDirectory: true, relativeTo: CourseOptions.here).standardizedFileURL
            let written = try CourseScaffold.write(into: url)
            for path in written { Console.err("created \(url.appendingPathComponent(path).path)") }
            let cd = folder == "." ? "" : "cd \(folder) && "
            Console.err("next: \(cd)lectern render   (then open output/index.html), or lectern preview")
            Console.err("the engine's reference, with a guide for NumPy users: lectern docs")
            return .ok
        }
    }
}

struct Freeze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Store the current results of every lecture (or those named) in _freeze/, to commit with the course: lectures with 'execute: {freeze: auto}' then render from them without a Swift toolchain while their cells are unchanged.")

    @Argument(help: "Lectures to freeze (default: all; then entries of lectures no longer in the course are removed).")
    var lectures: [String] = []

    @Option(name: .short, help: "Lectures built at the same time.")
    var j: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var options: CourseOptions

    func run() throws {
        try Console.guarded {
            let course = try options.load(for: lectures)
            let (plan, chosen) = try options.plan(course, lectures)
            let remote = try options.remote(for: course)
            let outcomes = Console.build(course, chosen, jobs: j, useCache: !options.noCache, remote: remote)
            Console.remoteSummary(remote)
            if outcomes.contains(where: \.setupFailed) { return .of(outcomes, problems: true) }
            let build = CourseBuild(course: course)
            let frozen = try build.freeze(outcomes)
            let folder = Frozen(courseRoot: course.root)
            if lectures.isEmpty {
                for gone in folder.prune(keeping: Set(plan.lectures)) { Console.err("removed the frozen results of \(gone) (no longer in the course)") }
            }
            let unread = outcomes.compactMap(\.lecture).filter { frozen.contains($0.path) && $0.freeze == .never }.map(\.path)
            if !unread.isEmpty {
                Console.err("note: \(unread.count) frozen lecture(s) do not read _freeze/ yet (\(unread.prefix(3).joined(separator: ", "))\(unread.count > 3 ? ", …" : "")): add 'execute: {freeze: auto}' to lectern.yml or their front matter")
            }
            Console.err("froze \(frozen.count) lecture(s) in \(folder.directory.path): \(folder.bytes) bytes; commit it with the course")
            return .of(outcomes, problems: plan.failed)
        }
    }
}

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove the course's local state: the result cache, the compiled-module cache and scratch folders (the site, _freeze/ and the remote cache are left alone).")

    @OptionGroup var options: CourseOptions

    func run() throws {
        try Console.guarded {
            let course = try options.load()
            let bytes = try CourseState.remove(course)
            Console.err("removed \(course.stateDirectory.path) (\(bytes) bytes)")
            return .ok
        }
    }
}

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the engine's API reference (Stats, Plot, Learn, Inference, the runtime, and the Swift for NumPy users guide) on this machine and open it in a browser.")

    @Option(name: .long, help: "The port to serve on (0: any free port).")
    var port: UInt16 = 4243

    @Option(name: .long, help: "The address to listen on (loopback unless you say otherwise).")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Do not open a browser.")
    var noOpen = false

    @Flag(name: .long, help: "Print the reference's folder (to open its files another way) and exit.")
    var path = false

    func run() throws {
        try Console.guarded {
            guard let folder = Reference.locate() else {
                throw LecternError.setup(file: "lectern docs", "the API reference is not built: run 'make docs' in Lectern's checkout (or 'make install', which installs it beside lectern)")
            }
            if path {
                print(folder.path)
                return .ok
            }
            let server = try Reference.Server(folder, host: host, port: port)
            Console.err("docs: \(server.url.absoluteString)  (Ctrl-C to stop)")
            if !noOpen { PreviewCommand.open(server.url) }
            while !Teardown.stopping { Thread.sleep(forTimeInterval: 0.2) }
            server.stop()
            return .ok
        }
    }
}

