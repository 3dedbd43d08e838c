import Foundation
import Synchronization
import Testing
@testable import Lectern

/// Issue 23's findings, each run end to end through the `lectern` command
/// line as a lecturer (or CI) runs it: interrupts, paths that leave the
/// course, symbolic links, machine failures, helpers that leave their run,
/// full and read-only disks, input that used to crash or hang, and the
/// wrong answers. Each checks the exit code, the console, the files on disk
/// and, where processes are involved, the process table.
@Suite(.serialized) struct NothingLostTests {
    static func lectern(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> CourseLayoutTests.Ran {
        try CourseLayoutTests.lectern(arguments, in: directory, environment: environment)
    }

    /// A fresh folder; `files` (path → text) written into it.
    static func folder(_ files: [String: String] = [:]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-nl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(root, path, text) }
        return root.resolvingSymlinksInPath()
    }

    static func write(_ root: URL, _ path: String, _ text: String) throws {
        try CourseLayoutTests.write(root, path, text)
    }

    static func lecture(_ title: String, _ cells: [String], front: String = "") -> String {
        "---\ntitle: \"\(title)\"\n\(front)---\n\n" + cells.map { "```swift\n\($0)\n```\n" }.joined(separator: "\nSome prose.\n\n")
    }

    /// Every file under `folder` with its bytes (hidden files too).
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder.path) ?? FileManager.default.enumerator(atPath: "/nonexistent")! {
            let url = folder.appendingPathComponent(path)
            if !Course.isDirectory(url) { files[path] = (try? Data(contentsOf: url)) ?? Data() }
        }
        return files
    }

    /// Processes whose command line contains `needle`.
    static func processes(containing needle: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard Int32(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let command = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            return command.contains(needle) ? "\(entry): \(command)" : nil
        }
    }

    /// Runs `command` as root's shell would; whether it succeeded.
    @discardableResult
    static func sh(_ command: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " >/dev/null 2>&1"]
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    // MARK: 1. interrupts

    @Test func interruptsLeaveTheSiteAsItWasOrFullyNew() throws {
        func lectures(round: Int) -> [String: String] {
            var files: [String: String] = [:]
            for i in 1...4 {
                files["lectures/l\(i).md"] = Self.lecture("L\(i)", ["usleep(\(150_000 * i))\nprint(\"lecture \(i)\")", "print(2 * \(i))"])
                    + "\nThis is round \(round).\n"
            }
            return files
        }
        let root = try Self.folder(lectures(round: 0))
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.lectern(["render", "-j", "2"], in: root).status == 0)
        var published = Self.snapshot(root.appendingPathComponent("output"))
        #expect(published["l3.html"].map { String(decoding: $0, as: UTF8.self).contains("lecture 3") } == true)
        var interrupted = 0, renewed = 0
        for round in 1...14 {
            // Every page changes in this round: afterwards all four are new, or none is.
            for (path, text) in lectures(round: round) { try Self.write(root, path, text) }
            let process = Process()
            process.executableURL = ExecutionCoreTests.lectern
            process.arguments = ["render", "--no-cache", "-j", "2"]
            process.currentDirectoryURL = root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // From the parse to the last page: compiles take about a second each here.
            usleep(useconds_t(100_000 + (round * 211_000) % 2_300_000))
            let signal = round % 2 == 0 ? SIGINT : SIGTERM
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let status = process.terminationStatus
            #expect(status == 0 || status == 128 + signal, "round \(round): exit \(status)")
            if status != 0 { interrupted += 1 }
            let now = Self.snapshot(root.appendingPathComponent("output"))
            let new = (1...4).filter { now["l\($0).html"].map { String(decoding: $0, as: UTF8.self).contains("This is round \(round).") } == true }
            if new.isEmpty {
                #expect(now == published, "round \(round): the site changed: \(Set(now.keys).symmetricDifference(published.keys)) \(now.filter { published[$0.key] != $0.value }.keys)")
            } else {
                #expect(new.count == 4, "round \(round): only pages \(new) are new")
                renewed += 1
                published = now
            }
            #expect(!now.keys.contains { $0.contains(".tmp-") }, "round \(round): temporary files left")
            #expect(ExecutionCoreTests.processes(under: root).isEmpty, "\(ExecutionCoreTests.processes(under: root))")
        }
        #expect(interrupted >= 10, "most rounds were interrupted mid-render (\(interrupted); \(renewed) renewed the site)")
        let left = (FileManager.default.enumerator(atPath: root.appendingPathComponent(".lectern/work").path)?.allObjects as? [String]) ?? []
        #expect(left.isEmpty, "scratch left: \(left)")
        let staging = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".lectern/cache").path).filter { $0.hasPrefix(".") }
        #expect(staging.isEmpty, "\(staging)")
    }

    @Test func aCellThatSignalsLecternLeavesTheSiteAlone() throws {
        let root = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(\"a\")"]),
                                    "lectures/b.md": Self.lecture("B", ["print(\"b\")"])])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.lectern(["render"], in: root).status == 0)
        let published = Self.snapshot(root.appendingPathComponent("output"))
        try Self.write(root, "lectures/b.md", Self.lecture("B", ["kill(getppid(), SIGTERM)\nsleep(20)"]))
        try Self.write(root, "lectures/a.md", Self.lecture("A", ["sleep(2)\nprint(\"a, again\")"]))
        let ran = try Self.lectern(["render", "-j", "2"], in: root)
        #expect(ran.status == 143, "\(ran.err)")
        #expect(Self.snapshot(root.appendingPathComponent("output")) == published)
        #expect(ExecutionCoreTests.processes(under: root).isEmpty, "\(ExecutionCoreTests.processes(under: root))")
    }

    // MARK: 2. paths in lectern.yml

    @Test func lecternYmlCannotReachOutsideTheCourse() throws {
        let top = try Self.folder(["private/notes.md": Self.lecture("Private", ["print(\"secret\")"])])
        defer { try? FileManager.default.removeItem(at: top) }
        chmod(top.appendingPathComponent("private/notes.md").path, 0o600)
        let root = top.appendingPathComponent("course")
        try Self.write(root, "lectures/a.md", Self.lecture("A", ["print(1)"]))
        try Self.write(root, "lectern.yml", "title: T\nlectures:\n  - lectures/a.md\n  - ../private/notes.md\n  - \(top.path)/private/notes.md\n  - lectern.yml\n  - /etc/passwd\n")
        let before = Self.snapshot(top.appendingPathComponent("private"))
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 1, "\(ran.err)")
        #expect(ran.err.contains("lectern.yml:4: error: '../private/notes.md' is outside the course"), "\(ran.err)")
        #expect(ran.err.contains("lectern.yml:5: error:"), "\(ran.err)")
        #expect(ran.err.contains("lectern.yml:6: error: 'lectern.yml' is not a lecture"), "\(ran.err)")
        #expect(ran.err.contains("lectern.yml:7: error: '/etc/passwd' is outside the course"), "\(ran.err)")
        #expect(Self.snapshot(top.appendingPathComponent("private")) == before, "nothing written beside the private file")
        var info = stat()
        stat(top.appendingPathComponent("private/notes.md").path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(!FileManager.default.fileExists(atPath: "/etc/passwd.html"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/a.html").path), "the good lecture is still built")
        let written = Set(Self.snapshot(top).keys).filter { !$0.hasPrefix("course/") && !$0.hasPrefix("private/") }
        #expect(written.isEmpty, "\(written)")
    }

    // MARK: 3. symbolic links

    @Test func symbolicLinksCannotPublishFilesFromOutside() throws {
        let top = try Self.folder(["outside/secret.txt": "TOP-SECRET-\(UUID().uuidString)\n",
                                   "outside/lectures/ext.md": Self.lecture("External", ["print(\"outside\")"])])
        defer { try? FileManager.default.removeItem(at: top) }
        let secret = try String(contentsOf: top.appendingPathComponent("outside/secret.txt"), encoding: .utf8)
        let root = top.appendingPathComponent("course")
        try Self.write(root, "lectures/a.md", Self.lecture("A", ["print(1)"]) + "\n![pw](img/pw.png) and [data](data.csv)\n")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lectures/img"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("lectures/img/pw.png").path, withDestinationPath: top.appendingPathComponent("outside/secret.txt").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("lectures/data.csv").path, withDestinationPath: "../../outside/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("lectures/linked").path, withDestinationPath: top.appendingPathComponent("outside/lectures").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("lectures/ext.md").path, withDestinationPath: top.appendingPathComponent("outside/lectures/ext.md").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("lectures/loop").path, withDestinationPath: ".")

        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 1, "\(ran.err)")
        #expect(ran.err.contains("lectures/a.md:9: error: image: 'img/pw.png' is a symbolic link to \(top.path)/outside/secret.txt, outside the course"), "\(ran.err)")
        #expect(ran.err.contains("'data.csv' is a symbolic link"), "\(ran.err)")
        #expect(ran.err.contains("lectures/linked/ext.md: error: 'lectures/linked/ext.md' is a symbolic link"), "\(ran.err)")
        #expect(ran.err.contains("lectures/ext.md: error: 'lectures/ext.md' is a symbolic link"), "\(ran.err)")
        let site = Self.snapshot(root.appendingPathComponent("output"))
        #expect(site["a.html"] != nil)
        let leaked = site.filter { String(decoding: $0.value, as: UTF8.self).contains(secret.trimmingCharacters(in: .newlines)) }.keys
        #expect(leaked.isEmpty, "the secret reached \(leaked)")
        #expect(site["ext.html"] == nil && site["linked/ext.html"] == nil)

        // A lecture named through a link out of the course is refused, not taken as another course.
        let run = try Self.lectern(["run", "lectures/ext.md"], in: root)
        #expect(run.status == 2, "\(run.err)")
        #expect(run.err.contains("is a symbolic link to \(top.path)/outside/lectures/ext.md"), "\(run.err)")
        #expect(!run.out.contains("outside"))
        #expect(!FileManager.default.fileExists(atPath: top.appendingPathComponent("outside/.lectern").path))
    }

    // MARK: 4. machine failures

    @Test func timeoutsAreNotCached() throws {
        let root = try Self.folder(["lectures/t.md": Self.lecture("T", ["print(\"before\")", "sleep(30)"], front: "timeout: 3\n")])
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Self.lectern(["render"], in: root)
        #expect(first.status == 1)
        #expect(first.err.contains("ran out of time"), "\(first.err)")
        let second = try Self.lectern(["render"], in: root)
        #expect(second.status == 1)
        #expect(!second.err.contains("cached"), "a timeout is run again: \(second.err)")
        #expect(second.err.contains("ran out of time"))
    }

    @Test func aCrashedCompilerIsNotCachedAndExitsTwo() throws {
        let root = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(\"compiled \\(6 * 7)\")"])])
        defer { try? FileManager.default.removeItem(at: root) }
        let swiftc = try Engine.findSwiftc(ProcessInfo.processInfo.environment)
        let mark = root.appendingPathComponent("killed-once")
        try Self.write(root, "bin/swiftc", "#!/bin/sh\nif [ ! -e '\(mark.path)' ]; then touch '\(mark.path)'; kill -9 $$; fi\nexec '\(swiftc.path)' \"$@\"\n")
        chmod(root.appendingPathComponent("bin/swiftc").path, 0o755)
        let environment = ["LECTERN_SWIFTC": root.appendingPathComponent("bin/swiftc").path]
        let first = try Self.lectern(["render"], in: root, environment: environment)
        #expect(first.status == 2, "\(first.err)")
        #expect(first.err.contains("the compiler was ended by signal 9"), "\(first.err)")
        let second = try Self.lectern(["render"], in: root, environment: environment)
        #expect(second.status == 0, "\(second.err)")
        #expect(!second.err.contains("cached"), "\(second.err)")
        #expect(try String(contentsOf: root.appendingPathComponent("output/a.html"), encoding: .utf8).contains("compiled 42"))
    }

    @Test func aMovedCourseCompilesOnTheFirstTry() throws {
        let top = try Self.folder(["first/lectures/a.md": Self.lecture("A", ["print(\"one\")"])])
        defer { try? FileManager.default.removeItem(at: top) }
        #expect(try Self.lectern(["render"], in: top.appendingPathComponent("first")).status == 0)
        try FileManager.default.moveItem(at: top.appendingPathComponent("first"), to: top.appendingPathComponent("second"))
        let moved = top.appendingPathComponent("second")
        try Self.write(moved, "lectures/a.md", Self.lecture("A", ["print(\"two\")"]))
        let ran = try Self.lectern(["render"], in: moved)
        #expect(ran.status == 0, "\(ran.err)")
        #expect(try String(contentsOf: moved.appendingPathComponent("output/a.html"), encoding: .utf8).contains("two"))
    }

    // MARK: 5. helpers that leave their run

    @Test func helpersWithTheirOwnEnvironmentEndWithTheRun() throws {
        let unique = String(Int.random(in: 100_000...999_999))
        let root = try Self.folder(["lectures/h.md": Self.lecture("H", ["""
            let a = Process()
            a.executableURL = URL(fileURLWithPath: "/bin/sleep")
            a.arguments = ["401.\(unique)"]
            a.environment = [:]
            try a.run()
            let b = Process()
            b.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            b.arguments = ["-f", "/bin/sh", "-c", "exec sleep 402.\(unique) </dev/null >/dev/null 2>&1"]
            b.environment = [:]
            try b.run()
            usleep(500_000)
            print("helpers started")
            """])])
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 0, "\(ran.err)")
        #expect(try String(contentsOf: root.appendingPathComponent("output/h.html"), encoding: .utf8).contains("helpers started"))
        #expect(ExecutionCoreTests.eventually(5) { Self.processes(containing: unique).isEmpty }, "\(Self.processes(containing: unique))")
    }

    // MARK: 6. disks and permissions

    /// A small tmpfs at `folder` (read-only with `readOnly`), or nil where mounting is refused.
    static func mount(_ folder: URL, size: String, readOnly: Bool = false) -> Bool {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return sh("mount -t tmpfs -o size=\(size)\(readOnly ? ",ro" : "") lectern-test '\(folder.path)'")
    }

    static func unmount(_ folder: URL) { sh("umount -l '\(folder.path)'") }

    /// Runs `body` with a small tmpfs mounted at `folder`, or says it skipped where mounting is refused.
    static func withTmpfs(_ folder: URL, size: String, readOnly: Bool = false, _ body: () throws -> Void) throws {
        guard mount(folder, size: size, readOnly: readOnly) else {
            print("skipped: cannot mount a tmpfs here (not root?)")
            return
        }
        defer { unmount(folder) }
        try body()
    }

    @Test func aFullDiskIsNamedExitsTwoAndLeavesNoTemporaryFile() throws {
        let root = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(1)"])])
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("small")
        try Self.withTmpfs(out, size: "96k") {
            let ran = try Self.lectern(["render", "--out", "small"], in: root)
            #expect(ran.status == 2, "\(ran.err)")
            #expect(ran.err.contains("No space left on device; free some space"), "\(ran.err)")
            #expect(!ran.err.contains("NSCocoaErrorDomain"))
            let temporary = Self.snapshot(out).keys.filter { $0.contains(".tmp-") }
            #expect(temporary.isEmpty, "\(temporary)")
        }
    }

    @Test func aReadOnlySiteFolderIsNamedAndExitsTwo() throws {
        let root = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(1)"])])
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("ro")
        try Self.withTmpfs(out, size: "1m", readOnly: true) {
            let ran = try Self.lectern(["render", "--out", "ro"], in: root)
            #expect(ran.status == 2, "\(ran.err)")
            #expect(ran.err.contains("Read-only file system"), "\(ran.err)")
        }
    }

    @Test func aReadOnlyCacheWarnsAndKeepsTheRun() throws {
        let root = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(\"kept \\(40 + 2)\")"])])
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent(".lectern/cache")
        try Self.withTmpfs(cache, size: "1m", readOnly: true) {
            let ran = try Self.lectern(["render"], in: root)
            #expect(ran.status == 0, "\(ran.err)")
            #expect(ran.err.contains("warning:") && ran.err.contains("not cached"), "\(ran.err)")
            #expect(try String(contentsOf: root.appendingPathComponent("output/a.html"), encoding: .utf8).contains("kept 42"))
        }
    }

    @Test func aStudentRunsALectureInAReadOnlyCourse() throws {
        let source = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(\"read only \\(6 * 7)\")"])])
        defer { try? FileManager.default.removeItem(at: source) }
        let view = try Self.folder()
        defer { try? FileManager.default.removeItem(at: view) }
        guard Self.sh("mount --bind '\(source.path)' '\(view.path)' && mount -o remount,bind,ro '\(view.path)'") else {
            print("skipped: cannot make a read-only bind mount here (not root?)")
            Self.unmount(view)
            return
        }
        defer { Self.unmount(view) }
        let ran = try Self.lectern(["run", "lectures/a.md"], in: view)
        #expect(ran.status == 0, "\(ran.err)")
        #expect(ran.out.contains("read only 42"), "\(ran.out)")
        #expect(ran.err.contains("the course folder cannot be written"), "\(ran.err)")
        #expect(!FileManager.default.fileExists(atPath: source.appendingPathComponent(".lectern").path))
    }

    // MARK: 7. crashes and hangs

    @Test func deepYAMLIsALocatedErrorNotACrash() throws {
        let block = (1...6000).map { String(repeating: "  ", count: $0) + "a:" }.joined(separator: "\n")
        let flow = String(repeating: "[", count: 6000) + String(repeating: "]", count: 6000)
        let root = try Self.folder([
            "lectures/block.md": "---\ntitle: x\nexecute:\n\(block)\n---\n\nText.\n",
            "lectures/option.md": "---\ntitle: y\n---\n\n```swift\n//| fig-cap: \(flow)\nprint(1)\n```\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["check"], in: root)
        #expect(ran.status == 1, "\(ran.status) \(ran.err)")
        #expect(ran.err.contains("lectures/block.md:"), "\(ran.err)")
        #expect(ran.err.contains("nested more than 64 levels"), "\(ran.err)")
        #expect(ran.err.contains("lectures/option.md:6: error: the value of 'fig-cap' is nested more than 64 levels"), "\(ran.err)")
        try Self.write(root, "lectern.yml", "title: \(flow)\n")
        let config = try Self.lectern(["check"], in: root)
        #expect(config.status == 2, "\(config.err)")
        #expect(config.err.contains("lectern.yml:1: error: lectern.yml is nested more than 64 levels"), "\(config.err)")
    }

    @Test func overflowingFigureRangesAreAnErrorAtTheCell() throws {
        let root = try Self.folder([
            "lectures/line.md": Self.lecture("L", ["show(Figure { Line([0, 1], [1e308, -1e308]) })"], front: "timeout: 60\n"),
            "lectures/scatter.md": Self.lecture("S", ["show(Figure { Scatter([0, 1], [0, .greatestFiniteMagnitude]) })"], front: "timeout: 60\n"),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let start = Date()
        let ran = try Self.lectern(["check", "-j", "2"], in: root)
        #expect(ran.status == 1)
        #expect(Date().timeIntervalSince(start) < 50, "no spin until the timeout")
        #expect(ran.err.contains("lectures/line.md:7: error: Fatal error: show: figure: the y values run from -1e+308 to 1e+308, too far apart to draw"), "\(ran.err)")
        #expect(ran.err.contains("lectures/scatter.md:7: error:") && ran.err.contains("too far apart to draw"), "\(ran.err)")
        #expect(!ran.err.contains("ran out of time"))
    }

    // MARK: 8. wrong answers

    @Test func checkReportsEveryParseErrorWithTheRightAdvice() throws {
        let root = try Self.folder([
            "lectures/a.md": Self.lecture("A", ["//| echo: maybe\nprint(1)", "//| fig-wdth: 3\nprint(2)", "print(3)\n//| label: late"]),
            "lectures/b.md": Self.lecture("B", ["print(1)"]) + "\nSee [A](a.md).\n",
            "lectern.yml": "lectures: [lectures/a.md, lectures/b.md]\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["check"], in: root)
        #expect(ran.status == 1)
        #expect(ran.err.contains("lectures/a.md:6: error:") && ran.err.contains("'echo'"), "\(ran.err)")
        #expect(ran.err.contains("lectures/a.md:13: error: unknown cell option 'fig-wdth' (did you mean 'fig-width'?)"), "\(ran.err)")
        #expect(ran.err.contains("lectures/a.md:21: error: this '//|' option comes after the cell's first line"), "\(ran.err)")
        #expect(!ran.err.contains("add it to lectern.yml"), "a.md is listed: \(ran.err)")
    }

    @Test func runExitsOneForLinkErrors() throws {
        let root = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(1)"]) + "\n[gone](missing.md)\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["run", "lectures/a.md"], in: root)
        #expect(ran.status == 1, "\(ran.err)")
        #expect(ran.err.contains("'missing.md' does not exist"), "\(ran.err)")
    }

    @Test func lecternYmlIsTypeCheckedLikeFrontMatter() throws {
        let root = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(1)"])])
        defer { try? FileManager.default.removeItem(at: root) }
        for (yaml, expected) in [("title: {a: b}\n", "lectern.yml:1: error: 'title' must be text"),
                                 ("subtitle: [x]\n", "lectern.yml:1: error: 'subtitle' must be text"),
                                 ("- a\n- b\n", "lectern.yml:1: error: lectern.yml must be a YAML mapping"),
                                 ("execute:\n  echo: {a: b}\n", "option 'echo' must be true, false or fold, not a mapping")] {
            try Self.write(root, "lectern.yml", yaml)
            let ran = try Self.lectern(["check"], in: root)
            #expect(ran.status == 2, "\(yaml): \(ran.err)")
            #expect(ran.err.contains(expected), "\(yaml): \(ran.err)")
            #expect(!ran.err.contains("Node") && !ran.err.contains("mapping(["), "no Yams dump: \(ran.err)")
        }
        try Self.write(root, "lectern.yml", "title: Course\nauthor: [Ada, Grace]\n")
        #expect(try Self.lectern(["check"], in: root).status == 0)
    }

    @Test func outIsCheckedAndRelativeToTheCurrentFolder() throws {
        let root = try Self.folder(["lectures/a.md": Self.lecture("A", ["print(1)"]), "notes/x.txt": "x", "a-file": "x"])
        defer { try? FileManager.default.removeItem(at: root) }
        let inside = try Self.lectern(["render", "--out", "lectures/site"], in: root)
        #expect(inside.status == 2)
        #expect(inside.err.contains("--out is inside lectures/"), "\(inside.err)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("lectures/site").path))
        let file = try Self.lectern(["render", "--out", "a-file"], in: root)
        #expect(file.status == 2)
        #expect(file.err.contains("a-file: error: --out names a file"), "\(file.err)")
        let over = try Self.lectern(["render", "--out", "."], in: root)
        #expect(over.status == 2)
        let relative = try Self.lectern(["render", "--course", "..", "--out", "site"], in: root.appendingPathComponent("notes"))
        #expect(relative.status == 0, "\(relative.err)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("notes/site/a.html").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("site").path))
        // Rendering twice never republishes downloads as lectures.
        #expect(try Self.lectern(["render"], in: root).status == 0)
        let again = try Self.lectern(["check"], in: root)
        #expect(again.err.contains("checked 1 lecture(s)"), "\(again.err)")
    }

    @Test func inputsAreFilesOrFoldersInsideTheCourse() throws {
        let root = try Self.folder([
            "data/a.txt": "1", "data/sub/b.txt": "2",
            "lectures/f.md": Self.lecture("F", ["print(\"folder\")"], front: "inputs: [../data]\n"),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Self.lectern(["render"], in: root)
        #expect(first.status == 0, "\(first.err)")
        #expect(try Self.lectern(["render"], in: root).err.contains("cached"))
        try Self.write(root, "data/sub/b.txt", "3")
        let changed = try Self.lectern(["render"], in: root)
        #expect(!changed.err.contains("cached"), "a file in an input folder is part of the key: \(changed.err)")

        try Self.write(root, "lectures/f.md", Self.lecture("F", ["print(1)"], front: "inputs: [\(root.path)/data/a.txt]\n"))
        #expect(try Self.lectern(["render"], in: root).status == 0, "an absolute path inside the course")
        try Self.write(root, "lectures/f.md", Self.lecture("F", ["print(1)"], front: "inputs: [../../etc/passwd]\n"))
        let outside = try Self.lectern(["render"], in: root)
        #expect(outside.status == 1)
        #expect(outside.err.contains("lectures/f.md:3: error: declared input '../../etc/passwd' is outside the course"), "\(outside.err)")
    }

    @Test func aSecondCompileErrorFollowsAProseEdit() throws {
        let cell = "let a: Int = \"x\"\nlet b: Int = \"y\""
        let root = try Self.folder(["lectures/c.md": Self.lecture("C", [cell])])
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Self.lectern(["check"], in: root)
        #expect(first.err.contains("lectures/c.md:6:14: error:") && first.err.contains("lectures/c.md:7:14: error:"), "\(first.err)")
        try Self.write(root, "lectures/c.md", Self.lecture("C", [cell]).replacingOccurrences(of: "---\n\n", with: "---\n\nTwo more lines\nof prose first.\n\n"))
        let moved = try Self.lectern(["check"], in: root)
        #expect(moved.err.contains("cached"), "\(moved.err)")
        #expect(moved.err.contains("lectures/c.md:9:14: error:") && moved.err.contains("lectures/c.md:10:14: error:"), "\(moved.err)")
    }

    @Test func fileNamesWithTabsAndNewlinesCompile() throws {
        let root = try Self.folder(["lectures/tab\there.md": Self.lecture("Tab", ["print(\"tab ok\")", "let n: Int = \"x\""]),
                                    "lectures/new\nline.md": Self.lecture("Newline", ["print(\"newline ok\")"])])
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 1, "\(ran.err)")
        #expect(ran.err.contains("lectures/tab\there.md:12:14: error:"), "the compile error is located: \(ran.err)")
        #expect(try String(contentsOf: root.appendingPathComponent("output/tab\there.html"), encoding: .utf8).contains("tab ok"))
        #expect(try String(contentsOf: root.appendingPathComponent("output/new\nline.html"), encoding: .utf8).contains("newline ok"))
    }

    @Test func aFigureTooLargeToCheckSaysSo() throws {
        let cell = "let d = String(repeating: \"M0 0 \", count: 2_200_000)\nshow(SVG(\"<svg xmlns='http://www.w3.org/2000/svg'><path d='\" + d + \"'/></svg>\"))"
        let root = try Self.folder(["lectures/big.md": Self.lecture("Big", [cell])])
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 0, "\(ran.err)")
        let page = try String(contentsOf: root.appendingPathComponent("output/big.html"), encoding: .utf8)
        #expect(page.contains("This figure is not shown: its SVG is 11.0 MB, too large to check and place in a page (at most 10 MB)"), "\(page.suffix(2000))")
        #expect(!page.contains("not well-formed"))
    }

    @Test func thePartialLineBeforeATrapIsKept() throws {
        let root = try Self.folder(["lectures/p.md": Self.lecture("P", ["print(\"whole\")\nprint(\"partial\", terminator: \"\")\nlet xs = [1]\nprint(xs[3])"])])
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["run", "lectures/p.md"], in: root)
        #expect(ran.status == 1)
        #expect(ran.out.contains("whole\npartial"), "\(ran.out)")
        #expect(ran.err.contains("lectures/p.md:9: error: Fatal error: Index out of range"), "the trap is still located: \(ran.err)")
    }

    @Test func aCellThatClosesLecternsDescriptorsIsNamed() throws {
        let root = try Self.folder(["lectures/c.md": Self.lecture("C", ["print(\"before\")\nfor fd in Int32(3)..<Int32(1024) { close(fd) }\nprint(\"after\")", "print(\"second\")"])])
        defer { try? FileManager.default.removeItem(at: root) }
        let ran = try Self.lectern(["render"], in: root)
        #expect(ran.status == 1)
        #expect(ran.err.contains("lectures/c.md:6: error: this cell closed a descriptor Lectern gave the program"), "\(ran.err)")
        let page = try String(contentsOf: root.appendingPathComponent("output/c.html"), encoding: .utf8)
        #expect(!page.contains("second</"), "the second cell did not run")
    }
}
