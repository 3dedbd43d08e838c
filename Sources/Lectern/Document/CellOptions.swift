import Foundation
import Yams

/// A cell's options: the leading `//| key: value` lines of its code (values
/// in YAML), as the table of options (`Options`) reads them.
public struct CellOptions: Sendable, Equatable, Codable {
    /// The options set on the cell itself (merged with the lecture's and the course's in `CellSettings`).
    public var values = OptionValues()

    public var label: String? { values.text(Options.label) }
    public var figCap: String? { values.text(Options.figCap) }
    /// `layout-ncol`: the cell's figures side by side in this many columns.
    public var layoutNcol: Int? { values.number(Options.layoutNcol).map { Int($0) } }
    /// `tbl-cap`: the caption of the cell's tables.
    public var tblCap: String? { values.text(Options.tblCap) }
    public var figAlt: String? { values.text(Options.figAlt) }

    public init() {}

    static let keys = Options.keys([.cell, .cellOrDefault])

    /// Reads the options at the top of a cell. `lines` are the cell's code
    /// lines and `firstLine` the file line of the first of them. Returns the
    /// options and how many lines they took.
    /// The option text of a cell line: what follows `//|` (or Quarto's `#|`)
    /// after any indentation, or nil for a line that is not an option line.
    static func optionBody(_ line: Substring) -> Substring? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix("//|") { return trimmed.dropFirst(3) }
        if trimmed.hasPrefix("#|") { return trimmed.dropFirst(2) }
        return nil
    }

    static func parse(lines: [Substring], firstLine: Int, file: String) throws -> (CellOptions, count: Int) {
        var options = CellOptions()
        var count = 0
        var seen = Set<String>()
        // An option line below the first line of code would be read as a comment: say so.
        if let stray = lines.indices.dropFirst(lines.prefix(while: { optionBody($0) != nil }).count).first(where: {
            lines[$0].drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("//|")
        }) {
            throw LecternError(file: file, line: firstLine + stray, "this '//|' option comes after the cell's first line of code or comment, so it would be ignored; cell options go at the top of the cell")
        }
        for line in lines {
            guard let option = optionBody(line) else { break }
            let fileLine = firstLine + count
            count += 1
            let body = option.trimmingCharacters(in: .whitespaces)
            if body.isEmpty { continue }
            guard let colon = body.firstIndex(of: ":") else {
                throw LecternError(file: file, line: fileLine, "cell option '\(body)' needs a value: write '//| \(body): value'")
            }
            let key = String(body[..<colon]).trimmingCharacters(in: .whitespaces)
            let rawValue = String(body[body.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard let option = Options.named(key, [.cell, .cellOrDefault]) else {
                throw LecternError(file: file, line: fileLine, "unknown cell option '\(key)'\(Options.suggestion(for: key, among: keys)); known options: \(keys.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else {
                throw LecternError(file: file, line: fileLine, "cell option '\(key)' is set twice; keep one")
            }
            let value: Node
            do {
                value = try YAMLText.compose(rawValue.isEmpty ? "~" : rawValue, file: file, firstLine: fileLine, what: "the value of '\(key)'") ?? Node("")
            } catch let error as LecternError where YAMLText.lineTooDeep(rawValue) != nil {
                throw error
            } catch {
                throw LecternError(file: file, line: fileLine, "the value of '\(key)' is not valid YAML: \(rawValue) (quote text that has ': ' or '#' in it)")
            }
            options.values[option] = try option.value(of: value, file: file, line: fileLine)
        }
        return (options, count)
    }
}
