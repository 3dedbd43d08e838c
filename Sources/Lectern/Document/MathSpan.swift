/// A formula of a lecture: `$…$` (inline) or `$$…$$` (display), found by the
/// Markdown parse only where text is (see `Markdown`).
public struct MathSpan: Sendable, Equatable {
    /// The TeX between the dollars, byte for byte.
    public var tex: String
    public var display: Bool
    /// 1-based line of the opening dollar in the lecture body.
    public var line: Int
    /// `eq-…` of a labelled display equation (`$$ … $$ {#eq-…}`).
    public var label: String?
    /// Its number, for a labelled one.
    public var number: Int?
    /// The macro definitions made before it (`MathMacros`), typeset in front of it.
    public var preamble = ""

    /// Pandoc's dollar rules on `bytes` at `start` (a `$`): the span and the
    /// index after it, or nil when these dollars are text. Inline math opens
    /// with `$` and a non-space, and closes at the next `$` outside braces
    /// that has a non-space before it and no digit after it (a first `$` that
    /// cannot close ends the attempt). Display math runs to the next `$$`.
    /// A backslash escapes the character after it.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (tex: Range<Int>, display: Bool, end: Int)? {
        let dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\")
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        let n = bytes.count
        guard start < n, bytes[start] == dollar else { return nil }
        if start + 1 < n, bytes[start + 1] == dollar {
            var i = start + 2
            while i + 1 < n {
                if bytes[i] == backslash { i += 2; continue }
                if bytes[i] == dollar, bytes[i + 1] == dollar { return i > start + 2 ? (start + 2..<i, true, i + 2) : nil }
                i += 1
            }
            return nil
        }
        guard start + 1 < n, !isSpace(bytes[start + 1]) else { return nil }
        var i = start + 1, depth = 0
        while i < n {
            let b = bytes[i]
            if b == backslash { i += 2; continue }
            if b == UInt8(ascii: "{") { depth += 1 } else if b == UInt8(ascii: "}") { depth = max(0, depth - 1) }
            if b == dollar, depth == 0 {
                let after: UInt8? = i + 1 < n ? bytes[i + 1] : nil
                if !isSpace(bytes[i - 1]), !(after.map { $0 >= 0x30 && $0 <= 0x39 } ?? false) { return (start + 1..<i, false, i + 1) }
                return nil
            }
            i += 1
        }
        return nil
    }

    /// A control character in the formula where a backslash escape once
    /// stood, with the line it is on (counted from the span's first): a tool
    /// that wrote the lecture read `\text` as a tab and `ext`, `\beta` as a
    /// backspace and `eta`, and KaTeX typesets the leftover letters without
    /// complaint. The character followed by a letter is the sign (a tab only
    /// when it follows no space: a tab that indents is a tab); returns the
    /// escape it replaced (`\t`) and the word (`\text`), or nil.
    func lostEscape() -> (line: Int, escape: String, command: String)? {
        let escapes: [Unicode.Scalar: Character] = ["\u{07}": "a", "\u{08}": "b", "\t": "t", "\u{0B}": "v", "\u{0C}": "f", "\r": "r"]
        let scalars = Array(tex.unicodeScalars)
        var line = line
        for (i, scalar) in scalars.enumerated() {
            if scalar == "\n" { line += 1; continue }
            guard let letter = escapes[scalar], i + 1 < scalars.count, scalars[i + 1].properties.isAlphabetic else { continue }
            // A tab after a line's start or other space indents; one glued to what comes before it is `\t`.
            if scalar == "\t", i == 0 || scalars[i - 1].properties.isWhitespace { continue }
            let word = String(String.UnicodeScalarView(scalars[(i + 1)...].prefix { $0.properties.isAlphabetic }))
            return (line, "\\" + String(letter), "\\" + String(letter) + word)
        }
        return nil
    }

    /// `{#eq-label}` after display math (spaces before it allowed): the label and the index after it.
    static func equationLabel(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (String, Int)? {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        let open = Array("{#eq-".utf8)
        guard i + open.count < bytes.count, Array(bytes[i..<(i + open.count)]) == open else { return nil }
        var j = i + open.count
        while j < bytes.count, let c = Optional(bytes[j]), (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "}"), j > i + open.count else { return nil }
        return (String(decoding: bytes[(i + 2)..<j], as: UTF8.self), j + 1)
    }
}
