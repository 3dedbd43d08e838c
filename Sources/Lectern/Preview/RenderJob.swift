import Foundation
import Synchronization

/// One lecture's render in flight, on its own thread.
final class RenderJob: Sendable {
    let path: String
    /// What changed, for the console.
    let reason: String
    let useCache: Bool
    /// Tell open pages to reload when it lands.
    let reload: Bool
    /// Requested when a newer save replaces this run, or the lecture goes.
    let cancel = Cancellation()
    let started = Date()

    init(path: String, reason: String, useCache: Bool, reload: Bool) {
        self.path = path
        self.reason = reason
        self.useCache = useCache
        self.reload = reload
    }

    /// Runs that ended, handed from their threads to the watch loop.
    final class Landed: Sendable {
        private let runs = Mutex<[(RenderJob, LectureOutcome)]>([])

        func add(_ job: RenderJob, _ outcome: LectureOutcome) { runs.withLock { $0.append((job, outcome)) } }

        /// The runs that ended since the last call.
        func take() -> [(RenderJob, LectureOutcome)] { runs.withLock { state in defer { state.removeAll() }; return state } }
    }
}
