/// Where a drawn figure put everything, in page points from the bottom left:
/// every panel's frame, every piece of text with its measured box, every
/// legend with what its panel's marks cover. Tests check figures from it (no
/// legend over data, no two texts overlapping) without looking at pixels.
struct FigureLayout: Codable {
    struct Text: Codable {
        enum Role: String, Codable { case tick, axisLabel, title, legend, colorBar, annotation }
        /// The text as a reader sees it, and as it was written (`10^{3}`).
        var text: String
        var markup: String
        var box: Rect
        var role: Role
        /// The panel it belongs to (nil for the figure's title).
        var panel: Int?
    }

    struct LegendBox: Codable {
        var panel: Int
        var box: Rect
        var placement: Legend.Placement
    }

    var frames: [Rect] = []
    var texts: [Text] = []
    var legends: [LegendBox] = []
    /// What the marks of each panel with a legend cover, by panel index.
    var shapes: [Int: MarkShapes] = [:]
}
