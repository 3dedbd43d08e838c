/// The narrowest a figure may be drawn with its smallest text still 9 CSS
/// pixels high: below that width the page lets it scroll sideways instead of
/// shrinking it further (a phone shows a 7-inch figure at about half size).
enum LegibleWidth {
    /// The smallest text a page shows, in CSS pixels.
    static let smallestText = 9.0

    /// The width in CSS pixels, or nil when the SVG has no text, or no
    /// `width` and `viewBox` to scale by.
    static func of(svg: String) -> Double? {
        guard let width = attribute("width", in: svg).flatMap(Double.init),
              let box = attribute("viewBox", in: svg)?.split(separator: " ").compactMap({ Double($0) }), box.count == 4, box[2] > 0
        else { return nil }
        var text = svg
        let smallest = text.withUTF8 { hay -> Double in
            let needle = Array("font-size=\"".utf8)
            var smallest = Double.infinity, i = 0
            while let found = Splice.find(needle, in: hay, from: i) {
                var j = found + needle.count
                let start = j
                while j < hay.count, hay[j] != UInt8(ascii: "\"") { j += 1 }
                if let size = Double(String(decoding: UnsafeBufferPointer(rebasing: hay[start..<j]), as: UTF8.self)), size > 0 {
                    smallest = min(smallest, size)
                }
                i = j
            }
            return smallest
        }
        guard smallest.isFinite else { return nil }
        let pixels = smallest * width / box[2]
        return (width * smallestText / pixels).rounded(.up)
    }

    /// The value of the root element's attribute `name`.
    private static func attribute(_ name: String, in svg: String) -> String? {
        guard let open = svg.range(of: "<svg"), let close = svg[open.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = svg[open.upperBound..<close]
        guard let r = tag.range(of: " \(name)=\"") else { return nil }
        let value = tag[r.upperBound...]
        return value.firstIndex(of: "\"").map { String(value[..<$0]) }
    }
}
