import Foundation

/// A `Figure` shows as SVG, at the size the running cell asks for
/// (`fig-width`/`fig-height`) unless the figure sets its own.
extension Figure: Displayable {
    public func display() throws -> Display {
        let size = Session.figureSize
        if let folder = ProcessInfo.processInfo.environment["LECTERN_FIGURE_MODELS"], !folder.isEmpty {
            try FigureModels.write(self, size: size, to: folder)
        }
        return .svg(try svg(width: size.width, height: size.height))
    }
}

/// With `LECTERN_FIGURE_MODELS=folder`, every figure a lecture shows is also
/// written there as JSON (`cell-C-N.json`, at the size it is drawn): the data
/// behind layout tests (`scripts/figure-fixtures`).
enum FigureModels {
    /// Figures shown so far. Cells run one at a time on the program's main thread, as `Session`'s state does.
    nonisolated(unsafe) private static var shown = 0

    static func write(_ figure: Figure, size: (width: Double, height: Double), to folder: String) throws {
        var sized = figure
        sized.width = figure.width ?? size.width
        sized.height = figure.height ?? size.height
        shown += 1
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let url = URL(fileURLWithPath: folder).appendingPathComponent("cell-\(Session.cell)-\(shown).json")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try encoder.encode(sized).write(to: url)
    }
}
