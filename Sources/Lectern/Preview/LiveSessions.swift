import Foundation
import Synchronization

/// The lecture programs the preview keeps alive between edits, one per
/// lecture, with their checkpoints (see `Incremental`). A lecture whose
/// cells 1…k−1 are unchanged runs only from cell k.
///
/// Checkpoints share the program's pages copy-on-write, but a lecture that
/// rewrites large state makes each one hold its own copy. Their memory is
/// measured after every run (proportional set size, `Incremental.checkpointMemory`);
/// past `budget` (all lectures together), the lecture just run keeps fewer
/// checkpoints, ending first those that hold the most memory of their own,
/// and the console says so.
public final class LiveSessions: Sendable {
    let course: Course
    /// Bytes all kept checkpoints may hold together.
    let budget: Int
    private let kept = Mutex<[String: Incremental]>([:])
    /// Each lecture's checkpoint memory at its last run, in bytes.
    private let memory = Mutex<[String: Int]>([:])

    init(course: Course, budget: Int = LiveSessions.defaultBudget) {
        self.course = course
        self.budget = budget
    }

    /// A quarter of the machine's memory.
    public static var defaultBudget: Int { Int(ProcessInfo.processInfo.physicalMemory / 4) }

    /// Runs `lecture`, from its first changed cell when a kept program allows;
    /// says how it ran.
    func run(_ lecture: Lecture, compiler: Compiler, work: URL, live: ((Int, CellOutput) -> Void)?) throws -> (LectureResult, String) {
        let previous = kept.withLock { $0.removeValue(forKey: lecture.path) }
        let session = try previous ?? Incremental(lecture: lecture, courseRoot: course.root, compiler: compiler, state: course.stateDirectory)
        do {
            let (result, how) = try session.run(lecture, compiler: compiler, work: work, live: live)
            let note = keepWithinBudget(session, lecture.path)
            kept.withLock { $0[lecture.path] = session }
            return (result, how + note)
        } catch let cancelled as Cancellation.Cancelled {
            // A newer save replaced the run: what was kept before it still holds.
            kept.withLock { $0[lecture.path] = session }
            throw cancelled
        } catch {
            session.end()
            throw error
        }
    }

    /// Ends checkpoints of `session` (the lecture at `path`, just run) while
    /// all checkpoints together hold more than the budget; says what it did.
    private func keepWithinBudget(_ session: Incremental, _ path: String) -> String {
        let others = memory.withLock { $0.filter { $0.key != path }.values.reduce(0, +) }
        var mine = session.checkpointMemory()
        let before = mine.count
        var total = others + mine.map(\.pss).reduce(0, +)
        while total > budget, mine.count > 1, let largest = mine.max(by: { $0.own < $1.own }) {
            session.drop(checkpointBefore: largest.cell)
            mine = session.checkpointMemory()
            total = others + mine.map(\.pss).reduce(0, +)
        }
        memory.withLock { $0[path] = mine.map(\.pss).reduce(0, +) }
        guard mine.count < before else { return "" }
        return "; over the checkpoint memory budget (\(ByteCount.written(budget, rounded: true)), --checkpoint-memory): "
            + "kept \(mine.count) of \(before), \(ByteCount.written(total, rounded: true)) in all"
    }

    /// Whether a program of `path` is kept.
    func has(_ path: String) -> Bool { kept.withLock { $0[path] != nil } }

    /// Ends the kept program of `path` (a lecture that is gone).
    func end(_ path: String) {
        kept.withLock { $0.removeValue(forKey: path) }?.end()
        memory.withLock { $0[path] = nil }
    }

    /// Ends every kept program and checkpoint.
    public func endAll() {
        for session in kept.withLock({ state -> [Incremental] in defer { state.removeAll() }; return Array(state.values) }) {
            session.end()
        }
    }
}
