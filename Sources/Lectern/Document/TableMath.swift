/// `$|x|$` and `$P(A | B)$` in a pipe table's cell, as Pandoc reads them:
/// GitHub's table rule splits a row at every `|` before it reads the cell's
/// inlines, so inside the dollars of a table row each `|` is written
/// `\vert{}` first (the same symbol to TeX), and inside a code span `\|`
/// (GitHub's escape, which the code shows as `|`), keeping the row's cells
/// whole. Lines keep their numbers; `\$` is not a dollar.
enum TableMath {
    static func protect(_ text: String) -> String {
        guard text.contains("|"), text.contains("$") || text.contains("`") else { return text }
        var lines = SourceText.lines(text).map(String.init)
        var inTable = false
        var fence: Character?
        for i in lines.indices {
            let line = lines[i]
            let trimmed = line.drop(while: { $0 == " " })
            if let c = trimmed.first, c == "`" || c == "~", trimmed.hasPrefix(String(repeating: c, count: 3)) {
                fence = fence == nil ? c : (fence == c ? nil : fence)
                inTable = false
                continue
            }
            if fence != nil { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { inTable = false; continue }
            if isDelimiterRow(line), i > 0, lines[i - 1].contains("|") {
                inTable = true
                lines[i - 1] = protectRow(lines[i - 1])
                continue
            }
            if inTable { lines[i] = protectRow(line) }
        }
        return lines.joined(separator: "\n")
    }

    /// `|---|:--:|` and the like.
    static func isDelimiterRow(_ line: String) -> Bool {
        line.contains("-") && line.wholeMatch(of: /\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*/) != nil
    }

    /// The row with `|` inside `$…$` (outside code spans) written `\vert{}`.
    static func protectRow(_ row: String) -> String {
        guard row.contains("$") || row.contains("`") else { return row }
        var out = ""
        var inMath = false
        var inCode = false
        var previous: Character = " "
        for c in row {
            if c == "`", !inMath { inCode.toggle() }
            if c == "$", !inCode, previous != "\\" { inMath.toggle() }
            if c == "|", inMath {
                out += "\\vert{}"
            } else if c == "|", inCode, previous != "\\" {
                out += "\\|"  // GitHub's escape for a pipe in a table cell's code span
            } else {
                out.append(c)
            }
            previous = c
        }
        // An unclosed dollar was not math: leave the row as written.
        return inMath ? row : out
    }
}
