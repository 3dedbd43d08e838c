import Foundation
import Synchronization

/// Typesets TeX at build time with KaTeX (Debian's `katex`, on `nodejs`), so
/// that pages show their math with no script: every formula a render needs
/// that is not in `.lectern/math/` goes to one `node` process, as one batch,
/// run like any program Lectern starts (its own process group, a time limit,
/// ended on Ctrl-C). Results (HTML with MathML, or KaTeX's error message) are
/// kept by formula, per KaTeX version, so an unchanged render starts no
/// process. Without node or KaTeX, `available` is false and pages fall back
/// to typesetting in the browser.
final class MathTypesetter: Sendable {
    struct Formula: Hashable, Sendable {
        var tex: String
        var display: Bool
        var key: String { (display ? "D" : "I") + tex }
    }

    enum Outcome: Sendable, Equatable {
        case html(String)
        case error(String)
    }

    static let module = URL(fileURLWithPath: ProcessInfo.processInfo.environment["LECTERN_KATEX"] ?? "/usr/share/nodejs/katex")

    let available: Bool
    private let node: String?
    private let version: String
    private let cacheFile: URL
    private let work: URL
    private struct State {
        var known: [String: Outcome] = [:]
        var loaded = false
        var typeset = 0
    }
    private let state = Mutex(State())
    /// How many formulas went to KaTeX through this typesetter (for tests and the console).
    var typesetCount: Int { state.withLock { $0.typeset } }

    init(state: URL) {
        let fm = FileManager.default
        node = ["/usr/bin/node", "/usr/bin/nodejs", "/usr/local/bin/node"].first { fm.isExecutableFile(atPath: $0) }
        let package = (try? Data(contentsOf: Self.module.appendingPathComponent("package.json")))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        version = (package?["version"] as? String) ?? "unknown"
        available = node != nil && fm.fileExists(atPath: Self.module.appendingPathComponent("katex.js").path)
        cacheFile = state.appendingPathComponent("math/katex-\(version).json")
        work = state.appendingPathComponent("work")
    }

    /// Typesets what of `formulas` is not known yet (one `node` run), and
    /// returns the outcome of each.
    func typeset(_ formulas: Set<Formula>) -> [Formula: Outcome] {
        // One batch at a time: a second caller finds the first one's results.
        state.withLock { state in
            if !state.loaded {
                state.loaded = true
                state.known = loadCache()
            }
            let missing = formulas.filter { state.known[$0.key] == nil }.sorted { $0.key < $1.key }
            if available, !missing.isEmpty, let outcomes = run(missing) {
                for (formula, outcome) in zip(missing, outcomes) { state.known[formula.key] = outcome }
                state.typeset += missing.count
                saveCache(state.known)
            }
            var result: [Formula: Outcome] = [:]
            for formula in formulas { if let outcome = state.known[formula.key] { result[formula] = outcome } }
            return result
        }
    }

    private func loadCache() -> [String: Outcome] {
        var known: [String: Outcome] = [:]
        guard let data = try? Data(contentsOf: cacheFile),
              let stored = try? JSONDecoder().decode([String: [String: String]].self, from: data) else { return known }
        for (key, value) in stored {
            if let html = value["html"] { known[key] = .html(html) } else if let error = value["error"] { known[key] = .error(error) }
        }
        return known
    }

    private func saveCache(_ known: [String: Outcome]) {
        var stored: [String: [String: String]] = [:]
        for (key, outcome) in known {
            switch outcome {
            case .html(let html): stored[key] = ["html": html]
            case .error(let error): stored[key] = ["error": error]
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let data = try? encoder.encode(stored) { try? AtomicFile.write(data, to: cacheFile) }
    }

    /// The node script: requests (one JSON object a line) in the file named
    /// by its second argument, a JSON array of outcomes on stdout.
    static let script = #"""
    const katex = require(process.argv[1]);
    const lines = require("fs").readFileSync(process.argv[2], "utf8").split("\n").filter(l => l.length > 0);
    const out = lines.map(line => {
      const r = JSON.parse(line);
      try { return { html: katex.renderToString(r.tex, { displayMode: r.display, throwOnError: true, strict: "ignore" }) }; }
      catch (e) { return { error: String(e && e.message || e) }; }
    });
    process.stdout.write(JSON.stringify(out));
    """#

    private func run(_ formulas: [Formula]) -> [Outcome]? {
        guard let node else { return nil }
        let fm = FileManager.default
        let folder = work.appendingPathComponent("katex-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        Teardown.using(folder)
        defer { Teardown.done(with: folder) }
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            let requests = formulas.map { formula -> String in
                let object: [String: Any] = ["tex": formula.tex, "display": formula.display]
                return String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
            }.joined(separator: "\n")
            let input = folder.appendingPathComponent("formulas.jsonl")
            try Data(requests.utf8).write(to: input)
            let run = ProcessRun(executable: node, arguments: ["-e", Self.script, Self.module.path, input.path],
                                 directory: folder.path, timeout: 120)
            let (outcome, text) = try run.collect(limit: 256 << 20)
            guard outcome.succeeded, let data = text.data(using: .utf8),
                  let array = try? JSONSerialization.jsonObject(with: data) as? [[String: String]], array.count == formulas.count else {
                FileHandle.standardError.write(Data("warning: KaTeX did not typeset the math (\(outcome.ending)); pages typeset it in the browser\n".utf8))
                return nil
            }
            return array.map { entry in entry["html"].map(Outcome.html) ?? .error(entry["error"] ?? "KaTeX failed") }
        } catch {
            return nil
        }
    }
}
