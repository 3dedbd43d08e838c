import Foundation

/// `lectern preview`: renders the course into `.lectern/preview`, serves it,
/// watches the lectures, their inputs, `templates/` and `lectern.yml`, renders
/// again what a change touches and tells open pages to reload. A bad edit
/// never ends it: the page shows the error and what could be produced, and
/// the next good save recovers.
public final class Preview {
    public let course: Course
    /// The lectures to keep built (relative to the course root); all when empty.
    let chosen: [String]
    public let site: URL
    let reload = LiveReload()
    private var server: PreviewServer?
    private var current: Course
    private var outcomes: [String: LectureOutcome] = [:]
    /// Why `lectern.yml` cannot be read now (the last good one is used), shown on every page.
    private var configProblem: LecternError?
    /// Each lecture's render in flight, and the one to start when it has ended.
    private var running: [String: RenderJob] = [:]
    private var again: [String: RenderJob] = [:]
    /// Runs that ended, handed from their threads to the watch loop.
    private let finished = RenderJob.Landed()
    /// Keeps each lecture's program state at every cell boundary, so an edit
    /// runs only from the first changed cell.
    let sessions: LiveSessions
    /// Take results from the cache (false: `--no-cache`, every lecture runs again).
    public var useCache = true
    /// Hears what each render did, for the console.
    public var report: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    /// `checkpointMemory`: the bytes all kept checkpoints may hold together
    /// (a quarter of the machine's memory unless given).
    public init(course: Course, lectures: [String] = [], checkpointMemory: Int? = nil) {
        self.course = course
        current = course
        chosen = lectures
        site = course.stateDirectory.appendingPathComponent("preview")
        sessions = LiveSessions(course: course, budget: checkpointMemory ?? LiveSessions.defaultBudget)
    }

    /// The bytes a size such as "2 GB", "500 MB" or 1000000 says (for `--checkpoint-memory`), or nil.
    public static func size(_ text: String) -> Int? { ByteCount.read(text, largest: 1 << 50) }

    /// The lectures being previewed, in index order.
    func lectures() -> [String] {
        let all = current.plan().lectures
        return chosen.isEmpty ? all : chosen
    }

    /// Writes every page the cache has (and, for the others, the lecture's
    /// text saying its cells are running) and starts serving at once; the
    /// watch loop then runs what was not cached, the page in view first.
    /// Returns the site's URL.
    public func start(host: String = "127.0.0.1", port: UInt16 = 4242) throws -> URL {
        render(lectures(), because: useCache ? "first render (from the cache)" : "first render (--no-cache: the text only)",
               useCache: useCache, cacheOnly: true)
        unrun = lectures().filter { outcomes[$0]?.pending == true }
        let server = try PreviewServer(site: site, reload: reload, host: host, port: port)
        self.server = server
        return URL(string: "http://\(host):\(server.port)/")!
    }

    /// Watches and re-renders until the process is stopped (Ctrl-C ends it
    /// and every program it started; see `Teardown`).
    public func watch(until stop: () -> Bool = { false }) throws {
        let watcher = try Watcher()
        func watchAll() {
            watcher.watch(course.root)
            watcher.watch(course.root.appendingPathComponent("templates"))
            // Every folder under lectures/, so a lecture in a new sub-folder is seen.
            let lecturesFolder = course.root.appendingPathComponent("lectures")
            watcher.watch(lecturesFolder)
            for case let sub as String in FileManager.default.enumerator(atPath: lecturesFolder.path) ?? NSEnumerator()
            where Course.isDirectory(lecturesFolder.appendingPathComponent(sub)) && !sub.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                watcher.watch(lecturesFolder.appendingPathComponent(sub))
            }
            for path in lectures() {
                let file = course.root.appendingPathComponent(path)
                watcher.watch(file.deletingLastPathComponent())
                for input in outcomes[path]?.lecture?.frontMatter.inputs ?? [] {
                    watcher.watch(file.deletingLastPathComponent().appendingPathComponent(input).deletingLastPathComponent())
                }
                for linked in linkedFiles(of: path) + (outcomes[path]?.lecture?.sourceMap?.files ?? []) {
                    watcher.watch(course.root.appendingPathComponent(linked).deletingLastPathComponent())
                }
            }
        }
        watchAll()
        while !stop() && !Teardown.stopping {
            land()
            startUnrun()
            // Between edits, keep a program (with its checkpoints) for every
            // lecture whose page came from the cache, so its first edit is fast too.
            let cold = running.isEmpty
                ? lectures().first { !sessions.has($0) && outcomes[$0]?.lecture != nil && outcomes[$0]?.failed == false && outcomes[$0]?.pending == false } : nil
            let changed = watcher.changes(timeout: !running.isEmpty ? 0.05 : cold == nil ? 0.5 : 0)
            guard !changed.isEmpty else {
                if let cold { launch([cold], because: "checkpoints for fast edits", useCache: false, reload: false) }
                continue
            }
            forgetDeletedLectures()
            // Folders that went and came back, and new sub-folders, are watched (again).
            watchAll()
            let fresh = lectures().filter { outcomes[$0] == nil && running[$0] == nil }
            var touching = changed.map { ($0, lectures(touchedBy: $0)) }.filter { !$0.1.isEmpty }
            if watcher.overflowed { touching.append((course.root, lectures())) }
            if !fresh.isEmpty { touching.append((course.root.appendingPathComponent("lectures"), fresh)) }
            guard !touching.isEmpty else { continue }
            if changed.contains(where: { relative($0) == "lectern.yml" }) {
                // A broken lectern.yml is said, and the last good one kept.
                do {
                    current = try Course(root: course.root)
                    if configProblem != nil { configProblem = nil; touching.append((course.root, lectures())) }
                } catch {
                    report("\(error)\n    (the preview keeps the last good lectern.yml until this is fixed)")
                    let problem = (error as? LecternError) ?? LecternError(file: "lectern.yml", "\(error)")
                    configProblem = LecternError(file: problem.file, line: problem.line, column: problem.column,
                                                 problem.message + " (the preview uses the last good lectern.yml until this is fixed)")
                    touching.append((course.root, lectures()))
                }
            }
            let affected = Set(touching.flatMap(\.1))
            launch(lectures().filter(affected.contains), because: touching.map { relative($0.0) }.sorted().joined(separator: ", "))
            watchAll()
        }
        // Stopping: the runs in flight end with their programs.
        for job in running.values { job.cancel.request() }
        while !running.isEmpty {
            usleep(20_000)
            for (job, _) in finished.take() { running[job.path] = nil }
        }
    }

    // MARK: Runs in flight

    /// Lectures whose first page came without results (not in the cache):
    /// run as cores allow, the one last viewed first.
    private var unrun: [String] = []

    private func startUnrun() {
        unrun.removeAll { running[$0] != nil || outcomes[$0]?.pending == false || !lectures().contains($0) }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        while !unrun.isEmpty, running.count < cores {
            let viewed = server?.lastViewed()
            let next = unrun.first { SitePath.page(for: $0) == viewed } ?? unrun[0]
            unrun.removeAll { $0 == next }
            launch([next], because: "first run", useCache: useCache)
        }
    }

    /// Renders `paths`, each on its own thread, so that no lecture waits
    /// behind another. A lecture that is running already has its run
    /// cancelled (its programs end at once) and starts again when it has
    /// ended: the newest save always wins.
    func launch(_ paths: [String], because reason: String, useCache: Bool? = nil, reload shouldReload: Bool = true) {
        for path in paths {
            let job = RenderJob(path: path, reason: reason, useCache: useCache ?? self.useCache, reload: shouldReload)
            if let old = running[path] {
                old.cancel.request()
                again[path] = job
            } else {
                start(job)
            }
        }
    }

    private func start(_ job: RenderJob) {
        running[job.path] = job
        var build = CourseBuild(course: current, jobs: 1, useCache: job.useCache)
        build.sessions = sessions
        build.cancel = job.cancel
        let finished = self.finished, lecture = build
        Thread.detachNewThread {
            finished.add(job, lecture.build([job.path])[0])
        }
    }

    /// Takes in the runs that ended: a cancelled one is thrown away (its
    /// replacement starts now), a finished one is written to the site.
    private func land() {
        let done = finished.take()
        var built: [(RenderJob, LectureOutcome)] = []
        for (job, outcome) in done {
            if running[job.path] === job { running[job.path] = nil }
            if let next = again.removeValue(forKey: job.path) {
                start(next)
            } else if !lectures().contains(job.path) {
                // Deleted while it ran: the program its run kept goes too.
                sessions.end(job.path)
            } else if !job.cancel.requested {
                built.append((job, outcome))
            }
        }
        guard !built.isEmpty else { return }
        for (_, outcome) in built { outcomes[outcome.path] = outcome }
        let handouts = publish(built.map(\.1), paths: built.map(\.1.path))
        if built.contains(where: \.0.reload) { reload.reload() }
        for (job, outcome) in built { report(Self.describe([outcome], because: job.reason, since: job.started)) }
        printHandouts(handouts)
    }

    /// The lectures a change to `file` touches: all for `lectern.yml` or a
    /// template, else the lecture itself, those that declare it as an input,
    /// those that include it, and those whose links or images name it (the
    /// page copies it again).
    func lectures(touchedBy file: URL) -> [String] {
        let path = relative(file)
        let all = lectures()
        if path == "lectern.yml" || path.hasPrefix("templates/") { return all }
        if all.contains(path) { return [path] }
        return all.filter { lecture in
            let folder = course.root.appendingPathComponent(lecture).deletingLastPathComponent()
            return (outcomes[lecture]?.lecture?.frontMatter.inputs ?? [])
                .contains { folder.appendingPathComponent($0).standardizedFileURL.path == file.path }
                || linkedFiles(of: lecture).contains(path)
                || (outcomes[lecture]?.lecture?.sourceMap?.files ?? []).contains(path)
        }
    }

    /// The course files a lecture's links and images name.
    func linkedFiles(of lecture: String) -> [String] {
        (outcomes[lecture]?.lecture?.links ?? []).compactMap { link in
            link.isFragment ? nil : link.target(from: lecture).flatMap { $0.hasSuffix(".md") ? nil : $0 }
        }
    }

    private func relative(_ url: URL) -> String {
        let root = course.root.standardizedFileURL.path + "/"
        return url.path.hasPrefix(root) ? String(url.path.dropFirst(root.count)) : url.path
    }

    /// Renders `paths` again and waits for them, writes their pages (and
    /// the index) and tells open pages to reload (the first render's way).
    func render(_ paths: [String], because reason: String, useCache: Bool = true, reload shouldReload: Bool = true, cacheOnly: Bool = false) {
        let start = Date()
        var build = CourseBuild(course: current, jobs: ProcessInfo.processInfo.activeProcessorCount, useCache: useCache)
        build.sessions = sessions
        build.cacheOnly = cacheOnly
        let built = build.build(paths)
        for outcome in built { outcomes[outcome.path] = outcome }
        let handouts = publish(built, paths: paths)
        if shouldReload { reload.reload() }
        report(Self.describe(built, because: reason, since: start))
        printHandouts(handouts)
    }

    /// The handouts of a render, printed after its pages have reloaded
    /// (Chromium takes a second or two a handout; an unchanged one is kept).
    private func printHandouts(_ handouts: [PDFPrinter.Job]) {
        guard !handouts.isEmpty, let site = try? Site(course: current, output: self.site) else { return }
        for (path, errors) in site.printHandouts(handouts) { for error in errors { report("    " + error.description + " (\(path))") } }
    }

    /// Writes the pages (and decks) of `built` and the index, in the
    /// course's order; returns the handouts to print.
    private func publish(_ built: [LectureOutcome], paths: [String]) -> [PDFPrinter.Job] {
        do {
            var site = try Site(course: current, output: self.site)
            site.courseErrors = configProblem.map { [$0] } ?? []
            // Pages sit in the course's order, as `lectern render` places them.
            let all = current.plan().lectures
            let (pageErrors, handouts) = try site.writePages(built, lectures: all + Set(lectures() + paths).subtracting(all).sorted())
            for (path, errors) in pageErrors { for error in errors { report("    " + error.description + " (\(path))") } }
            return handouts
        } catch {
            report("preview: cannot write the site: \(error)")
            return []
        }
    }

    /// The console's lines for a render.
    private static func describe(_ built: [LectureOutcome], because reason: String, since start: Date) -> String {
        var lines = [String(format: "↻ %@ → %.2f s", reason, Date().timeIntervalSince(start))]
        for outcome in built {
            if outcome.pending {
                lines.append("  … " + outcome.path + "  not run yet (not in the cache, or --no-cache): runs next")
                continue
            }
            var line = (outcome.failed ? "  ✗ " : "  ✓ ") + outcome.path + "  " + (outcome.how ?? (outcome.cached ? "cached" : "ran"))
            if let result = outcome.result, !outcome.cached {
                line += String(format: " (compile %.2f s, run %.2f s)", result.compileSeconds, result.runSeconds)
            }
            lines.append(line)
            for error in outcome.errors { lines.append("      " + error.description) }
        }
        return lines.joined(separator: "\n")
    }

    /// A lecture that is no longer in the course (deleted, moved, taken out
    /// of `lectern.yml`) leaves the preview: its kept program ends, its page
    /// and downloads are removed, and the index and search are written again.
    func forgetDeletedLectures() {
        let gone = Set(outcomes.keys).subtracting(lectures())
        guard !gone.isEmpty else { return }
        for path in gone {
            outcomes.removeValue(forKey: path)
            running[path]?.cancel.request()
            again[path] = nil
        }
        // The index first, then the pages: a page that is gone is never still listed.
        do {
            let all = lectures()
            var writer = try Site(course: current, output: site)
            writer.courseErrors = configProblem.map { [$0] } ?? []
            _ = try writer.write(all.compactMap { outcomes[$0] }, lectures: all)
        } catch {
            report("preview: cannot write the site: \(error)")
        }
        for path in gone.sorted() {
            sessions.end(path)
            let page = SitePath.page(for: path)
            for file in [page, String(page.dropLast(5)) + ".md", String(page.dropLast(5)) + ".swift",
                         Format.revealjs.file(forPage: page), Format.pdf.file(forPage: page)] {
                try? FileManager.default.removeItem(at: site.appendingPathComponent(file))
            }
        }
        reload.reload()
        report("− " + gone.sorted().joined(separator: ", ") + ": no longer in the course; its page and kept program are gone")
    }

    /// The last outcome of `path`.
    func outcome(_ path: String) -> LectureOutcome? { outcomes[path] }

    /// Ends the server and every kept program.
    public func stop() {
        sessions.endAll()
        server?.stop()
        server = nil
    }
}
