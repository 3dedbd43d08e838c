#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch

/// Runs loops of independent iterations at once, the way the engine's
/// samplers and learners split their work.
public enum Parallel {
    /// Set in a process forked from a running program (the preview's
    /// workers): libdispatch's thread pool does not survive `fork`, so there
    /// `concurrentPerform` runs its iterations one after another. Plain
    /// threads can still be started.
    nonisolated(unsafe) public static var afterFork = false

    /// Calls `body(i)` for every `i` in `0..<count`, at the same time, and
    /// returns when all have returned: `DispatchQueue.concurrentPerform`, or
    /// one thread per iteration after a fork. The results must not depend on
    /// which runs where (each iteration owns its index's share).
    public static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard afterFork, count > 1 else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = Work(body)
            var threads: [pthread_t] = []
            for i in 1..<count {
                var thread = pthread_t()
                let context = Unmanaged.passRetained(Iteration(work, i)).toOpaque()
                if pthread_create(&thread, nil, { context in
                    let iteration = Unmanaged<Iteration>.fromOpaque(context!).takeRetainedValue()
                    iteration.work.body(iteration.index)
                    return nil
                }, context) == 0 {
                    threads.append(thread)
                } else {
                    Unmanaged<Iteration>.fromOpaque(context).release()
                    body(i)
                }
            }
            body(0)
            for thread in threads { pthread_join(thread, nil) }
        }
    }

    private final class Work {
        let body: @Sendable (Int) -> Void
        init(_ body: @escaping @Sendable (Int) -> Void) { self.body = body }
    }

    private final class Iteration {
        let work: Work
        let index: Int
        init(_ work: Work, _ index: Int) { self.work = work; self.index = index }
    }
}
