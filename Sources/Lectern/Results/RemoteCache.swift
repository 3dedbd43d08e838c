import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// A shared cache on a server, spoken to in the layout of Bazel's HTTP
/// remote cache (bazel-remote, or nginx with WebDAV `PUT`): an entry's
/// manifest (file name → SHA-256, the local store's `manifest.json`) is the
/// action record at `/ac/<key>`, and each file is a blob at `/cas/<sha256>`.
///
/// Every answer is checked: a manifest that does not decode, a blob whose
/// digest is not its name, an entry that does not decode are misses, never a
/// page. The remote never fails a build: the first request that fails
/// (refused connection, timeout, a server error) gives one warning and the
/// remote is left alone for the rest of the build (no retries); a refused
/// write gives one warning and ends writing only. Blobs go up before their
/// manifest, so a reader never finds a manifest whose files are not there.
public final class RemoteCache: Sendable {
    /// What the build may do with the remote (`cache: remote:`, `--remote-cache`).
    public typealias Mode = CacheSettings.RemoteUse

    /// What one build did with the remote, for the console's summary.
    public struct Traffic: Sendable, Equatable {
        public var hits = 0
        public var misses = 0
        public var stored = 0
        public var bytesReceived = 0
        public var bytesSent = 0
    }

    public let base: URL
    public let mode: Mode
    /// Seconds a request may wait for the server without progress.
    public let timeout: Double
    private let authorization: String?
    private let session: URLSession
    /// The serial queue answers arrive on. Held here: `OperationQueue.underlyingQueue`
    /// is `unowned(unsafe)` in swift-corelibs-foundation, so the queue would
    /// otherwise be freed as soon as it was set.
    private let answerQueue = DispatchQueue(label: "lectern-remote-cache")
    private let state = Mutex(State())

    private struct State {
        var traffic = Traffic()
        var down = false
        var writesRefused = false
        var warnings: [String] = []
        var warned: Set<String> = []
        /// Blobs found altered on the server: a write sends them again.
        var altered: Set<String> = []
    }

    /// Requests in flight at once for one entry's files.
    static let parallelRequests = 8

    /// Runs `body(lane)` for each lane on a thread of its own and waits for
    /// all. Not on Dispatch's pool: each lane blocks until URLSession
    /// answers, and URLSession answers on that pool, so lanes there starve
    /// it (a second's stall per entry, measured).
    private static func lanes(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else { if count == 1 { body(0) }; return }
        let group = DispatchGroup()
        for lane in 0..<count {
            group.enter()
            Thread.detachNewThread {
                body(lane)
                group.leave()
            }
        }
        group.wait()
    }

    /// The longest answer read (a manifest or a blob), so a broken server
    /// cannot make Lectern hold unbounded memory: 1 GiB.
    static let largestAnswer = 1 << 30

    /// A remote at `base` (http or https). The credentials come from the
    /// environment only: `LECTERN_CACHE_TOKEN` (a bearer token) or
    /// `LECTERN_CACHE_USER` and `LECTERN_CACHE_PASSWORD` (basic auth).
    public init(base: URL, mode: Mode, timeout: Double, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.base = base
        self.mode = mode
        self.timeout = timeout
        if let token = environment["LECTERN_CACHE_TOKEN"], !token.isEmpty {
            authorization = "Bearer \(token)"
        } else if let user = environment["LECTERN_CACHE_USER"], let password = environment["LECTERN_CACHE_PASSWORD"] {
            authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        } else {
            authorization = nil
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 6
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        // Answers arrive on a serial queue of their own (Dispatch gives such a queue a
        // thread even when every pool thread is blocked waiting for an answer, as the
        // handout printer's lanes are), never on the shared pool.
        let answers = OperationQueue()
        answers.underlyingQueue = answerQueue
        answers.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: nil, delegateQueue: answers)
    }

    deinit { session.invalidateAndCancel() }

    // MARK: Reading and writing entries

    /// The entry stored under `key`, or nil (a miss, or the remote is not usable).
    func fetch(_ key: String) -> Cache.Entry? {
        guard let files = fetchFiles(key) else { return nil }
        guard let entry = Cache.decode(manifest: files.mapValues { SHA256.hex(of: $0) }, read: { files[$0] }) else {
            warnOnce("garbage", "an entry in the remote cache at \(base.absoluteString) is not a lecture's result; it counts as a miss")
            return miss()
        }
        state.withLock { $0.traffic.hits += 1 }
        return entry
    }

    /// Stores `entry` under `key`, unless the remote is read-only or not usable.
    func put(_ entry: Cache.Entry, key: String) {
        guard let files = try? Cache.files(of: entry) else { return }
        if putFiles(files, key: key) { state.withLock { $0.traffic.stored += 1 } }
    }

    /// The files stored under `key` (its manifest at `/ac/<key>`, each file
    /// at `/cas/<sha256>`), each checked against its digest; nil for a miss,
    /// an altered file or a remote that is not usable. A miss is counted only
    /// by the caller that knows what it looked for.
    func fetchFiles(_ key: String) -> [String: Data]? {
        guard mode != .off, usable(writing: false) else { return nil }
        guard let record = get("ac/\(key)") else { return miss() }
        guard let manifest = try? JSONDecoder().decode([String: String].self, from: record),
              !manifest.isEmpty, manifest.values.allSatisfy(Self.isDigest),
              manifest.keys.allSatisfy({ !$0.contains("/") && !$0.hasPrefix(".") }) else {
            warnOnce("garbage", "the remote cache at \(base.absoluteString) answered /ac/\(key) with something that is not a Lectern manifest; it counts as a miss")
            return miss()
        }
        // The files come at once (a lecture's figures are many small requests).
        let wanted = manifest.sorted { $0.key < $1.key }
        let found = Gathered()
        Self.lanes(min(Self.parallelRequests, wanted.count)) { [self] lane in
            for n in stride(from: lane, to: wanted.count, by: Self.parallelRequests) {
                let (name, digest) = wanted[n]
                guard usable(writing: false), let blob = get("cas/\(digest)") else { return }
                guard SHA256.hex(of: blob) == digest else {
                    state.withLock { _ = $0.altered.insert(digest) }
                    found.failed.withLock { $0 = true }
                    return
                }
                found.files.withLock { $0[name] = blob }
            }
        }
        if found.failed.withLock({ $0 }) {
            warnOnce("garbage", "a file in the remote cache at \(base.absoluteString) did not match its digest; its entry counts as a miss")
        }
        let files = found.files.withLock { $0 }
        return files.count == wanted.count ? files : miss()
    }

    /// Stores `files` under `key` (blobs first, then the manifest); whether
    /// all of it went up.
    @discardableResult
    func putFiles(_ files: [String: Data], key: String) -> Bool {
        guard mode == .readWrite, usable(writing: true), !files.isEmpty,
              let manifest = try? Cache.manifest(of: files) else { return false }
        let blobs = files.sorted { $0.key < $1.key }.map(\.value)
        let sent = Gathered()
        Self.lanes(min(Self.parallelRequests, blobs.count)) { [self] lane in
            for n in stride(from: lane, to: blobs.count, by: Self.parallelRequests) {
                guard !sent.failed.withLock({ $0 }) else { return }
                let digest = SHA256.hex(of: blobs[n])
                let altered = state.withLock { $0.altered.contains(digest) }
                if !altered, head("cas/\(digest)") == true { continue }
                if !send("cas/\(digest)", blobs[n]) { sent.failed.withLock { $0 = true } }
            }
        }
        guard !sent.failed.withLock({ $0 }) else { return false }
        return send("ac/\(key)", manifest)
    }

    /// A small named record (not an entry): read whole, or nil.
    func record(_ name: String) -> Data? {
        guard mode != .off, usable(writing: false) else { return nil }
        return get("ac/\(Self.recordKey(name))")
    }

    /// A printed handout kept under `key` (the SHA-256 of its HTML, paper
    /// and printer), or nil.
    func handout(_ key: String) -> Data? {
        guard let files = fetchFiles(Self.recordKey("handout:" + key)), let pdf = files["handout.pdf"] else { return nil }
        state.withLock { $0.traffic.hits += 1 }
        return pdf
    }

    /// Keeps a printed handout under `key`.
    func putHandout(_ pdf: Data, key: String) {
        if putFiles(["handout.pdf": pdf], key: Self.recordKey("handout:" + key)) { state.withLock { $0.traffic.stored += 1 } }
    }

    /// Writes a small named record, unless read-only or not usable.
    func putRecord(_ name: String, _ data: Data) {
        guard mode == .readWrite, usable(writing: true) else { return }
        _ = send("ac/\(Self.recordKey(name))", data)
    }

    static func recordKey(_ name: String) -> String { SHA256.hex(of: Data("lectern-record:\(name)".utf8)) }

    /// What this build did with the remote so far.
    public var traffic: Traffic { state.withLock { $0.traffic } }

    /// The warnings given so far (each said once), for the console.
    public func takeWarnings() -> [String] {
        state.withLock { state in
            defer { state.warnings = [] }
            return state.warnings
        }
    }

    // MARK: HTTP

    private static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private func miss<T>() -> T? {
        state.withLock { $0.traffic.misses += 1 }
        return nil
    }

    private func usable(writing: Bool) -> Bool {
        state.withLock { !$0.down && !(writing && $0.writesRefused) }
    }

    private func warnOnce(_ kind: String, _ text: String) {
        state.withLock { state in
            if state.warned.insert(kind).inserted { state.warnings.append(text) }
        }
    }

    /// The remote failed as a whole: one warning, and no more requests.
    private func down(_ why: String) {
        state.withLock { $0.down = true }
        warnOnce("down", "the remote cache at \(base.absoluteString) \(why); this build goes on without it (lectures run here)")
    }

    private func get(_ path: String) -> Data? {
        guard let (status, body) = exchange("GET", path) else { return nil }
        switch status {
        case 200:
            state.withLock { $0.traffic.bytesReceived += body.count }
            return body
        case 404: return nil
        case 401, 403:
            down("refused to be read (HTTP \(status)): check LECTERN_CACHE_TOKEN, or LECTERN_CACHE_USER and LECTERN_CACHE_PASSWORD")
            return nil
        default:
            if status >= 500 { down("answered HTTP \(status)") } else {
                warnOnce("status-\(status)", "the remote cache at \(base.absoluteString) answered GET with HTTP \(status); that entry counts as a miss")
            }
            return nil
        }
    }

    private func head(_ path: String) -> Bool? {
        guard let (status, _) = exchange("HEAD", path) else { return nil }
        return status == 200
    }

    private func send(_ path: String, _ data: Data) -> Bool {
        guard let (status, _) = exchange("PUT", path, body: data) else { return false }
        if (200..<300).contains(status) {
            state.withLock { $0.traffic.bytesSent += data.count }
            return true
        }
        if status >= 500 && status != 507 {
            down("answered HTTP \(status) to a write")
        } else {
            state.withLock { $0.writesRefused = true }
            warnOnce("refused", "the remote cache at \(base.absoluteString) refused a write (HTTP \(status)); this build reads from it but stores nothing more there")
        }
        return false
    }

    /// One request and its answer, or nil when it failed (the remote is then down).
    private func exchange(_ method: String, _ path: String, body: Data? = nil) -> (Int, Data)? {
        guard !Teardown.stopping else { return nil }
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        let answer = Answer()
        let wait = timeout.formatted()
        let task = session.dataTask(with: request) { data, response, error in
            let reason = error.map { error in
                let code = (error as NSError).code
                return code == NSURLErrorTimedOut ? "no answer within \(wait) s; 'cache: timeout' in lectern.yml sets how long to wait" :
                    ((error as NSError).userInfo[NSLocalizedDescriptionKey] as? String) ?? "\(error)"
            }
            answer.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, failure: reason)
        }
        task.resume()
        guard let (data, status, failure) = answer.wait(seconds: timeout * 6 + 1) else {
            task.cancel()
            down("did not answer within \(Int(timeout * 6)) s")
            return nil
        }
        guard let status, failure == nil else {
            down("cannot be reached (\(failure ?? "no answer"))")
            return nil
        }
        let bytes = data ?? Data()
        guard bytes.count <= Self.largestAnswer else {
            down("answered with more than \(Self.largestAnswer >> 20) MiB")
            return nil
        }
        return (status, bytes)
    }

    /// What the lanes of one entry's transfer found, shared between their threads.
    private final class Gathered: Sendable {
        let files = Mutex([String: Data]())
        let failed = Mutex(false)
    }

    /// One request's answer, handed from URLSession's thread to the build's.
    private final class Answer: Sendable {
        private let value = Mutex<(Data?, Int?, String?)?>(nil)
        private let done = DispatchSemaphore(value: 0)

        func set(data: Data?, status: Int?, failure: String?) {
            value.withLock { $0 = (data, status, failure) }
            done.signal()
        }

        func wait(seconds: Double) -> (Data?, Int?, String?)? {
            guard done.wait(timeout: .now() + seconds) == .success else { return nil }
            return value.withLock { $0 }
        }
    }
}

extension RemoteCache {
    /// The remote a command uses: `url` (`--cache-url`), else
    /// `LECTERN_CACHE_URL`, else `cache: url` in `lectern.yml`; in `mode`
    /// (`--remote-cache`), else `LECTERN_REMOTE_CACHE`, else `cache: remote`.
    /// Nil when none is set or the mode is off.
    public static func configured(for course: Course, url: String?, mode: Mode?,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RemoteCache? {
        let settings = course.config.cache
        var chosenMode = mode ?? settings.remote
        if mode == nil, let written = environment["LECTERN_REMOTE_CACHE"], !written.isEmpty {
            guard let fromEnvironment = Mode(rawValue: written) else {
                throw LecternError(file: "LECTERN_REMOTE_CACHE", "takes \(Mode.allCases.map(\.rawValue).joined(separator: ", ")), not '\(written)'")
            }
            chosenMode = fromEnvironment
        }
        let address: URL
        if let url {
            address = try CacheSettings.address(url, file: "--cache-url")
        } else if let fromEnvironment = environment["LECTERN_CACHE_URL"], !fromEnvironment.isEmpty {
            address = try CacheSettings.address(fromEnvironment, file: "LECTERN_CACHE_URL")
        } else if let written = settings.url {
            address = try CacheSettings.address(written, file: "lectern.yml", line: settings.urlLine)
        } else {
            return nil
        }
        guard chosenMode != .off else { return nil }
        return RemoteCache(base: address, mode: chosenMode, timeout: settings.timeout, environment: environment)
    }
}
