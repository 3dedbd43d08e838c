import Foundation
import Synchronization

/// Prints handouts (`Handout`'s HTML) to PDF with headless Chromium, on A4
/// (or US Letter), the lecture's title in the running header and page
/// numbers in the footer (CSS margin boxes, `templates/handout.css`).
/// Chromium is the engine because it lays the handout out exactly as the
/// browser lays out the page (KaTeX's HTML, the inline SVG figures, the same
/// CSS), and it is already what the browser tests drive; WeasyPrint (no
/// JavaScript, which the handout does not need) renders KaTeX and SVG
/// differently from the page. A PDF is kept in `.lectern/handouts/` under
/// the SHA-256 of its HTML, paper and engine, so an unchanged handout starts
/// no browser.
struct PDFPrinter {
    /// What to print: the handout's HTML, the paper, and where the PDF goes in the site.
    struct Job {
        var lecture: String
        var html: String
        var paper: String
        var target: URL
    }

    /// Chromium, or nil: `LECTERN_CHROMIUM`, else `chromium`,
    /// `chromium-browser`, `google-chrome` on the PATH.
    static var engine: String? {
        let fm = FileManager.default
        if let named = ProcessInfo.processInfo.environment["LECTERN_CHROMIUM"] {
            return fm.isExecutableFile(atPath: named) ? named : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") where fm.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// The error when there is no engine.
    static func missingEngine(_ lecture: String) -> LecternError {
        .setup(file: lecture, "the handout (format pdf) needs Chromium to print it: install it (apt-get install chromium) or name it with LECTERN_CHROMIUM; the page and the slides were written")
    }

    /// Prints each job into a PDF that `files` stages (published when the
    /// caller commits, or not at all). The HTML names its page's folder as
    /// its base, so its styles, images and links resolve as the page's do.
    /// Returns an error per lecture whose handout failed.
    static func print(_ jobs: [Job], state: URL, files: AtomicFile) -> [String: LecternError] {
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
        // Two Chromiums at a time on two cores (each is mostly one busy process).
        let outcomes = Mutex([Int: Result<Data, LecternError>]())
        let width = max(1, min(jobs.count, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: width) { lane in
            for n in stride(from: lane, to: jobs.count, by: width) {
                if Teardown.stopping { return }
                let outcome = printOne(jobs[n], number: n, engine: engine, identity: identity, store: store, work: work)
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
    private static func printOne(_ job: Job, number n: Int, engine: String, identity: String, store: URL, work: URL) -> Result<Data, LecternError> {
        let key = SHA256.hex(of: Data((identity + "\n" + job.paper + "\n" + job.html).utf8))
        let kept = store.appendingPathComponent(key + ".pdf")
        if let pdf = try? Data(contentsOf: kept), pdf.starts(with: Data("%PDF".utf8)) { return .success(pdf) }
        let page = work.appendingPathComponent("handout-\(n).html")
        let pdf = work.appendingPathComponent("handout-\(n).pdf")
        do {
            try Data(job.html.utf8).write(to: page)
            let profile = work.appendingPathComponent("profile-\(n)")
            let run = ProcessRun(executable: engine, arguments: [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-dev-shm-usage",
                "--user-data-dir=\(profile.path)", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
                "--virtual-time-budget=5000", "--print-to-pdf=\(pdf.path)", page.absoluteString,
            ], directory: work.path, timeout: 120)
            let (outcome, text) = try run.collect(limit: 64 << 10)
            guard outcome.succeeded, let data = try? Data(contentsOf: pdf), data.starts(with: Data("%PDF".utf8)) else {
                if outcome.interrupted { return .failure(.interrupted) }
                let said = text.split(separator: "\n").filter { !$0.contains("dbus") }.suffix(3).joined(separator: " / ")
                return .failure(.setup(file: job.lecture, "the handout did not print: Chromium (\(engine)) \(outcome.timedOut ? "ran out of time" : "ended with \(outcome.ending)")\(said.isEmpty ? "" : ": " + said); the page and the slides were written"))
            }
            _ = try? AtomicFile.write(data, to: kept)
            return .success(data)
        } catch {
            return .failure(.io(page.path, "print the handout", error))
        }
    }
}
