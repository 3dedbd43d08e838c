/// What a running lecture program tells Lectern, one message at a time, on
/// its own channel (never on stdout or stderr: what a cell prints is data).
/// The runtime (`LectureRuntime`) sends these; the runner (`Lectern`) reads
/// them and accepts each only where the lecture's order allows it.
public enum Event: Codable, Sendable, Equatable {
    /// The program started (before the first cell).
    case start
    /// Cell `index` (0-based, among the lecture's cells) begins.
    case cell(Int)
    /// The lecture's generator as cell `cell` begins (sent right after
    /// `.cell`): its state, so that the preview can tell whether a later cell
    /// would draw what it drew before.
    case random(cell: Int, state: String)
    /// A global's value as cell `cell` ends (`lectern preview` only): a
    /// digest of its contents (`fingerprint`, nil when the runtime cannot
    /// see all of it: a closure, a pointer), so that the preview can tell
    /// whether a later cell would read what it read before.
    case value(cell: Int, name: String, fingerprint: String?)
    /// The running cell showed something.
    case display(cell: Int, Display)
    /// The value of inline expression `index`, as the page shows it.
    case inline(index: Int, value: String)
    /// An `error: true` cell threw `message` (sent by the cell's own child process).
    case thrown(cell: Int, message: String)
    /// The child process of an `error: true` cell ended as `ending`.
    case expectedCellEnded(cell: Int, ending: Ending)
    /// Every cell ran: the program is about to exit normally.
    case end
    /// A checkpoint (process `pid`) keeps the program's state before cell
    /// `cell` and waits for commands on the datagram socket at `address`
    /// (`lectern preview` only).
    case checkpoint(cell: Int, pid: Int32, address: String)
    /// No checkpoint was kept before cell `cell`: `reason` says why (a cell
    /// above started threads, which a fork does not carry).
    case checkpointSkipped(cell: Int, reason: String)
}

/// How a process ended: its exit status, or the signal that ended it.
public enum Ending: Codable, Sendable, Equatable, CustomStringConvertible {
    case exit(Int32)
    case signal(Int32)

    /// The ending a `waitpid` status says.
    public init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal != 0 ? .signal(signal) : .exit((status >> 8) & 0xff)
    }

    public var description: String {
        switch self {
        case .exit(let status): "exit \(status)"
        case .signal(let number): "signal \(number)"
        }
    }
}
