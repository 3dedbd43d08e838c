import Foundation
import Testing
@testable import Lectern

/// How a cell is cut for the program's library layout: file-scope
/// declarations and globals, the rest as the cell's function body.
@Suite struct CellLayoutTests {
    @Test func statementsAreCutAtLineEndsThatDoNotCarryOver() throws {
        let layout = try #require(CellLayout("""
        let xs = [1.0, 2.0]
            .map { $0 * 2 }
        let label = "n = \\(xs.count)" // a comment
        print(label,
              xs)
        if xs.isEmpty {
            print("none")
        } else {
            print("some")
        }
        func twice(_ x: Double) -> Double {
            x * 2
        }
        let total = xs.reduce(0, +)
            + 1
        struct Box { var width = 1.0 }
        let _ = twice(2)
        typealias Reals = Array<Double>
        let r: Reals = [1]
        """))
        #expect(layout.pieces.map(\.kind) == [
            .global(names: ["xs"], throwing: false), .global(names: ["label"], throwing: false), .statement, .statement,
            .declaration, .global(names: ["total"], throwing: false), .declaration, .statement,
            .declaration, .global(names: ["r"], throwing: false),
        ])
        #expect(layout.pieces.map(\.line) == [0, 2, 3, 5, 10, 13, 15, 16, 17, 18])
        #expect(layout.pieces[0].text == "let xs = [1.0, 2.0]\n    .map { $0 * 2 }")
        #expect(layout.pieces[1].text == "let label = \"n = \\(xs.count)\" // a comment")
        #expect(layout.pieces[3].text.hasSuffix("} else {\n    print(\"some\")\n}"))
    }

    @Test func listsAreOneDeclarationPerEntryAndThrowingInitialisersAreWrapped() throws {
        let layout = try #require(CellLayout("""
        let a = [1.0].map { $0 }, b = [2.0].map { $0 * 3 }
        var (c, d) = try pair()
        let e: Double = try value()
        """))
        #expect(layout.pieces.map(\.text) == [
            "let a = [1.0].map { $0 }", "let b = [2.0].map { $0 * 3 }",
            "var (c, d) = _lecternGlobal { try pair()\n}", "let e: Double = _lecternGlobal { try value()\n}",
        ])
        #expect(layout.pieces.map(\.kind) == [
            .global(names: ["a"], throwing: false), .global(names: ["b"], throwing: false),
            .global(names: ["c", "d"], throwing: true), .global(names: ["e"], throwing: true),
        ])
    }

    @Test func cellsThatCannotMoveKeepTheScriptLayout() {
        for code in ["guard let x = Optional(1) else { fatalError() }", "let x: Int\nx = 1", "defer { print(1) }",
                     "let a = 1; print(a)", "let r = await f()", "#if DEBUG\nlet x = 1\n#endif",
                     "@MainActor let x = 1", "var computed: Double { 2 }", "let a = try f(), b = 2",
                     "let a = 1 +\nlet b = 2", "print(1) ??\nfunc f() {}"] {
            #expect(CellLayout(code) == nil, "\(code)")
        }
    }
}
