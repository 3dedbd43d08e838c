import Foundation
import Synchronization

/// The lecture programs the preview keeps alive between edits, one per
/// lecture, with their checkpoints (see `Incremental`). A lecture whose
/// cells 1…k−1 are unchanged runs only from cell k.
public final class LiveSessions: Sendable {
    let course: Course
    private let kept = Mutex<[String: Incremental]>([:])

    init(course: Course) { self.course = course }

    /// Runs `lecture`, from its first changed cell when a kept program allows;
    /// says how it ran.
    func run(_ lecture: Lecture, compiler: Compiler, work: URL, live: ((Int, CellOutput) -> Void)?) throws -> (LectureResult, String) {
        let previous = kept.withLock { $0.removeValue(forKey: lecture.path) }
        let session = try previous ?? Incremental(lecture: lecture, courseRoot: course.root, compiler: compiler, state: course.stateDirectory)
        do {
            let (result, how) = try session.run(lecture, compiler: compiler, work: work, live: live)
            kept.withLock { $0[lecture.path] = session }
            return (result, how)
        } catch let cancelled as Cancellation.Cancelled {
            // A newer save replaced the run: what was kept before it still holds.
            kept.withLock { $0[lecture.path] = session }
            throw cancelled
        } catch {
            session.end()
            throw error
        }
    }

    /// Whether a program of `path` is kept.
    func has(_ path: String) -> Bool { kept.withLock { $0[path] != nil } }

    /// Ends the kept program of `path` (a lecture that is gone).
    func end(_ path: String) {
        kept.withLock { $0.removeValue(forKey: path) }?.end()
    }

    /// Ends every kept program and checkpoint.
    public func endAll() {
        for session in kept.withLock({ state -> [Incremental] in defer { state.removeAll() }; return Array(state.values) }) {
            session.end()
        }
    }
}
