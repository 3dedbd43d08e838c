import Foundation
internal import CFreeType

/// Advance widths and vertical extents of the face figures are set in (DejaVu
/// Sans, the first member of the SVG's font stack), read once with FreeType.
/// Layout measures every label with these: tick labels, axis labels, titles,
/// colour bars and legends. This is the only file that calls FreeType.
///
/// Widths are in ems (multiply by the font size in points). Everything is read
/// when the face is first needed and kept in immutable tables, so measuring is
/// a table lookup and safe from any thread.
struct FontMetrics: Sendable {
    /// The font file that was measured.
    let path: String
    /// Advance width of each character the face maps, in ems.
    private let advances: [UInt32: Double]
    /// Pair kerning for printable ASCII (the face's `kern` table), in ems, keyed `left << 8 | right`.
    private let kerning: [UInt16: Double]
    /// Height above the baseline and depth below it, in ems.
    let ascender: Double
    let descender: Double

    /// Where Debian, Fedora, Arch and Homebrew put DejaVu Sans; `LECTERN_FIGURE_FONT` names another file.
    static let candidates = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/opt/homebrew/share/fonts/DejaVuSans.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",
    ]

    /// The measured face, or nil when no DejaVu Sans is installed (layout then
    /// falls back to an estimate; `fonts-dejavu-core` provides the face).
    static let dejaVuSans: FontMetrics? = {
        var paths = candidates
        if let chosen = ProcessInfo.processInfo.environment["LECTERN_FIGURE_FONT"], !chosen.isEmpty { paths.insert(chosen, at: 0) }
        for path in paths where FileManager.default.fileExists(atPath: path) {
            if let metrics = FontMetrics(path: path) { return metrics }
        }
        return nil
    }()

    private init?(path: String) {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else { return nil }
        defer { FT_Done_FreeType(library) }
        var faceHandle: FT_Face?
        guard FT_New_Face(library, path, 0, &faceHandle) == 0, let face = faceHandle else { return nil }
        defer { FT_Done_Face(face) }
        let units = Double(face.pointee.units_per_EM)
        guard units > 0 else { return nil }

        var advances: [UInt32: Double] = [:]
        var glyphs: [UInt32: FT_UInt] = [:]
        var index: FT_UInt = 0
        var code = FT_Get_First_Char(face, &index)
        while index != 0 {
            var advance: FT_Fixed = 0
            if FT_Get_Advance(face, index, FT_Int32(FT_LOAD_NO_SCALE), &advance) == 0 {
                advances[UInt32(code)] = Double(advance) / units
                if code < 128 { glyphs[UInt32(code)] = index }
            }
            code = FT_Get_Next_Char(face, code, &index)
        }
        guard !advances.isEmpty else { return nil }

        var kerning: [UInt16: Double] = [:]
        if face.pointee.face_flags & FT_Long(FT_FACE_FLAG_KERNING) != 0 {
            for (left, l) in glyphs where left >= 32 {
                for (right, r) in glyphs where right >= 32 {
                    var vector = FT_Vector()
                    if FT_Get_Kerning(face, l, r, FT_UInt(FT_KERNING_UNSCALED.rawValue), &vector) == 0, vector.x != 0 {
                        kerning[UInt16(left << 8 | right)] = Double(vector.x) / units
                    }
                }
            }
        }
        self.path = path
        self.advances = advances
        self.kerning = kerning
        ascender = Double(face.pointee.ascender) / units
        descender = -Double(face.pointee.descender) / units
    }

    /// The advance of `text` in ems, kerned; characters the face lacks count
    /// as the average Latin letter (a browser sets them in a fallback face).
    func width(_ text: Substring) -> Double {
        var total = 0.0
        var previous: UInt32 = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            total += advances[v] ?? 0.6
            if previous != 0, previous < 128, v < 128 { total += kerning[UInt16(previous << 8 | v)] ?? 0 }
            previous = v
        }
        return total
    }
}
