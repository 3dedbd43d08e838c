import Foundation
import Testing
@testable import LecternProtocol

@Suite struct WireTests {
    static let every: [Event] = [
        .start, .cell(3),
        .display(cell: 3, .text("line one\nline two \u{1E}lectern:end")),
        .display(cell: 3, .table(TableData(columns: ["a", "b"], rows: [["1", "<i>"]], caption: "c"))),
        .display(cell: 3, .svg("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")),
        .inline(index: 0, value: "0.8704"),
        .thrown(cell: 3, message: "bad\ninput"),
        .expectedCellEnded(cell: 3, ending: .signal(4)),
        .expectedCellEnded(cell: 3, ending: .exit(0)),
        .end,
    ]

    @Test func everyEventIsOneLineAndRoundTrips() throws {
        for event in Self.every {
            let line = try Wire.encode(event)
            #expect(line.last == 0x0A)
            #expect(line.dropLast().contains(0x0A) == false, "newlines inside payloads are escaped")
            #expect(Wire.decode(line.dropLast()) == event)
        }
    }

    @Test func textIsNotAnEvent() {
        for text in ["\u{1E}lectern:cell 2", "cell 2", "{\"cell\":{}}", "", "{\"display\":{\"cell\":0}}"] {
            #expect(Wire.decode(Data(text.utf8)) == nil, "\(text)")
        }
    }

    /// The runner decodes what the runtime encodes; this fixes the format, so a
    /// change to it is deliberate (and both sides move together, being one module).
    @Test func theLineFormatIsStable() throws {
        #expect(String(decoding: try Wire.encode(.cell(2)), as: UTF8.self) == "{\"cell\":{\"_0\":2}}\n")
        #expect(Wire.decode(Data("{\"inline\":{\"index\":1,\"value\":\"x\"}}".utf8)) == .inline(index: 1, value: "x"))
    }
}
