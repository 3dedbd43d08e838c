import Foundation

/// What a cell shows: plain text, a table, or an SVG figure.
public enum Display: Sendable {
    case text(String)
    case table(Table)
    case svg(String)
}

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
    /// Writes a display file and tells Lectern about it; without Lectern
    /// (the program run by hand) text and tables go to stdout.
    static func write(_ display: Display) {
        guard let directory = displayDirectory else {
            switch display {
            case .text(let text): print(text)
            case .table(let table): print(table.plainText)
            case .svg: print("[figure: run the lecture with `lectern run` to see it]")
            }
            return
        }
        displayCount += 1
        let (kind, data): (String, Data) = switch display {
        case .text(let text): ("text", Data(text.utf8))
        case .table(let table): ("table", (try? JSONEncoder().encode(table)) ?? Data())
        case .svg(let svg): ("svg", Data(svg.utf8))
        }
        let name = "display-\(displayCount).\(kind)"
        let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        do {
            try data.write(to: url)
            Marker.emit("display \(kind) \(name)")
        } catch {
            standardError("show: cannot write \(url.path): \(error)\n")
        }
    }
}
