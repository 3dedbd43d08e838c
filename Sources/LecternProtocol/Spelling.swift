/// Near misses between names, for "did you mean …?" in the runner's errors
/// (an option, a key) and the engine's (a column, a parameter).
public enum Spelling {
    /// The optimal-string-alignment distance: the fewest one-character
    /// insertions, deletions, substitutions and swaps of two neighbours that
    /// turn `a` into `b` (Levenshtein's, with a swapped pair one slip: "rde"
    /// is 1 from "red").
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var beforePrevious = [Int](), previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }

    /// The name in `known` closest to `name`, when it is close enough to be a
    /// slip (at most 2 edits, or a third of the name's length if longer, and
    /// never the whole name: "z" suggests nothing).
    /// Greek letters count as their names, so "beta" finds "β" and "sigma_y" "σ_y".
    public static func closest(to name: String, among known: [String]) -> String? {
        let spelled = latin(name)
        func gap(_ k: String) -> Int { min(distance(k, name), distance(latin(k), spelled)) }
        guard let best = known.min(by: { gap($0) < gap($1) }),
              gap(best) <= max(2, name.count / 3), gap(best) < name.count else { return nil }
        return best
    }

    /// `text` with each Greek letter written as its name (α → alpha).
    static func latin(_ text: String) -> String {
        var out = ""
        for c in text { if let n = greek[c] { out += n } else { out.append(c) } }
        return out
    }

    static let greek: [Character: String] = {
        let names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
                     "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]
        let lower = Array("αβγδεζηθικλμνξοπρστυφχψω"), upper = Array("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ")
        var map: [Character: String] = ["ς": "sigma", "ϕ": "phi", "ϵ": "epsilon", "ϑ": "theta"]
        for (i, n) in names.enumerated() {
            map[lower[i]] = n
            map[upper[i]] = n.prefix(1).uppercased() + n.dropFirst()
        }
        return map
    }()
}
