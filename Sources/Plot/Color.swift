import Stats

/// An sRGB colour with opacity.
public struct Color: Sendable, Hashable, Codable {
    /// The red component, 0 … 255.
    public var red: UInt8
    /// The green component, 0 … 255.
    public var green: UInt8
    /// The blue component, 0 … 255.
    public var blue: UInt8
    /// Opacity, 0 (transparent) … 1 (opaque).
    public var alpha: Double

    /// A colour from its sRGB components and opacity (clamped to 0 … 1).
    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = min(1, max(0, alpha))
    }

    /// A colour from `0xRRGGBB`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: UInt8((hex >> 16) & 0xff), green: UInt8((hex >> 8) & 0xff), blue: UInt8(hex & 0xff), alpha: alpha)
    }

    /// The same colour with opacity `alpha`.
    public func opacity(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// `#rrggbb`.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for v in [red, green, blue] { text.append(digits[Int(v >> 4)]); text.append(digits[Int(v & 15)]) }
        return text
    }

    /// Black, #000000 (drawn in the text colour in the dark theme).
    public static let black = Color(hex: 0x000000)
    /// White, #ffffff.
    public static let white = Color(hex: 0xffffff)
    /// Mid grey, #7f7f7f (`.grey` too).
    public static let gray = Color(hex: 0x7f7f7f)
    /// The light grey of grid lines.
    public static let lightGray = Color(hex: 0xe3e3e3)

    // The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
    // distinguishable with every common colour-vision deficiency.
    /// Okabe–Ito blue, #0072b2: the first series' colour.
    public static let blue = Color(hex: 0x0072b2)
    /// Okabe–Ito vermillion, #d55e00 (what `.red` gives).
    public static let vermillion = Color(hex: 0xd55e00)
    /// Okabe–Ito bluish green, #009e73.
    public static let green = Color(hex: 0x009e73)
    /// Okabe–Ito orange, #e69f00.
    public static let orange = Color(hex: 0xe69f00)
    /// Okabe–Ito reddish purple, #cc79a7.
    public static let purple = Color(hex: 0xcc79a7)
    /// Okabe–Ito sky blue, #56b4e9.
    public static let skyBlue = Color(hex: 0x56b4e9)
    /// Okabe–Ito yellow, #f0e442.
    public static let yellow = Color(hex: 0xf0e442)

    /// The colours series get in turn when they name none.
    public static let palette: [Color] = [.blue, .vermillion, .green, .orange, .purple, .skyBlue, .black, .yellow]
}

/// A map from [0, 1] to colours, for heat maps and colour bars.
public struct ColorMap: Sendable, Hashable, Codable {
    /// Colours at equally spaced points of [0, 1]; values between are interpolated.
    public var stops: [Color]

    /// A map through `stops`, equally spaced over [0, 1] (at least two).
    public init(stops: [Color]) {
        require(stops.count >= 2, "ColorMap needs at least two colours, not \(stops.count)")
        self.stops = stops
    }

    /// The colour at `t` (clamped to [0, 1]).
    public func color(at t: Double) -> Color {
        let t = t.isNaN ? 0 : min(1, max(0, t))
        let position = t * Double(stops.count - 1)
        let i = min(Int(position), stops.count - 2)
        let f = position - Double(i)
        let a = stops[i], b = stops[i + 1]
        func mix(_ u: UInt8, _ v: UInt8) -> UInt8 { UInt8((Double(u) * (1 - f) + Double(v) * f).rounded()) }
        return Color(red: mix(a.red, b.red), green: mix(a.green, b.green), blue: mix(a.blue, b.blue))
    }

    /// Viridis (van der Walt & Smith, 2015): perceptually uniform, readable in
    /// grey and with colour-vision deficiencies. Nine anchor colours.
    public static let viridis = ColorMap(stops: [0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c,
                                                 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725].map { Color(hex: $0) })
    /// White to the palette's blue, for counts where zero should vanish.
    public static let blues = ColorMap(stops: [0xffffff, 0xc6dbef, 0x6baed6, 0x2171b5, 0x08306b].map { Color(hex: $0) })
}
