import LecternProtocol
import Stats

/// The colour names a matplotlib user types, each mapped onto the nearest
/// colour of the Okabe–Ito palette (so figures stay readable with every
/// common colour-vision deficiency, and the site's dark theme knows them).
extension Color {
    /// matplotlib's `"red"`, `"r"`, `"tab:red"`: the palette's vermillion.
    public static let red = vermillion
    /// matplotlib's `"cyan"`, `"c"`, `"tab:cyan"`: the palette's sky blue.
    public static let cyan = skyBlue
    /// matplotlib's `"magenta"`, `"m"`, `"pink"`, `"tab:pink"`: the palette's reddish purple.
    public static let magenta = purple
    /// matplotlib's `"pink"`: the palette's reddish purple.
    public static let pink = purple
    /// matplotlib's `"brown"`, `"tab:brown"`: the palette's vermillion, its darkest warm colour.
    public static let brown = vermillion
    /// matplotlib's `"olive"`, `"tab:olive"`: the palette's yellow.
    public static let olive = yellow
    /// The British spelling of `gray`.
    public static let grey = gray

    /// The names `Color(_:)` knows, and the colour each gives.
    static let named: [String: Color] = {
        var names: [String: Color] = [
            "black": .black, "k": .black, "white": .white, "w": .white,
            "gray": .gray, "grey": .gray, "lightgray": .lightGray, "lightgrey": .lightGray,
            "blue": .blue, "b": .blue, "red": .vermillion, "r": .vermillion, "vermillion": .vermillion,
            "green": .green, "g": .green, "orange": .orange, "purple": .purple, "magenta": .purple, "m": .purple,
            "pink": .purple, "cyan": .skyBlue, "c": .skyBlue, "skyblue": .skyBlue, "yellow": .yellow, "y": .yellow,
            "brown": .vermillion, "olive": .yellow,
        ]
        for (name, color) in ["blue": Color.blue, "orange": .orange, "green": .green, "red": .vermillion, "purple": .purple,
                              "brown": .vermillion, "pink": .purple, "gray": .gray, "grey": .gray, "olive": .yellow, "cyan": .skyBlue] {
            names["tab:" + name] = color
        }
        return names
    }()

    /// A colour by name as matplotlib spells it (`"red"`, `"r"`,
    /// `"tab:blue"`, mapped onto the palette) or exactly as `"#rrggbb"` /
    /// `"#rgb"`. Stops the cell with the names it knows, and the nearest one,
    /// for any other text.
    ///
    ///     Hist(x, color: Color("tab:blue"))
    public init(_ name: String) {
        let key = name.lowercased().replacingOccurrences(of: " ", with: "")
        if let color = Self.named[key] {
            self = color
            return
        }
        if key.hasPrefix("#") {
            var digits = String(key.dropFirst())
            if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
            if digits.count == 6, let value = UInt32(digits, radix: 16) {
                self.init(hex: value)
                return
            }
            stop("Color(\"\(name)\"): a hex colour is #rrggbb or #rgb (six or three hex digits)")
        }
        let hint = Spelling.closest(to: key, among: Array(Self.named.keys)).map { " — did you mean \"\($0)\"?" } ?? ""
        stop("Color(\"\(name)\") is not a colour Lectern knows\(hint); use a name (\"red\", \"tab:blue\", \"gray\"), \"#rrggbb\", or the palette (.blue, .vermillion, .green, .orange, .purple, .skyBlue, .yellow, .black)")
    }
}
