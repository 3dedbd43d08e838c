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

    /// A stand-in for a course with no times yet (a fresh clone): each
    /// lecture's source size in bytes, since a longer lecture usually has
    /// more cells to run. In this course the largest file is also the
    /// longest run, so a first build still starts it first.
    public static func sourceSizes(_ paths: [String], root: URL) -> Timings {
        var sizes: [String: Double] = [:]
        for path in paths {
            let size = (try? FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path))?[.size] as? NSNumber
            if let size { sizes[path] = size.doubleValue }
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
