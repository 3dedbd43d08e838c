import Foundation

/// A course: a folder with `lectures/`, optional `lectern.yml` and `templates/`.
public struct Course: Sendable {
    public let root: URL
    public let config: CourseConfig

    public init(root: URL) throws {
        self.root = root.standardizedFileURL
        config = try CourseConfig.load(root: root)
    }

    /// The lectures in index order: `lectern.yml`'s list, or `lectures/*.md` by name.
    public func lecturePaths() throws -> [String] {
        if let listed = config.lectures {
            for path in listed where !FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
                throw LecternError(file: "lectern.yml", "lecture '\(path)' is listed but does not exist")
            }
            return listed
        }
        let folder = root.appendingPathComponent("lectures")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map { "lectures/\($0)" }
    }

    /// `path` relative to the course root, for a path given on the command line.
    public func relativePath(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// The directory where Lectern keeps its cache and scratch files.
    public var stateDirectory: URL { root.appendingPathComponent(".lectern") }
}
