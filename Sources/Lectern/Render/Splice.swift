/// Fills placeholders in a page's HTML by scanning its UTF-8 bytes (pages
/// with inline figures run to megabytes; Foundation's string search would
/// bridge the whole page on every call).
enum Splice {
    /// Replaces every `open VALUE close` of `html` by `replacement(VALUE)`;
    /// VALUE is at most `limit` bytes and holds no `<` or `>` (so one
    /// placeholder never swallows another).
    static func replacing(in html: String, open: String, close: String, limit: Int = 512,
                          _ replacement: (String) -> String?) -> String {
        var html = html
        return html.withUTF8 { hay -> String in
            let openBytes = Array(open.utf8), closeBytes = Array(close.utf8)
            guard find(openBytes, in: hay, from: 0) != nil else { return String(decoding: hay, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(hay.count)
            var i = 0
            while let start = find(openBytes, in: hay, from: i) {
                let valueStart = start + openBytes.count
                var j = valueStart
                var valid = false
                while j < hay.count, j - valueStart <= limit {
                    let b = hay[j]
                    if b == UInt8(ascii: "<") || b == UInt8(ascii: ">") {
                        if matches(closeBytes, in: hay, at: j) { valid = true }
                        break
                    }
                    if matches(closeBytes, in: hay, at: j) { valid = true; break }
                    j += 1
                }
                if valid, let replaced = replacement(String(decoding: hay[valueStart..<j], as: UTF8.self)) {
                    out.append(contentsOf: hay[i..<start])
                    out.append(contentsOf: replaced.utf8)
                    i = j + closeBytes.count
                } else {
                    out.append(contentsOf: hay[i..<valueStart])
                    i = valueStart
                }
            }
            out.append(contentsOf: hay[i...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether `text` contains `needle` (bytes compared: no grapheme work).
    static func contains(_ needle: String, in text: String) -> Bool {
        count(needle, in: text, upTo: 1) > 0
    }

    /// How many times `needle` occurs in `text` (not overlapping), at most `limit`.
    static func count(_ needle: String, in text: String, upTo limit: Int = .max) -> Int {
        var text = text
        let bytes = Array(needle.utf8)
        return text.withUTF8 { hay in
            var n = 0, i = 0
            while n < limit, let found = find(bytes, in: hay, from: i) { n += 1; i = found + bytes.count }
            return n
        }
    }

    static func matches(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + needle.count <= hay.count else { return false }
        for k in 0..<needle.count where hay[index + k] != needle[k] { return false }
        return true
    }

    /// The index of `needle` in `hay` at or after `from`.
    static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first, matches(needle, in: hay, at: i) { return i }
            i += 1
        }
        return nil
    }
}
