import Stats

/// The shape of one image: height × width pixels of `channels` values each.
/// Images travel as rows of a `Matrix`, pixel by pixel along each row of the
/// image, with a pixel's channels next to each other (channels last).
public struct ImageShape: Sendable, Hashable {
    /// Pixels from top to bottom.
    public var height: Int
    /// Pixels from left to right.
    public var width: Int
    /// Values per pixel (1 for a grey image).
    public var channels: Int

    /// An image of `height` × `width` pixels with `channels` values each.
    public init(height: Int, width: Int, channels: Int = 1) {
        require(height > 0 && width > 0 && channels > 0, "ImageShape needs a positive height, width and channel count, not \(height) × \(width) × \(channels)")
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// Values in one image.
    public var count: Int { height * width * channels }
}
