import Foundation

/// How long each lecture last took to compile and run, in seconds, by
/// course path: what `--shard` balances by. A full build (not a shard)
/// records it in the state folder (`timings.json`) and, when it may write
/// there, in the remote cache, so every shard of the next CI run reads the
/// same record: shards never write it, so they agree on one split.
public struct Timings: Sendable, Codable, Equatable {
    public var seconds: [String: Double] = [:]

    public init(seconds: [String: Double] = [:]) { self.seconds = seconds }

    static let fileName = "timings.json"
    static let recordName = "timings"

    /// The record: the remote's when there is one that answers, else the state folder's.
    public static func load(state: URL, remote: RemoteCache?) -> Timings {
        if let data = remote?.record(recordName), let found = try? JSONDecoder().decode(Timings.self, from: data) {
            return found
        }
        guard let data = try? Data(contentsOf: state.appendingPathComponent(fileName)) else { return Timings() }
        return (try? JSONDecoder().decode(Timings.self, from: data)) ?? Timings()
    }

    /// These results' times (by course path) over the ones known; a cached
    /// result keeps the time of the run that made it.
    public func updated(with results: [String: LectureResult]) -> Timings {
        var next = self
        for (path, result) in results where result.notCached == nil {
            next.seconds[path] = ((result.compileSeconds + result.runSeconds) * 100).rounded() / 100
        }
        return next
    }

    /// `paths` (each once), longest first by their last known time, with
    /// that time: a path with none counts as the median of the known ones
    /// (1 s when none is known); ties go by path. The order the
    /// longest-processing-time rule deals work out in: to CI shards, and to a
    /// build's threads, so a long lecture never starts last.
    public func longestFirst(_ paths: [String]) -> [(path: String, seconds: Double)] {
        let known = paths.compactMap { seconds[$0] }.filter { $0.isFinite && $0 >= 0 }.sorted()
        let fallback = known.isEmpty ? 1 : known[known.count / 2]
        func cost(_ path: String) -> Double {
            guard let s = seconds[path], s.isFinite, s >= 0 else { return fallback }
            return s
        }
        return Set(paths).map { ($0, cost($0)) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    }

    /// A stand-in for a course with no times yet (a fresh clone): the size
    /// in bytes of each lecture's code that runs (its cells with `eval` on;
    /// a lecture's `.swift` program whole), since the time goes to the
    /// cells, not the prose. A lecture that does not parse counts 0 (it
    /// fails at once); one that cannot be read has no stand-in. In this
    /// course the order by code (02, 04, 05, 03, 01, 06) is the order by
    /// recorded time, where the order by file size started 04, the lecture
    /// whose last cells run on one core, third, and it ended the build alone.
    public static func codeSizes(_ paths: [String], course: Course) -> Timings {
        var sizes: [String: Double] = [:]
        for path in paths {
            guard let source = SourceText.read(course.root.appendingPathComponent(path)) else { continue }
            guard !path.hasSuffix(".swift") else { sizes[path] = Double(source.utf8.count); continue }
            sizes[path] = Double(Lecture.parsed(source, path: path, in: course)?.cells.filter(\.settings.eval).reduce(0) { $0 + $1.code.utf8.count } ?? 0)
        }
        return Timings(seconds: sizes)
    }

    /// Writes the record to the state folder and the remote; a failure only
    /// costs the next split its balance.
    public func save(state: URL, remote: RemoteCache?) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self), !Teardown.stopping else { return }
        try? FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try? data.write(to: state.appendingPathComponent(Self.fileName), options: .atomic)
        remote?.putRecord(Self.recordName, data)
    }
}
