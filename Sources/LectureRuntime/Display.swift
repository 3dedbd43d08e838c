import Foundation
import LecternProtocol

/// What a cell shows: plain text, a table, or an SVG figure.
public typealias Display = LecternProtocol.Display

/// A value that knows how it looks on a lecture page.
public protocol Displayable {
    /// The display of this value; figures use `Session.figureSize` unless they set their own.
    func display() throws -> Display
}

/// Shows `value` under the running cell: a table as an HTML table, a figure as
/// an SVG image, anything else as text. A value that cannot be displayed (a
/// figure with bad limits, say) stops the lecture at this cell with the reason,
/// so that the page and CI both report it at the cell's line.
public func show(_ value: some Displayable) {
    do {
        Session.write(try value.display())
    } catch {
        fatalError("show: \(error)")
    }
}

/// Shows any other value as text, by its description.
public func show(_ value: Any) {
    Session.write(.text(String(describing: value)))
}

extension String: Displayable {
    public func display() -> Display { .text(self) }
}

extension Session {
    /// Sends a display to Lectern; without Lectern (the program run by hand)
    /// text and tables go to stdout.
    static func write(_ display: Display) {
        guard Channel.isOpen else {
            switch display {
            case .text(let text): print(text)
            case .table(let table): print(table.plainText)
            case .svg: print("[figure: run the lecture with `lectern run` to see it]")
            }
            return
        }
        let line: Data
        do {
            line = try Wire.encode(.display(cell: currentCell, display))
        } catch {
            fatalError("show: cannot encode this display: \(error)")
        }
        guard line.count <= Wire.maximumEventBytes else {
            fatalError("show: this display is \(line.count >> 20) MB; a page takes displays up to \(Wire.maximumEventBytes >> 20) MB: show less")
        }
        Channel.send(line: line)
    }
}
