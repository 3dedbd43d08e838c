#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import Foundation
import Synchronization

/// Runs loops of independent iterations at once, the way the engine's
/// samplers and learners split their work.
public enum Parallel {
    /// Set in a process forked from a running program (the preview's
    /// checkpoints and workers): libdispatch's thread pool does not survive
    /// `fork`, so there the iterations run on `ForkPool`'s threads instead.
    nonisolated(unsafe) public static var afterFork = false {
        // A fork leaves the parent's pool behind (its threads are not
        // copied): the child makes its own when it first needs one.
        didSet { if afterFork { ForkPool.shared = nil } }
    }

    /// Calls `body(i)` for every `i` in `0..<count`, at the same time as far
    /// as there are cores, and returns when all have returned:
    /// `DispatchQueue.concurrentPerform`, or after a fork the same on a pool
    /// of plain threads made once per process and reused. The results must
    /// not depend on which runs where (each iteration owns its index's share).
    public static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard afterFork, count > 1 else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
            return
        }
        let pool = ForkPool.shared ?? {
            let made = ForkPool(threads: max(1, ProcessInfo.processInfo.activeProcessorCount - 1))
            ForkPool.shared = made
            return made
        }()
        withoutActuallyEscaping(body) { pool.run(count, $0) }
    }

    /// `[body(0), body(1), …, body(count − 1)]`, the iterations run at the
    /// same time as far as there are cores (as `forEach` runs them). For
    /// independent pieces of work, e.g. one fit per simulated dataset:
    ///
    ///     let widths = Parallel.map(datasets.count) { fit(datasets[$0]).sd }
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = Mutex([T?](repeating: nil, count: count))
        forEach(count) { i in
            let value = body(i)
            results.withLock { $0[i] = value }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Starts a detached thread that runs `body`, named `name` (what
    /// `/proc/…/comm` shows, 15 bytes at most) before this returns: whoever
    /// counts the process's threads by name next (a checkpoint, which skips
    /// the runtime's `lectern-…` threads) never sees it unnamed, however
    /// late the new thread is scheduled. False when no thread could start.
    @discardableResult
    public static func detachThread(named name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let start = ThreadStart(name: name, body)
        let context = Unmanaged.passRetained(start).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { context in
            let start = Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue()
            Parallel.nameThisThread(start.name)
            start.named.store(true, ordering: .releasing)
            start.body()
            return nil
        }, context) == 0 else {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        // A plain wait (no lock a fork could leave held): the thread names itself first thing.
        while !start.named.load(ordering: .acquiring) { sched_yield() }
        return true
    }

    /// Names the calling thread (what `/proc/…/comm` shows, 15 bytes at most).
    static func nameThisThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        var bytes = Array(name.utf8.prefix(15))
        _ = write(fd, &bytes, bytes.count)
        close(fd)
    }
}

/// What `Parallel.detachThread` hands its new thread, and how the new
/// thread says it has taken its name.
private final class ThreadStart: Sendable {
    let name: String
    let body: @Sendable () -> Void
    let named = Atomic<Bool>(false)
    init(name: String, _ body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}

/// Worker threads for `Parallel.forEach` in a forked process: made on first
/// use, named `lectern-pool` (so a checkpoint does not count them as a
/// cell's), and fed one loop at a time. Its state is guarded by a pthread
/// mutex (no Swift runtime lock, which a fork may leave held).
final class ForkPool: @unchecked Sendable {
    // Safe: every field below is read and written only with `mutex` held,
    // except `mutex`, `work` and `finished` themselves (pthread objects,
    // thread-safe by design) and `threads`, written before any worker starts.
    nonisolated(unsafe) static var shared: ForkPool?

    private var mutex = pthread_mutex_t()
    private var work = pthread_cond_t()
    private var finished = pthread_cond_t()
    private var body: (@Sendable (Int) -> Void)?
    private var next = 0
    private var count = 0
    private var running = 0
    /// One loop runs at a time: a caller waits for the one before.
    private var busy = false

    init(threads: Int) {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&work, nil)
        pthread_cond_init(&finished, nil)
        for _ in 0..<threads {
            Parallel.detachThread(named: "lectern-pool") { [self] in serve() }
        }
    }

    /// Runs `body` for `0..<count` on the pool and the calling thread.
    func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        pthread_mutex_lock(&mutex)
        while busy { pthread_cond_wait(&finished, &mutex) }
        busy = true
        self.body = body
        self.count = count
        next = 0
        running = 0
        pthread_cond_broadcast(&work)
        pthread_mutex_unlock(&mutex)
        take()
        pthread_mutex_lock(&mutex)
        while next < self.count || running > 0 { pthread_cond_wait(&finished, &mutex) }
        self.body = nil
        busy = false
        pthread_cond_broadcast(&finished)
        pthread_mutex_unlock(&mutex)
    }

    /// Takes iterations until none are left.
    private func take() {
        while runOne() {
            pthread_mutex_lock(&mutex)
            running -= 1
            if next >= count && running == 0 { pthread_cond_broadcast(&finished) }
            pthread_mutex_unlock(&mutex)
        }
    }

    /// Runs one iteration, if any is left. The loop's closure is held only
    /// inside this call, so it is let go before the iteration counts as done:
    /// `run`'s caller (`withoutActuallyEscaping`) traps if a worker still
    /// holds it when the loop returns.
    private func runOne() -> Bool {
        pthread_mutex_lock(&mutex)
        guard let body, next < count else {
            pthread_mutex_unlock(&mutex)
            return false
        }
        let i = next
        next += 1
        running += 1
        pthread_mutex_unlock(&mutex)
        body(i)
        return true
    }

    private func serve() -> Never {
        while true {
            pthread_mutex_lock(&mutex)
            while body == nil || next >= count { pthread_cond_wait(&work, &mutex) }
            pthread_mutex_unlock(&mutex)
            take()
        }
    }
}
