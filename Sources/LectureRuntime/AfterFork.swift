import Stats

/// The fork contract: every child the runtime forks (a checkpoint, a
/// preview worker, the child that runs an `error: true` cell) calls
/// `AfterFork.child()` first. libdispatch's thread pool does not survive
/// `fork`, so from then on the engine's parallel loops start plain threads
/// (`Parallel.afterFork`) instead of calling `concurrentPerform`.
enum AfterFork {
    /// Puts this freshly forked process under the after-fork rules.
    static func child() {
        Parallel.afterFork = true
    }
}
