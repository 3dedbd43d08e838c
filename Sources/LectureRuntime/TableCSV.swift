import Foundation
import LecternProtocol
import Stats

/// A CSV file that could not be read as a table: the file, the line and what to do.
public struct CSVError: Error, CustomStringConvertible, Sendable {
    /// `file:line: what was wrong; how to fix it`.
    public let description: String
}

extension TableData {
    /// Reads a CSV file (RFC 4180: a header row, then one row per line; fields
    /// separated by commas, quoted with `"` when they hold commas, quotes or
    /// line breaks, `""` for a quote inside) as pandas' `read_csv` does for a
    /// plain file. A relative path starts at the lecture's folder, as
    /// `inputs:` does; declare the file there so that an edit of it runs the
    /// lecture again.
    ///
    ///     let prices = try Table(csv: "data/btc-usd-monthly.csv")
    ///     let close = prices["Close"]          // [Double]
    public init(csv path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let folder = FileManager.default.currentDirectoryPath
            throw CSVError(description: "\(path): cannot read it as UTF-8 text (looked in \(folder), the lecture's folder): \(error.localizedDescription)")
        }
        let records = try Self.records(text, file: path)
        guard let header = records.first, !header.fields.isEmpty, header.fields != [""] else {
            throw CSVError(description: "\(path):1: the file is empty; a CSV table needs a header row naming its columns")
        }
        var rows: [[String]] = []
        for record in records.dropFirst() where record.fields != [""] {
            guard record.fields.count == header.fields.count else {
                throw CSVError(description: "\(path):\(record.line): this row has \(record.fields.count) fields and the header has \(header.fields.count); quote fields that hold commas (\"a, b\")")
            }
            rows.append(record.fields)
        }
        self.init(columns: header.fields, rows: rows)
    }

    /// The column named `name` as numbers, e.g. `t["x"]` (an empty field is
    /// NaN). Stops the cell with a message naming the columns there are when
    /// there is no such column, or the first row whose field is not a number.
    public subscript(name: String) -> [Double] {
        guard let c = columns.firstIndex(of: name) else { stopForUnknown(name, "the table has", known: columns) }
        return rows.enumerated().map { r, row in
            let field = row[c].trimmingCharacters(in: .whitespaces)
            if field.isEmpty { return .nan }
            guard let value = Double(field) else {
                stop("column '\(name)' is not numeric: row \(r + 1) has '\(field)'; use t.rows to read text columns")
            }
            return value
        }
    }

    /// The file's records with the line each starts on.
    static func records(_ text: String, file: String) throws -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = [], field = "", quoted = false, afterQuote = false
        var line = 1, start = 1
        var chars = text.unicodeScalars.makeIterator()
        var pending = chars.next()
        if pending == "\u{FEFF}" { pending = chars.next() }
        func endRecord() {
            fields.append(field)
            records.append((start, fields))
            fields = []
            field = ""
            afterQuote = false
        }
        while let c = pending {
            pending = chars.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = chars.next() } else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r" where pending == "\n":
                break
            case "\n", "\r":
                endRecord()
                line += 1
                start = line
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            default:
                if afterQuote && c != " " {
                    throw CSVError(description: "\(file):\(line): text after a closing quote; write a quote inside a quoted field as \"\"")
                }
                if !afterQuote { field.unicodeScalars.append(c) }
            }
        }
        if quoted { throw CSVError(description: "\(file):\(start): a quoted field is never closed; end it with \"") }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        return records
    }
}
