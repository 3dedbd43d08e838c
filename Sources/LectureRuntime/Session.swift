#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// The state of one running lecture: which cell runs, its figure size, and
/// where displays go. Only the generated program calls the `_lectern…`
/// functions; cells call `show`.
public enum Session {
    nonisolated(unsafe) static var displayDirectory: String? = ProcessInfo.processInfo.environment["LECTERN_DISPLAY_DIR"]
    nonisolated(unsafe) static var displayCount = 0
    nonisolated(unsafe) static var currentCell = -1
    nonisolated(unsafe) static var currentTimeout: UInt32 = 0

    /// The size, in inches, that the running cell asked its figures to have
    /// (`fig-width`, `fig-height`); 7 × 4.5 unless a cell option says otherwise.
    nonisolated(unsafe) public internal(set) static var figureSize: (width: Double, height: Double) = (7, 4.5)

    /// The cell that is running now (0-based), or −1 before the first.
    public static var cell: Int { currentCell }
}

/// Called once, before the first cell: seeds the lecture's generator and makes
/// stdout line-buffered, so a crash loses nothing a cell printed.
public func _lecternStart(seed: UInt64) {
    setvbuf(stdout, nil, _IOLBF, 0)
    // A cell's timeout is SIGALRM's default action; do not trust the signal
    // state inherited from whatever started us.
    signal(SIGALRM, SIG_DFL)
    var alarmOnly = sigset_t()
    sigemptyset(&alarmOnly)
    sigaddset(&alarmOnly, SIGALRM)
    sigprocmask(SIG_UNBLOCK, &alarmOnly, nil)
    LectureRandom.seed(seed)
    Marker.emit("start")
}

/// Marks the start of cell `index`; arms its timeout (SIGALRM ends the process
/// when it expires, and Lectern reports the timeout on this cell).
public func _lecternCell(_ index: Int, timeout: Int = 0, figureWidth: Double = 7, figureHeight: Double = 4.5) {
    Session.currentCell = index
    Session.currentTimeout = UInt32(max(0, timeout))
    Session.figureSize = (figureWidth, figureHeight)
    Marker.emit("cell \(index)", bothStreams: true)
    alarm(Session.currentTimeout)
}

/// Records the value of inline expression `index` (`` `{swift} expr` `` in prose).
public func _lecternInline(_ index: Int, _ value: Any) {
    Marker.emit("inline \(index) " + jsonString(InlineFormat.text(for: value)))
}

/// Called after the last cell.
public func _lecternEnd() {
    alarm(0)
    Marker.emit("end", bothStreams: true)
}

/// Runs a cell that is expected to fail (`//| error: true`) in a child process,
/// so that a trap or a thrown error ends only the child and the cells after it
/// still run. What the cell declares stays inside it.
public func _lecternExpectFailure(_ index: Int, _ body: () throws -> Void) {
    fflush(nil)
    let pid = fork()
    if pid == 0 {
        alarm(Session.currentTimeout)
        do {
            try body()
        } catch {
            fflush(nil)
            standardError("Error: \(error)\n")
            _exit(3)
        }
        fflush(nil)
        _exit(0)
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let signal = status & 0x7f
    let code = (status >> 8) & 0xff
    if signal == 0 && code == 0 {
        Marker.emit("unexpected-success \(index)", bothStreams: true)
    } else {
        Marker.emit("expected-failure \(index) " + (signal != 0 ? "signal \(signal)" : "exit \(code)"), bothStreams: true)
    }
}

func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
