import Foundation

/// The course's formulas, typeset while its lectures build. Every formula a
/// page shows (its prose, its captions, the titles and headings of every
/// lecture) is known once the lectures are parsed; none waits for a cell. So
/// `lectern render` starts KaTeX on a thread of its own before the first
/// compile, whose Clang module build leaves a core idle on a cold course,
/// instead of after the last lecture. The site's write waits for it
/// (`finish`) and typesets with the same `MathTypesetter`, which then knows
/// every formula and starts no process. Its one `node` run is like any
/// other Lectern starts: ended on Ctrl-C, and its results are kept only in
/// the state folder (`.lectern/math/`).
public final class MathAhead: Sendable {
    let typesetter: MathTypesetter
    private let done = DispatchSemaphore(value: 0)

    /// Starts typesetting the formulas of `lectures` (paths relative to the course).
    public init(course: Course, lectures: [String]) {
        let typesetter = MathTypesetter(state: course.stateDirectory)
        self.typesetter = typesetter
        let done = done
        Thread.detachNewThread {
            defer { done.signal() }
            guard typesetter.available, !Teardown.stopping else { return }
            let parsed = lectures.compactMap { path in Lecture.parsed(path, in: course).map { LectureOutcome(path: path, lecture: $0) } }
            let index = Site.index(course: course, outcomes: parsed, lectures: lectures)
            _ = typesetter.typeset(Site.formulas(of: parsed.compactMap(\.lecture), index: index))
        }
    }

    /// Waits until the formulas are typeset (at once when they already are).
    public func finish() {
        done.wait()
        done.signal()
    }
}
