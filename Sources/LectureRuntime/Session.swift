#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import LecternProtocol

/// The state of one running lecture: which cell runs and its figure size.
/// Only the generated program calls the `_lectern…` functions; cells call `show`.
public enum Session {
    nonisolated(unsafe) static var currentCell = -1
    nonisolated(unsafe) static var currentTimeout: UInt32 = 0

    /// The size, in inches, that the running cell asked its figures to have
    /// (`fig-width`, `fig-height`); 7 × 4.5 unless a cell option says otherwise.
    nonisolated(unsafe) public internal(set) static var figureSize: (width: Double, height: Double) =
        (FigureSize.defaultWidth, FigureSize.defaultHeight)

    /// The cell that is running now (0-based), or −1 before the first.
    public static var cell: Int { currentCell }
}

/// Called once, before the first cell: seeds the lecture's generator, makes
/// stdout line-buffered (and flushed on a crash, so a cell's partial last
/// line is kept: `CrashFlush`) and opens the
/// channel to Lectern.
public func _lecternStart(seed: UInt64) {
    setvbuf(stdout, nil, _IOLBF, 0)
    // A cell's timeout is SIGALRM's default action; do not trust the signal
    // state inherited from whatever started us.
    signal(SIGALRM, SIG_DFL)
    var alarmOnly = sigset_t()
    sigemptyset(&alarmOnly)
    sigaddset(&alarmOnly, SIGALRM)
    sigprocmask(SIG_UNBLOCK, &alarmOnly, nil)
    Channel.open()
    Orphans.adopt()
    CrashFlush.install()
    LectureRandom.seed(seed)
    Fingerprint.enabled = getenv(Wire.checkpointVariable) != nil
    Channel.send(.start)
}

/// Marks the start of cell `index`; arms its timeout in seconds (SIGALRM ends
/// the process when it expires, and Lectern reports the timeout on this cell).
public func _lecternCell(_ index: Int, timeout: Int = 0,
                         figureWidth: Double = FigureSize.defaultWidth, figureHeight: Double = FigureSize.defaultHeight) {
    Session.currentCell = index
    Session.currentTimeout = UInt32(clamping: max(0, timeout))
    Session.figureSize = (figureWidth, figureHeight)
    Checkpoint.keep(before: index)
    Channel.send(.cell(index))
    Channel.send(.random(cell: index, state: LectureRandom.stateText))
    alarm(Session.currentTimeout)
}

/// Records the value of inline expression `index` (`` `{swift} expr` `` in prose).
public func _lecternInline(_ index: Int, _ value: Any) {
    Channel.send(.inline(index: index, value: InlineFormat.text(for: value)))
}

/// Called first by a preview worker, which goes on from a checkpoint.
public func _lecternResume() {
    Channel.send(.start)
}

/// Called after the last cell.
public func _lecternEnd() {
    alarm(0)
    Channel.send(.end)
}

/// Runs a cell that is expected to fail (`//| error: true`) in a child process,
/// so that a trap or a thrown error ends only the child and the cells after it
/// still run. What the cell declares stays inside it. The child is in the
/// lecture's process group, so Lectern's lecture timeout ends it too.
public func _lecternExpectFailure(_ index: Int, _ body: () throws -> Void) {
    AfterFork.prepare()
    fflush(nil)
    let pid = fork()
    if pid == 0 {
        AfterFork.child()
        alarm(Session.currentTimeout)
        do {
            try body()
        } catch {
            Channel.send(.thrown(cell: index, message: "\(error)"))
            fflush(nil)
            _exit(3)
        }
        fflush(nil)
        _exit(0)
    }
    // The child has the cell's alarm; the parent only waits.
    alarm(0)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    Channel.send(.expectedCellEnded(cell: index, ending: Ending(waitStatus: status)))
}

/// Runs the initialiser of a global that may throw (`let fit = try …` in a
/// cell, in the program's library layout, where a global's initialiser
/// cannot throw): an error stops the program as an uncaught error at top
/// level does. Only the generated program calls it.
public func _lecternGlobal<T>(_ initialiser: () throws -> T) -> T {
    do { return try initialiser() } catch { fatalError("Error raised at top level: \(error)") }
}
