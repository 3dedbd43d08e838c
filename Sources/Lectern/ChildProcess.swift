import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with stdin closed and stdout and stderr going to files,
/// and kills it when it outlives its time.
struct ChildProcess {
    struct Termination: Sendable {
        /// Exit status, or the signal number when `signaled`.
        var status: Int32
        var signaled: Bool
        var timedOut: Bool
        var seconds: Double
        var succeeded: Bool { !signaled && !timedOut && status == 0 }
    }

    static func run(_ executable: URL, arguments: [String], environment: [String: String]? = nil,
                    directory: URL? = nil, stdout: URL, stderr: URL, timeout: Double) throws -> Termination {
        let fm = FileManager.default
        fm.createFile(atPath: stdout.path, contents: nil)
        fm.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        let out = try FileHandle(forWritingTo: stdout)
        let err = try FileHandle(forWritingTo: stderr)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let start = Date()
        try process.run()
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if done.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
        }
        return Termination(status: process.terminationStatus,
                           signaled: process.terminationReason == .uncaughtSignal,
                           timedOut: timedOut, seconds: Date().timeIntervalSince(start))
    }
}
