import ArgumentParser
import Foundation
import Lectern

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve the course, re-render what an edit changes (running only from the first changed cell), and reload open pages.")

    @Argument(help: "Lectures to preview (default: all).")
    var lectures: [String] = []

    @Option(name: .long, help: "The port to serve on.")
    var port: UInt16 = 4242

    @Option(name: .long, help: "The memory all kept checkpoints may hold together, e.g. '2 GB' (default: a quarter of this machine's memory); past it, fewer checkpoints are kept.")
    var checkpointMemory: String?

    @Option(name: .long, help: "The address to listen on (loopback unless you say otherwise).")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Do not open a browser.")
    var noOpen = false

    @OptionGroup var options: CourseOptions

    func run() throws {
        try Console.guarded {
            let course = try options.load(for: lectures)
            let (_, chosen) = try options.plan(course, lectures)
            var budget: Int?
            if let checkpointMemory {
                guard let bytes = Preview.size(checkpointMemory) else {
                    throw LecternError.setup(file: "lectern preview", "--checkpoint-memory '\(checkpointMemory)' is not a size; write it like '2 GB' or '500 MB'")
                }
                budget = bytes
            }
            let preview = Preview(course: course, lectures: lectures.isEmpty ? [] : chosen, checkpointMemory: budget)
            preview.useCache = !options.noCache
            let url = try preview.start(host: host, port: port)
            Console.err("preview: \(url.absoluteString)  (Ctrl-C to stop)")
            if !noOpen { Self.open(url) }
            try preview.watch()
            preview.stop()
            return .ok
        }
    }

    /// Opens `url` in the desktop's browser, when there is one.
    static func open(_ url: URL) {
        guard ProcessInfo.processInfo.environment["DISPLAY"] != nil || ProcessInfo.processInfo.environment["WAYLAND_DISPLAY"] != nil,
              FileManager.default.isExecutableFile(atPath: "/usr/bin/xdg-open") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xdg-open")
        process.arguments = [url.absoluteString]
        // The browser outlives the preview: Lectern's sweep of orphans leaves it alone.
        var environment = ProcessInfo.processInfo.environment
        environment[Teardown.keepVariable] = Teardown.keepValue
        process.environment = environment
        try? process.run()
    }
}
