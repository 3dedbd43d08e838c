#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Keeps the partial last line a cell printed before it crashed. stdout is
/// line-buffered, so `print("x", terminator: "")` followed by a trap would
/// lose "x" with the process. For the signals a crash raises, this handler
/// flushes stdout (unlocked: the crash may have happened inside stdio, and
/// a locked flush could then wait forever), puts back the handler that was
/// there (Swift's backtracer, which names the cell's line) and returns: the
/// faulting instruction runs again and faults into that handler. A crash
/// signal sent by `kill` is raised again instead, since returning would
/// simply go on.
enum CrashFlush {
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE]

    /// The handlers that were installed before, one slot per signal number.
    /// Written only by `install`, before any cell runs and before the
    /// handler can fire; read only by the handler, so no access races.
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 32)

    /// Installs the handler for every crash signal (once, at the program's start).
    static func install() {
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { number, info, _ in
                _ = fflush_unlocked(stdout)
                sigaction(number, CrashFlush.previous + Int(number), nil)
                // si_code ≤ 0: sent by a process (kill, raise), not by a faulting instruction.
                if let info, info.pointee.si_code <= 0 { raise(number) }
            }
            action.sa_flags = SA_SIGINFO | Int32(SA_ONSTACK)
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, previous + Int(number))
        }
    }
}
