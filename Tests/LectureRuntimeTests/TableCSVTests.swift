import Foundation
import Testing
@testable import LectureRuntime

/// `Table(csv:)` against files written as spreadsheets and Python's `csv`
/// module write them (quoted commas, doubled quotes, line breaks in quotes,
/// CRLF, a byte-order mark), and its errors.
@Suite struct TableCSVTests {
    static func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-csv-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func readsQuotedFieldsAndNumbers() throws {
        let path = try Self.file("\u{FEFF}name,x,note\r\n\"Smith, J.\",1.5,\"said \"\"hi\"\"\"\r\nLee,-2e3,\"two\nlines\"\r\nNg,,\r\n")
        let t = try Table(csv: path)
        #expect(t.columns == ["name", "x", "note"])
        #expect(t.rows.count == 3)
        #expect(t.rows[0] == ["Smith, J.", "1.5", "said \"hi\""])
        #expect(t.rows[1][2] == "two\nlines")
        let x = t["x"]
        #expect(x[0] == 1.5 && x[1] == -2000 && x[2].isNaN)
    }

    @Test func badFilesSayWhereAndWhy() throws {
        let short = try Self.file("a,b\n1,2\n3\n")
        #expect(throws: CSVError.self) { try Table(csv: short) }
        do { _ = try Table(csv: short) } catch let e as CSVError {
            #expect(e.description.hasSuffix(":3: this row has 1 fields and the header has 2; quote fields that hold commas (\"a, b\")"))
        }
        let open = try Self.file("a,b\n\"1,2\n")
        do { _ = try Table(csv: open); Issue.record("an unclosed quote was read") } catch let e as CSVError {
            #expect(e.description.contains(":2: a quoted field is never closed"))
        }
        do { _ = try Table(csv: "/nonexistent/x.csv"); Issue.record("a missing file was read") } catch let e as CSVError {
            #expect(e.description.hasPrefix("/nonexistent/x.csv: cannot read it"))
        }
        let empty = try Self.file("")
        #expect(throws: CSVError.self) { try Table(csv: empty) }
    }

    @Test func aMissingColumnNamesTheColumnsThereAre() async throws {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let path = try! TableCSVTests.file("Date,Close\n2012-01-31,5.55\n")
            _ = try! Table(csv: path)["close"]
        }.map { result in
            let said = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(said.contains("the table has no 'close'; it has 'Date', 'Close' — did you mean 'Close'?"), "\(said)")
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let path = try! TableCSVTests.file("Date,Close\n2012-01-31,5.55\n")
            _ = try! Table(csv: path)["Date"]
        }.map { result in
            let said = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(said.contains("column 'Date' is not numeric: row 1 has '2012-01-31'"), "\(said)")
        }
    }
}
