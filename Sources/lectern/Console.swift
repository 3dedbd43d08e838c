import ArgumentParser
import Foundation
import Lectern

/// What the command line prints: progress on stderr, cell output on stdout.
enum Console {
    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Runs `body` and exits as the README says: 0 when all is well, 1 when
    /// a lecture is at fault, 2 for set-up, usage and I/O problems (a bad
    /// `lectern.yml`, no engine, a full disk, a compiler that crashed), and
    /// 128 + the signal when interrupted (the signal handler exits; nothing
    /// is reported after a stop). `body` returns the outcomes it judged.
    static func guarded(_ body: () throws -> Verdict) throws {
        let verdict: Verdict
        do {
            verdict = try body()
        } catch let error as LecternError {
            Teardown.yieldToStop()
            err(error.description)
            throw ExitCode(2)
        } catch {
            Teardown.yieldToStop()
            err("lectern: error: \(error)")
            throw ExitCode(2)
        }
        Teardown.yieldToStop()
        switch verdict {
        case .ok: return
        case .lectureFault: throw ExitCode(1)
        case .setup: throw ExitCode(2)
        }
    }

    /// What a command found, most serious last.
    enum Verdict: Comparable {
        case ok, lectureFault, setup

        /// The verdict on `outcomes` and any other lecture problems found.
        static func of(_ outcomes: [LectureOutcome], problems: Bool, setup: Bool = false) -> Verdict {
            if setup || outcomes.contains(where: \.setupFailed) { return .setup }
            return problems || outcomes.contains(where: \.failed) ? .lectureFault : .ok
        }
    }

    /// Builds `paths` and prints a line per lecture, then what the remote
    /// cache did; a build of the whole course records the lectures' times
    /// for `--shard`, and every build prunes the local store to its budget.
    static func build(_ course: Course, _ paths: [String], jobs: Int, useCache: Bool, typeCheckLimit: Int? = nil,
                      remote: RemoteCache? = nil, recordTimings: Bool = false) -> [LectureOutcome] {
        var build = CourseBuild(course: course, jobs: jobs, useCache: useCache)
        build.typeCheckLimit = typeCheckLimit
        build.remote = remote
        let start = Date()
        let outcomes = build.build(paths) { outcome in
            guard !Teardown.stopping else { return }
            var line = (outcome.failed ? "✗ " : "✓ ") + outcome.path
            if outcome.cached {
                line += outcome.store.map { "  cached (\($0))" } ?? "  cached"
            } else if let result = outcome.result {
                line += String(format: "  compile %.2f s, run %.2f s", result.compileSeconds, result.runSeconds)
            }
            if outcome.failed { line += "  (\(outcome.errors.count) error\(outcome.errors.count == 1 ? "" : "s"))" }
            var text = line
            for error in outcome.errors { text += "\n" + indent(error.description) }
            if let result = outcome.result, result.truncatedBytes > 0 {
                text += "\n" + indent("\(outcome.path): warning: \(result.truncatedBytes) bytes of cell output not shown (raise 'output-limit' or 'lecture-output-limit' to keep more)")
            }
            err(text)
        }
        Teardown.yieldToStop()
        let elapsed = Date().timeIntervalSince(start)
        let ran = outcomes.filter { !$0.cached && $0.result != nil }.count
        err(String(format: "%d lecture(s) in %.2f s (%d run, %d from stores)", outcomes.count, elapsed, ran, outcomes.filter(\.cached).count))
        if let remote { for warning in remote.takeWarnings() { err("lectern: warning: \(warning)") } }
        if recordTimings {
            var results: [String: LectureResult] = [:]
            for outcome in outcomes { if let result = outcome.result, !outcome.pending { results[outcome.path] = result } }
            Timings.load(state: course.stateDirectory, remote: nil).updated(with: results).save(state: course.stateDirectory, remote: remote)
        }
        build.pruneLocalStore()
        return outcomes
    }

    /// What the remote cache did in this command (lectures and handouts), and its last warnings.
    static func remoteSummary(_ remote: RemoteCache?) {
        guard let remote else { return }
        for warning in remote.takeWarnings() { err("lectern: warning: \(warning)") }
        let t = remote.traffic
        err("remote cache \(remote.base.absoluteString) (\(remote.mode.rawValue)): \(t.hits) hit(s), \(t.misses) miss(es), \(t.stored) stored; received \(t.bytesReceived) bytes, sent \(t.bytesSent) bytes")
    }

    /// A warning for each built lecture that reads `_freeze/` and whose frozen entry is stale.
    static func staleFrozen(_ outcomes: [LectureOutcome], course: Course) -> [LecternError] {
        let build = CourseBuild(course: course)
        return outcomes.compactMap { outcome in
            guard let lecture = outcome.lecture, lecture.freeze != .never, build.frozenIsCurrent(lecture) == false else { return nil }
            return .warning(file: lecture.path, "its frozen results are stale (its cells, options, seed or inputs changed since 'lectern freeze'): a render without a Swift toolchain fails; run 'lectern freeze \(lecture.path)'")
        }
    }

    static func report(_ errors: [LecternError]) {
        for error in errors { err(error.description) }
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}
