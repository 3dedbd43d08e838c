#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// A course: a folder with `lectures/`, optional `lectern.yml` and `templates/`.
/// Every lecture is known by its path relative to this folder, normalised
/// (`lectures/a/intro.md`), however it was named on the command line: errors,
/// cache keys and the default seed all use that path.
public struct Course: Sendable {
    public let root: URL
    public var config: CourseConfig
    /// Where Lectern keeps its cache and scratch files: `.lectern/` in the
    /// course, or, when the course cannot be written (a read-only checkout),
    /// a private folder of this user's under the temporary folder.
    public let stateDirectory: URL
    /// Said once when the state folder is not the course's own.
    public let stateWarning: LecternError?

    public init(root: URL) throws {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        config = try CourseConfig.load(root: self.root)
        (stateDirectory, stateWarning) = try Self.stateFolder(for: self.root)
    }

    /// `.lectern/` in `root` when it can be written; else
    /// `$TMPDIR/lectern-UID/HASH` (made 0700, and used only when this user owns it).
    static func stateFolder(for root: URL) throws -> (URL, LecternError?) {
        let local = root.appendingPathComponent(".lectern")
        let fm = FileManager.default
        if fm.fileExists(atPath: local.path) ? access(local.path, W_OK | X_OK) == 0 : access(root.path, W_OK | X_OK) == 0 {
            return (local, nil)
        }
        let mine = fm.temporaryDirectory.appendingPathComponent("lectern-\(getuid())")
        mkdir(mine.path, 0o700)
        var info = stat()
        guard lstat(mine.path, &info) == 0, info.st_uid == getuid(), info.st_mode & S_IFMT == S_IFDIR, info.st_mode & 0o077 == 0 else {
            throw LecternError.setup(file: local.path, "the course cannot be written and \(mine.path) is not a private folder of this user's; make the course writable or set TMPDIR")
        }
        let folder = mine.appendingPathComponent(String(SHA256.hex(of: Data(root.path.utf8)).prefix(16)))
        return (folder, .warning(file: local.path, "the course folder cannot be written, so results are kept in \(folder.path) instead"))
    }

    /// The course that `arguments` (lectures or folders, as typed) belong to,
    /// seen from `directory`: `explicit` (`--course`) when given; else,
    /// looking up from the first argument (or from `directory`), the nearest
    /// folder with `lectern.yml`, or failing that the folder that holds a
    /// `lectures/` folder on the way; else `directory` itself (or, for a
    /// lecture outside it, the lecture's own folder).
    public static func locate(explicit: String?, arguments: [String], from directory: URL) throws -> Course {
        if let explicit {
            let root = URL(fileURLWithPath: explicit, isDirectory: true, relativeTo: directory).standardizedFileURL
            guard isDirectory(root) else {
                throw LecternError(file: explicit, "--course names no folder; give the course folder (the one with lectures/ and lectern.yml)")
            }
            return try Course(root: root)
        }
        let here = directory.standardizedFileURL.resolvingSymlinksInPath()
        let start = arguments.first.map { named($0, from: directory) } ?? here
        let first = isDirectory(start) ? start : start.deletingLastPathComponent()
        var lecturesParent: URL?
        var folder = first
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("lectern.yml").path) {
                return try Course(root: folder)
            }
            let parent = folder.deletingLastPathComponent()
            if lecturesParent == nil, folder.lastPathComponent == "lectures" { lecturesParent = parent }
            if parent.path == folder.path { break }
            folder = parent
        }
        if let lecturesParent { return try Course(root: lecturesParent) }
        if arguments.isEmpty || contains(here, start) { return try Course(root: here) }
        return try Course(root: first)
    }

    /// The lectures under `lectures/`, every folder deep, in path order.
    public func discoveredLectures() -> [String] {
        Self.markdownFiles(under: root.appendingPathComponent("lectures"), relativeTo: root)
    }

    /// What a build works from: the lectures in index order, and what is
    /// wrong with the list. `lectern.yml`'s `lectures:` when it has one (a
    /// duplicate or missing entry is an error at its line, and the others
    /// still build; a lecture under `lectures/` that is not listed gets a
    /// warning), else every `.md` under `lectures/`. Two lectures that would
    /// be one page, or a page with a reserved name, are errors naming both.
    public func plan() -> CoursePlan {
        var plan = CoursePlan()
        let discovered = discoveredLectures()
        if let listed = config.lectures {
            var seen: [String: Int] = [:]
            for (i, entry) in listed.enumerated() {
                let line = config.lectureLines[safe: i]
                let path: String
                switch ContainedPath.resolve(entry, in: root) {
                case .success(let inside): path = inside
                case .failure(let problem):
                    plan.problems.append(LecternError(file: "lectern.yml", line: line, "\(problem.describe(entry, folder: "the course")); list only lectures inside the course (copy the file in)"))
                    continue
                }
                guard path.hasSuffix(".md") else {
                    plan.problems.append(LecternError(file: "lectern.yml", line: line, "'\(entry)' is not a lecture: a lecture is a Markdown file ending in .md"))
                    continue
                }
                if let first = seen[path] {
                    plan.problems.append(LecternError(file: "lectern.yml", line: line, "'\(entry)' is listed twice (first at line \(first)); remove one entry"))
                    continue
                }
                seen[path] = line ?? 0
                guard FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) else {
                    plan.problems.append(LecternError(file: "lectern.yml", line: line, "lecture '\(entry)' is listed but does not exist (looked for \(root.appendingPathComponent(path).path)); fix the path or remove the entry"))
                    continue
                }
                plan.lectures.append(path)
            }
            for path in discovered where seen[path] == nil {
                plan.problems.append(.warning(file: path, "this lecture is not in lectern.yml's 'lectures:' list, so the site leaves it out; add it to the list (or move it out of lectures/)"))
            }
        } else {
            plan.lectures = discovered
        }
        plan.lectures = plan.lectures.filter { path in
            guard let problem = outside(path) else { return true }
            plan.problems.append(problem)
            return false
        }
        plan.lectures = admitPages(plan.lectures, problems: &plan.problems)
        return plan
    }

    /// `paths` without those whose page another lecture (earlier in the
    /// list) already has or whose page name is reserved; each one left out is
    /// an error naming both files.
    public func admitPages(_ paths: [String], problems: inout [LecternError]) -> [String] {
        var owner: [String: String] = [:]
        var admitted: [String] = []
        for path in paths {
            let page = SitePath.page(for: path)
            if let reserved = SitePath.reservedReason(page) {
                problems.append(LecternError(file: path, "this lecture would be the page \(page), \(reserved); rename the file"))
                continue
            }
            if let other = owner[page.lowercased()] {
                problems.append(LecternError(file: path, "this lecture and \(other) would both be the page \(page); rename one of them"))
                continue
            }
            owner[page.lowercased()] = path
            admitted.append(path)
        }
        return admitted
    }

    /// The lectures that `arguments` name (files or folders, relative to
    /// `directory` or absolute), as course paths, in the order given (a
    /// folder's lectures in path order). Anything outside the course, missing
    /// or not Markdown is an error (a `.swift` file of a lecture's cells, as
    /// its page offers it, is one too when `swift` allows it: `lectern run`).
    public func lectures(named arguments: [String], from directory: URL, swift: Bool = false) throws -> [String] {
        var paths: [String] = []
        for argument in arguments {
            let url = Self.named(argument, from: directory)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw LecternError(file: argument, "no such lecture or folder (looked for \(url.path))")
            }
            if case .failure(let problem) = ContainedPath.resolve(url.path, in: root) {
                throw LecternError(file: argument, "\(problem.describe(argument, folder: "the course at \(root.path)")); run lectern from inside the course, or give --course")
            }
            if Self.isDirectory(url) {
                let found = Self.markdownFiles(under: url, relativeTo: root)
                guard !found.isEmpty else {
                    throw LecternError(file: argument, "this folder holds no lectures (.md files)")
                }
                if let problem = found.lazy.compactMap(outside).first { throw problem }
                paths += found
            } else {
                guard url.pathExtension == "md" || (swift && url.pathExtension == "swift") else {
                    throw LecternError(file: argument, "a lecture is a Markdown file ending in .md" + (swift ? " (or the .swift file of its cells)" : ""))
                }
                paths.append(relative(url))
            }
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// The error for a found lecture (course path `path`) that leads out of
    /// the course through a symbolic link, or nil when it stays inside.
    func outside(_ path: String) -> LecternError? {
        guard case .failure(let problem) = ContainedPath.resolve(path, in: root) else { return nil }
        return LecternError(file: path, "\(problem.describe(path, folder: "the course")); a lecture must be a file inside the course")
    }

    /// `url`'s path relative to the course root (it must be inside it).
    func relative(_ url: URL) -> String {
        (try? ContainedPath.resolve(url.path, in: root).get()) ?? url.path
    }


    // MARK: paths

    static func absolute(_ path: String, from directory: URL) -> URL {
        URL(fileURLWithPath: path, relativeTo: directory).standardizedFileURL.resolvingSymlinksInPath()
    }

    /// A lecture or folder as typed: its folder's links resolved, but not
    /// a link that is its own last part, so that a lecture named through a
    /// link is judged where it stands (a link out of the course is refused,
    /// not taken to make the link's target the course).
    static func named(_ path: String, from directory: URL) -> URL {
        let url = URL(fileURLWithPath: path, relativeTo: directory).standardizedFileURL
        let parent = url.deletingLastPathComponent().resolvingSymlinksInPath()
        return url.lastPathComponent.isEmpty || url.path == "/" ? parent : parent.appendingPathComponent(url.lastPathComponent)
    }

    static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }

    /// Whether `url` is `folder` or inside it.
    static func contains(_ folder: URL, _ url: URL) -> Bool {
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        return path == base || path.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    /// Every `.md` file under `folder` (hidden files and folders skipped),
    /// as paths relative to `base`, in path order.
    static func markdownFiles(under folder: URL, relativeTo base: URL) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        var visited = Set<String>()
        func visit(_ url: URL, _ relative: String) {
            // A folder reached twice through links (a loop) is read once.
            guard visited.insert(ContainedPath.real(url.path) ?? url.path).inserted,
                  let names = try? fm.contentsOfDirectory(atPath: url.path) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = url.appendingPathComponent(name)
                let path = relative.isEmpty ? name : relative + "/" + name
                if isDirectory(child) {
                    visit(child, path)
                } else if name.hasSuffix(".md"), !name.hasPrefix("_") {  // _part.md: included, never a lecture
                    found.append(path)
                }
            }
        }
        let start = folder.standardizedFileURL.resolvingSymlinksInPath()
        let rootPath = base.standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = start.path == rootPath ? "" : String(start.path.dropFirst(rootPath.hasSuffix("/") ? rootPath.count : rootPath.count + 1))
        visit(start, prefix)
        return found.sorted { $0.split(separator: "/").lexicographicallyPrecedes($1.split(separator: "/")) }
    }
}

/// What to build, and what is wrong with the course's list of lectures.
public struct CoursePlan: Sendable {
    /// Lectures in index order.
    public var lectures: [String] = []
    /// Errors (a listed lecture that is missing or twice, two lectures for one
    /// page) and warnings (a lecture not listed): reported, never fatal to the others.
    public var problems: [LecternError] = []
    public var failed: Bool { problems.contains { !$0.isWarning } }

    /// The lectures in index order with `extra` ones (named on the command
    /// line but not in the list) after them.
    public func indexOrder(with extra: [String]) -> [String] {
        lectures + extra.filter { !lectures.contains($0) }
    }
}
