import Testing
@testable import LectureRuntime

@Suite struct RuntimeFormattingTests {
    @Test func printedNumbersHaveFourSignificantDigits() {
        #expect(PrintedValue.text(0.3486001491555608) == "0.3486")
        #expect(PrintedValue.text(Float(2.5)) == "2.5")
        #expect(PrintedValue.text([0.013891026256095325, 1e-7]) == "[0.01389, 1.000e-07]")
        #expect(PrintedValue.text(328) == "328")
        #expect(PrintedValue.text("draw:") == "draw:")
    }

    @Test func inlineNumbersReadNaturally() {
        #expect(InlineFormat.text(for: 47.0 / 54) == "0.8704")
        #expect(InlineFormat.text(for: 50000.0) == "50000")
        #expect(InlineFormat.text(for: 0.5) == "0.5")
        #expect(InlineFormat.text(for: -2.0) == "-2")
        #expect(InlineFormat.text(for: 1.234e-7) == "1.234e-07")
        #expect(InlineFormat.text(for: 3.0e12) == "3.000e+12")
        #expect(InlineFormat.text(for: Double.nan) == "NaN")
        #expect(InlineFormat.text(for: 45) == "45")
        #expect(InlineFormat.text(for: "text") == "text")
    }

    @Test func tablesFormatTheirCells() {
        let table = Table(["n", "mean"], rows: [[10, 0.52], [100, 1.0 / 3]], caption: "Means")
        #expect(table.rows == [["10", "0.52"], ["100", "0.3333"]])
        #expect(table.plainText == "Means\nn    mean  \n---  ------\n10   0.52  \n100  0.3333")
    }
}
