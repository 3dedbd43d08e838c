/// An axis-aligned rectangle in page points (origin bottom left): panel
/// frames, text boxes, legend boxes and what marks cover, as layout reasons about them.
struct Rect: Equatable, Codable {
    var x0: Double, y0: Double, x1: Double, y1: Double

    init(x0: Double, y0: Double, x1: Double, y1: Double) {
        (self.x0, self.x1) = (min(x0, x1), max(x0, x1))
        (self.y0, self.y1) = (min(y0, y1), max(y0, y1))
    }

    var width: Double { x1 - x0 }
    var height: Double { y1 - y0 }

    /// Grown by `d` on every side (shrunk for negative `d`).
    func inset(by d: Double) -> Rect { Rect(x0: x0 + d, y0: y0 + d, x1: x1 - d, y1: y1 - d) }
    func outset(by d: Double) -> Rect { inset(by: -d) }

    /// Whether the two share more than an edge.
    func overlaps(_ other: Rect) -> Bool {
        x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1
    }

    func contains(_ other: Rect, tolerance: Double = 0) -> Bool {
        other.x0 >= x0 - tolerance && other.x1 <= x1 + tolerance && other.y0 >= y0 - tolerance && other.y1 <= y1 + tolerance
    }

    func contains(x: Double, y: Double) -> Bool { x >= x0 && x <= x1 && y >= y0 && y <= y1 }

    /// Whether the segment from (ax, ay) to (bx, by) passes through the
    /// rectangle (Liang–Barsky clipping).
    func meets(segmentFrom ax: Double, _ ay: Double, to bx: Double, _ by: Double) -> Bool {
        let dx = bx - ax, dy = by - ay
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return false }; if r > t0 { t0 = r } } else { if r < t0 { return false }; if r < t1 { t1 = r } }
            }
        }
        return t0 <= t1
    }
}
