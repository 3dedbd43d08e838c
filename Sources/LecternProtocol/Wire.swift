import Foundation

/// How events travel: the runner passes the program one end of a Unix
/// socket pair at file descriptor `channelDescriptor` and the read end of a
/// pipe at `lifelineDescriptor`, and names them in the environment. Each
/// event is one line of JSON (JSON escapes every newline inside it). After
/// each line the runtime waits for one byte back, so when the runner reads
/// an event it has already read everything the program printed before it:
/// that is what puts text and displays in the order they happened. The
/// lifeline's write end stays in Lectern: when Lectern ends, however it ends,
/// the program sees the lifeline close and ends its whole process group.
public enum Wire {
    /// The descriptor of the event socket in a freshly started program.
    public static let channelDescriptor: Int32 = 3
    /// The descriptor of the lifeline pipe's read end in a freshly started program.
    public static let lifelineDescriptor: Int32 = 4
    /// Names the event socket's descriptor.
    public static let channelVariable = "LECTERN_CHANNEL_FD"
    /// Names the lifeline's descriptor.
    public static let lifelineVariable = "LECTERN_LIFELINE_FD"
    /// Tags every process of one run, so that ones that left the process group are found too.
    public static let runVariable = "LECTERN_RUN"
    /// Names the folder where a preview's lecture program keeps checkpoints (unset: none).
    public static let checkpointVariable = "LECTERN_CHECKPOINTS"
    /// The most checkpoints one program keeps (each is a process sharing its pages copy-on-write).
    public static let maximumCheckpoints = 64
    /// The entry point of a preview's suffix library: the cells from a checkpoint on.
    public static let suffixEntry = "lectern_suffix"
    /// The byte the runner answers each event with.
    public static let acknowledgement: UInt8 = 0x06
    /// The exit status of a program whose cell closed the event channel or
    /// the lifeline (descriptors it did not open): the run cannot go on.
    public static let channelLostStatus: Int32 = 117
    /// The longest event line the runner reads: a larger display is refused.
    public static let maximumEventBytes = 64 << 20

    /// The line that carries `event`.
    public static func encode(_ event: Event) throws -> Data {
        var data = try JSONEncoder().encode(event)
        data.append(0x0A)
        return data
    }

    /// The event in `line` (without its newline), or nil when it is not one.
    public static func decode(_ line: Data) -> Event? {
        try? JSONDecoder().decode(Event.self, from: line)
    }
}
