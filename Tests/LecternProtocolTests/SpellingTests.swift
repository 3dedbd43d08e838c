import Testing
@testable import LecternProtocol

/// "Did you mean": near misses, and Greek letters read as their names.
@Suite struct SpellingTests {
    @Test func findsSlipsAndGreekNames() {
        #expect(Spelling.distance("kitten", "sitting") == 3 && Spelling.distance("", "abc") == 3)
        #expect(Spelling.closest(to: "colr", among: ["color", "label"]) == "color")
        #expect(Spelling.closest(to: "beta", among: ["α", "β", "σ"]) == "β")
        #expect(Spelling.closest(to: "Sigma", among: ["μ", "Σ"]) == "Σ")
        #expect(Spelling.closest(to: "theta[0]", among: ["θ[0]", "θ[1]"]) == "θ[0]")
        #expect(Spelling.closest(to: "width", among: ["α", "β"]) == nil)
        // A swapped pair is one slip, so "rde" is "red" and not the one-letter "r".
        #expect(Spelling.distance("rde", "red") == 1 && Spelling.distance("abcd", "badc") == 2)
        #expect(Spelling.closest(to: "rde", among: ["r", "red", "g"]) == "red")
    }
}
