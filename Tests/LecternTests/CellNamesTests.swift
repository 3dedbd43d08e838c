import Testing
@testable import Lectern

/// What a cell declares and mentions, as the preview reads it to know which
/// earlier cells an edit reaches.
@Suite struct CellNamesTests {
    @Test func topLevelDeclarationsAndTypeMembersAreDeclared() {
        let names = CellNames("""
        let a = 1, b = 2
        var (c, d) = (3, 4)
        func area(_ r: Double, scale s: Double) -> Double { let local = r; return local * r * s * side }
        struct Box { var width = 1.0; func volume() -> Double { let inner = 2.0; return inner * width } }
        enum Kind { case small, large }
        extension Double { var squared: Double { self * self } }
        for i in 0..<3 { let loopLocal = i; print(loopLocal) }
        let ys = xs.map { value in value + offset }
        let h = Histogram(ys, bins: 25, range: lo...hi)
        let pick = flag ? first : second
        """)
        #expect(names.declared == ["a", "b", "c", "d", "area", "Box", "Kind", "Double", "ys", "h", "pick"])
        #expect(names.members == ["width", "volume", "small", "large", "squared"])
        #expect(names.mentioned.isSuperset(of: ["xs", "print", "offset", "side", "Histogram", "lo", "hi", "flag", "first", "second"]))
        #expect(names.memberMentions.isSuperset(of: ["map"]))
        // Locals, parameters, closure parameters, loop names and argument labels are not uses of a global.
        for local in ["local", "inner", "loopLocal", "value", "r", "s", "i", "bins", "range"] {
            #expect(!names.mentioned.contains(local), "\(local)")
        }
        #expect(!names.reachesEverywhere)
    }

    /// The globals the program may read right after the cell: only those of
    /// a `let`/`var` that starts a top-level statement and is initialised.
    @Test func fingerprintedGlobalsAreOnlyThoseTheProgramCanRead() {
        let names = CellNames("""
        let a = 1, b = 2, c: Int
        var (d, e) = (3, 4)
        private var f = [1.0]
        let g: Int
        var computed: Double { 2 }
        if let h = Optional(1) { print(h) }
        guard let i = Optional(1) else { fatalError() }
        switch a { case let j: print(j) }
        let (_, k) = (1, 2)
        for l in 0..<3 { let m = l; print(m) }
        let `default` = 5; var n = [0,
            1]
        @MainActor let o = 1
        """)
        #expect(names.fingerprinted == ["a", "b", "d", "e", "f", "k", "default", "n"])
        #expect(names.fingerprintedVariables == ["d", "e", "f", "n"])
        #expect(names.globals.isSuperset(of: ["c", "g", "h"]))   // what `globals` over-approximates
        #expect(CellNames("#if DEBUG\nlet x = 1\n#endif").fingerprinted.isEmpty)
    }

    /// Each function, type and member maps to the text of the top-level
    /// statement that declares it, strings and comments included.
    @Test func definitionsAreTheDeclaringStatementsText() {
        let names = CellNames("""
        let a = 1
        func f(_ x: Double) -> Double
        {
            x * 2 // twice
        }
        struct Box { var width = 1.0; func label() -> String { "box" } }
        typealias Reals = [Double]
        print(f(1))
        """)
        #expect(names.definitions["f"] == "func f(_ x: Double) -> Double\n{\n    x * 2 // twice\n}\n")
        #expect(names.definitions["Box"] == "struct Box { var width = 1.0; func label() -> String { \"box\" } }\n")
        #expect(names.definitions["label"] == names.definitions["Box"])
        #expect(names.definitions["Reals"] == "typealias Reals = [Double]\n")
        #expect(names.definitions["a"] == nil)
    }

    @Test func commentsAndStringsDoNotOpenBlocksButInterpolationsAreRead() {
        let names = CellNames(##"""
        // func commented() {}
        /* struct Hidden { /* nested */ } */
        let label = "{ not a block \(width) }"
        let raw = #"a "{" \#(height)"#
        let long = """
            { still text \(depth)
            """
        let after = 1
        """##)
        #expect(names.declared == ["label", "raw", "long", "after"])
        #expect(names.members.isEmpty)
        #expect(names.mentioned.isSuperset(of: ["width", "height", "depth"]))
        #expect(!names.mentioned.contains("commented") && !names.mentioned.contains("Hidden"))
    }

    @Test func operatorsAndConformancesReachEverything() {
        #expect(CellNames("extension Box: CustomStringConvertible { var description: String { \"box\" } }").reachesEverywhere)
        #expect(CellNames("func + (a: Box, b: Box) -> Box { a }").reachesEverywhere)
        #expect(CellNames("struct V { static func * (a: V, b: Double) -> V { a } }").reachesEverywhere)
        #expect(!CellNames("extension Box { func grown() -> Box { self } }").reachesEverywhere)
    }

    @Test func reachFollowsLaterCellsThatUseAChangedName() {
        let cells = ["let n = 3", "print(total(n))", "func total(_ k: Int) -> Int { k * step }", "let step = 2",
                     "print(\"unrelated\", n)", "extension Int { var doubled: Int { self * 2 } }", "print(n.doubled)"]
            .map { CellNames($0) }
        // `step` changed (cell 4): `total` uses it, so cell 2, which calls `total`, depends on the edit.
        let reach = CellNames.reach(of: [3], in: cells, old: cells)
        #expect(reach?.names == ["step", "total"])
        #expect(reach.map { r in cells.indices.filter { r.touches(cells[$0]) } } == [1, 2])
        #expect(CellNames.reach(of: [4], in: cells, old: cells)?.isEmpty == true)
        // A changed extension of Int reaches what mentions Int (`total`, so cell 2 too) and what uses its member after a dot.
        #expect(CellNames.reach(of: [5], in: cells, old: cells).map { r in cells.indices.filter { r.touches(cells[$0]) } } == [1, 2, 5, 6])
    }

    /// What the preview's keeping of later results (issue 31) reads: which
    /// globals are `var`s, and state shared without a name.
    @Test func varsAndSharedStateAreRecorded() {
        let names = CellNames("var total = 0, count = 1\nlet fixed = 2\nvar (a, b) = (1, 2)\nfunc f() { var local = 1; local += 1 }")
        #expect(names.variables == ["total", "count", "a", "b"])
        #expect(names.globals == ["total", "count", "fixed", "a", "b"])
        #expect(!names.sharesState)
        #expect(CellNames("final class Box { var x = 0 }").sharesState)
        #expect(CellNames("actor Counter {}").sharesState)
        #expect(CellNames("struct Tally { static var n = 0 }").sharesState)
        #expect(!CellNames("struct Point { static let origin = 0 }\n// a class of problems\nprint(\"class Box\")").sharesState)
    }
}
