import Foundation
import Synchronization

/// Prints handouts (`Handout`'s HTML) to PDF with headless Chromium (one
/// `HeadlessChromium` per core, each taking the next handout, longest
/// first), on A4 (or US Letter), the lecture's title in the running header
/// and page numbers in the footer (CSS margin boxes, `templates/handout.css`).
/// Chromium is the engine because it lays the handout out exactly as the
/// browser lays out the page (KaTeX's HTML, the inline SVG figures, the same
/// CSS), and it is already what the browser tests drive; WeasyPrint (no
/// JavaScript, which the handout does not need) renders KaTeX and SVG
/// differently from the page. A PDF is kept in `.lectern/handouts/` under the
/// SHA-256 of its HTML, paper and engine, so an unchanged handout starts no
/// browser; with a remote cache, also there under the SHA-256 of its HTML and
/// paper alone, so the machines of one course's CI publish the same bytes
/// whatever browser each has. Chromium stamps
/// each PDF with the time it printed it; that stamp is set to
/// `SOURCE_DATE_EPOCH` (reproducible-builds.org), else to 1980-01-01, so the
/// same handout is the same bytes on every machine and every render.
struct PDFPrinter {
    /// What to print: the handout's HTML, the paper, and where the PDF goes in the site.
    struct Job {
        var lecture: String
        var html: String
        var paper: String
        var target: URL
        /// The site folder as the HTML's base names it (`file:///…/output/`).
        var root = ""
        /// The page's path in the site (`a/intro.html`).
        var page = ""
    }

    /// Chromium, or nil: `LECTERN_CHROMIUM`, else the first on the PATH of
    /// `chromium-headless-shell` (Chromium's printing shell without the
    /// browser around it: a third less CPU per handout than `chromium
    /// --headless`, same Skia PDF, tagged), `chromium`, `chromium-browser`,
    /// `google-chrome`.
    static var engine: String? {
        let fm = FileManager.default
        if let named = ProcessInfo.processInfo.environment["LECTERN_CHROMIUM"] {
            return fm.isExecutableFile(atPath: named) ? named : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") where fm.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// The error when there is no engine.
    static func missingEngine(_ lecture: String) -> LecternError {
        .setup(file: lecture, "the handout (format pdf) needs Chromium to print it: install it (apt-get install chromium-headless-shell) or name it with LECTERN_CHROMIUM; the page and the slides were written")
    }

    /// Prints each job into a PDF that `files` stages (published when the
    /// caller commits, or not at all). The HTML names its page's folder as
    /// its base, so its styles, images and links resolve as the page's do.
    /// Returns an error per lecture whose handout failed.
    static func print(_ jobs: [Job], state: URL, files: AtomicFile, remote: RemoteCache? = nil) -> [String: LecternError] {
        guard !jobs.isEmpty else { return [:] }
        guard let engine else { return Dictionary(jobs.map { ($0.lecture, missingEngine($0.lecture)) }, uniquingKeysWith: { a, _ in a }) }
        let fm = FileManager.default
        let store = state.appendingPathComponent("handouts")
        let identity = engineIdentity(engine)
        let work = state.appendingPathComponent("work/handout-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        Teardown.using(work)
        defer { Teardown.done(with: work) }
        var failures: [String: LecternError] = [:]
        do {
            try fm.createDirectory(at: work, withIntermediateDirectories: true)
            try fm.createDirectory(at: store, withIntermediateDirectories: true)
        } catch {
            return Dictionary(jobs.map { ($0.lecture, LecternError.io(work.path, "prepare the handout folder", error)) }, uniquingKeysWith: { a, _ in a })
        }
        // One Chromium per core, each printing handouts one after another (a
        // browser's start costs about as much as a handout's layout). Each
        // takes the next of a queue, longest HTML first (the longest-processing-
        // time rule: the last handout left is a short one, so no core waits
        // long on another's last print).
        let outcomes = Mutex([Int: Result<Data, LecternError>]())
        let queue = jobs.indices.sorted { (jobs[$0].html.utf8.count, $1) > (jobs[$1].html.utf8.count, $0) }
        let next = Atomic(0)
        let width = max(1, min(jobs.count, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: width) { _ in
            var browser: HeadlessChromium?
            defer { browser?.end() }
            while case let k = next.wrappingAdd(1, ordering: .relaxed).oldValue, k < queue.count {
                let n = queue[k]
                if Teardown.stopping { return }
                let outcome = printOne(jobs[n], number: n, engine: engine, identity: identity, store: store, work: work,
                                       remote: remote, browser: &browser)
                outcomes.withLock { $0[n] = outcome }
            }
        }
        let printed = outcomes.withLock { $0 }
        for (n, job) in jobs.enumerated() {
            switch printed[n] {
            case .success(let data)?:
                do { try files.write(data, to: job.target) } catch { failures[job.lecture] = .io(job.target.path, "write the handout", error) }
            case .failure(let error)?:
                failures[job.lecture] = error
            case nil:
                break  // stopped
            }
        }
        return failures
    }

    /// The engine's path, size and time of change (its links followed):
    /// part of each PDF's key, so a new Chromium prints every handout again.
    private static func engineIdentity(_ engine: String) -> String {
        let real = URL(fileURLWithPath: engine).resolvingSymlinksInPath().path
        var info = stat()
        guard stat(real, &info) == 0 else { return real }
        return "\(real) \(info.st_size) \(info.st_mtim.tv_sec)"
    }

    /// One handout: the kept PDF for its key, or Chromium's print of it.
    /// `browser` is the lane's Chromium, started for the first handout that
    /// needs printing and ended after one that failed (the next starts anew).
    private static func printOne(_ job: Job, number n: Int, engine: String, identity: String, store: URL, work: URL,
                                 remote: RemoteCache?, browser: inout HeadlessChromium?) -> Result<Data, LecternError> {
        let key = SHA256.hex(of: Data((identity + "\n" + job.paper + "\n" + job.html).utf8))
        let kept = store.appendingPathComponent(key + ".pdf")
        if let pdf = try? Data(contentsOf: kept), pdf.starts(with: Data("%PDF".utf8)) { return .success(pdf) }
        // Shared by what it prints, not by which Chromium prints it: every machine of a
        // course's CI (whatever its browser) publishes the bytes the first one printed.
        let portable = job.root.isEmpty ? job.html : job.html.replacingOccurrences(of: job.root, with: "lectern-site:/")
        let shared = SHA256.hex(of: Data(("lectern-handout-1\n" + job.paper + "\n" + portable).utf8))
        if let pdf = remote?.handout(shared), pdf.starts(with: Data("%PDF".utf8)) {
            _ = try? AtomicFile.write(pdf, to: kept)
            return .success(pdf)
        }
        let page = work.appendingPathComponent("handout-\(n).html")
        do {
            try Data(job.html.utf8).write(to: page)
        } catch {
            return .failure(.io(page.path, "print the handout", error))
        }
        do {
            if browser == nil {
                browser = try HeadlessChromium(engine: engine, profile: work.appendingPathComponent("profile-\(n)"),
                                               log: work.appendingPathComponent("chromium-\(n).log"))
            }
            let printed = try browser!.pdf(of: page.absoluteString, within: 120)
            guard printed.starts(with: Data("%PDF".utf8)) else { throw HeadlessChromium.Failure.refused("what came back is not a PDF") }
            let data = relativeLinks(stamped(printed), root: job.root, page: job.page)
            _ = try? AtomicFile.write(data, to: kept)
            if !Teardown.stopping { remote?.putHandout(data, key: shared) }
            return .success(data)
        } catch {
            let said = browser?.lastWords ?? ""
            browser?.end()
            browser = nil
            if Teardown.stopping { return .failure(.interrupted) }
            let why: String
            switch error {
            case HeadlessChromium.Failure.stopped: return .failure(.interrupted)
            case HeadlessChromium.Failure.timedOut: why = "ran out of time (120 s)"
            case HeadlessChromium.Failure.ended(let last): why = "ended" + (last.isEmpty ? "" : ": " + last)
            case HeadlessChromium.Failure.refused(let message): why = "refused: " + message + (said.isEmpty ? "" : " / " + said)
            default: why = "did not start: \(error)"
            }
            return .failure(.setup(file: job.lecture, "the handout did not print: Chromium (\(engine)) \(why); the page and the slides were written"))
        }
    }

    /// `pdf` with every date Chromium wrote (`D:YYYYMMDDHHmmSS+HH'mm'`, the
    /// Info dictionary's CreationDate and ModDate) set to `SOURCE_DATE_EPOCH`
    /// or 1980-01-01, in place: the same length, so the file's offsets hold.
    static func stamped(_ pdf: Data, environment: [String: String] = ProcessInfo.processInfo.environment) -> Data {
        let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(Int.init).flatMap { $0 >= 0 && $0 < 253_402_300_800 ? $0 : nil } ?? 315_532_800
        var time = time_t(epoch)
        var parts = tm()
        gmtime_r(&time, &parts)
        let stamp = Array(String(format: "D:%04d%02d%02d%02d%02d%02d+00'00'", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                                 Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)).utf8)
        var bytes = [UInt8](pdf)
        let quote = UInt8(ascii: "'")
        func digits(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 >= 48 && $0 <= 57 } }
        var i = 0
        // D:, 14 digits, a sign, 2 digits, ', 2 digits, ': 23 bytes, as `stamp`.
        while i + stamp.count <= bytes.count {
            if bytes[i] == UInt8(ascii: "D"), bytes[i + 1] == UInt8(ascii: ":"), digits(i + 2..<i + 16),
               bytes[i + 16] == UInt8(ascii: "+") || bytes[i + 16] == UInt8(ascii: "-"),
               digits(i + 17..<i + 19), bytes[i + 19] == quote, digits(i + 20..<i + 22), bytes[i + 22] == quote {
                bytes.replaceSubrange(i..<i + stamp.count, with: stamp)
                i += stamp.count
            } else {
                i += 1
            }
        }
        return Data(bytes)
    }

    /// `pdf` with each link into the site (`(file:///…/output/b/x.html#s)`,
    /// which Chromium wrote from the base the handout was printed with)
    /// made relative to the handout's own folder (`(../b/x.html#s)`), so the
    /// published PDF's links work where the site is served and name no
    /// folder of the machine that printed it. Each string keeps its length
    /// with spaces after its closing parenthesis (whitespace between PDF
    /// tokens), so the file's offsets hold.
    static func relativeLinks(_ pdf: Data, root: String, page: String) -> Data {
        guard !root.isEmpty else { return pdf }
        let opening = Array(("(" + root).utf8)
        var bytes = [UInt8](pdf)
        let up = Array(String(repeating: "../", count: page.split(separator: "/").count - 1).utf8)
        var i = 0
        while let start = index(of: opening, in: bytes, from: i) {
            let rest = start + opening.count
            var end = rest
            while end < bytes.count, bytes[end] != UInt8(ascii: ")"), bytes[end] != UInt8(ascii: "\\"), bytes[end] != UInt8(ascii: "\n") { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: ")") else { i = rest; continue }
            let relative = [UInt8(ascii: "(")] + up + Array(bytes[rest..<end]) + [UInt8(ascii: ")")]
            let original = end + 1 - start
            guard relative.count <= original else { i = rest; continue }
            bytes.replaceSubrange(start..<end + 1, with: relative + Array(repeating: UInt8(ascii: " "), count: original - relative.count))
            i = end + 1
        }
        return Data(bytes)
    }

    /// The first index of `needle` in `bytes` at or after `from`.
    private static func index(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = from
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
