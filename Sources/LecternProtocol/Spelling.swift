/// Near misses between names, for "did you mean …?" in the runner's errors
/// (an option, a key) and the engine's (a column, a parameter).
public enum Spelling {
    /// Levenshtein distance: the fewest one-character insertions, deletions
    /// and substitutions that turn `a` into `b`.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The name in `known` closest to `name`, when it is close enough to be a
    /// slip (at most 2 edits, or a third of the name's length if longer).
    public static func closest(to name: String, among known: [String]) -> String? {
        guard let best = known.min(by: { distance($0, name) < distance($1, name) }),
              distance(best, name) <= max(2, name.count / 3) else { return nil }
        return best
    }
}
