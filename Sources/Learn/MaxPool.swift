import Stats

/// Max pooling: each channel's largest value in every `size` × `size` window,
/// windows `stride` apart (by default `size`: they tile the image). An input of
/// side n gives ⌊(n − size) / stride⌋ + 1. No parameters.
public struct MaxPool: Sendable, Hashable {
    /// The side of each pooling window in pixels.
    public var size: Int
    /// The step between windows in pixels.
    public var stride: Int

    /// Windows of `size` × `size` pixels, `stride` apart (by default `size`).
    public init(_ size: Int = 2, stride: Int? = nil) {
        require(size > 0 && (stride ?? 1) > 0, "MaxPool needs a positive size and stride, not \(size) and \(stride ?? size)")
        self.size = size
        self.stride = stride ?? size
    }

    /// The shape this layer makes of an `input` image.
    public func output(_ input: ImageShape) -> ImageShape {
        require(input.height >= size && input.width >= size, "a \(size) × \(size) pool does not fit a \(input.height) × \(input.width) input")
        return ImageShape(height: (input.height - size) / stride + 1, width: (input.width - size) / stride + 1, channels: input.channels)
    }

    /// The pooled values, and for each the index (within its image) of the input value it took.
    func forward(_ x: UnsafePointer<Float>, rows: Int, input: ImageShape,
                 into y: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>) {
        let out = output(input), c = input.channels
        for b in 0..<rows {
            let image = x + b * input.count
            for oh in 0..<out.height {
                for ow in 0..<out.width {
                    for k in 0..<c {
                        var best = -Float.infinity, at = 0
                        for ph in 0..<size {
                            for pw in 0..<size {
                                let i = ((oh * stride + ph) * input.width + ow * stride + pw) * c + k
                                if image[i] > best { best = image[i]; at = i }
                            }
                        }
                        let o = b * out.count + (oh * out.width + ow) * c + k
                        y[o] = best
                        winners[o] = Int32(at)
                    }
                }
            }
        }
    }

    /// Sends each output's gradient back to the input value that won its window.
    func backward(_ dy: UnsafePointer<Float>, rows: Int, input: ImageShape,
                  winners: UnsafePointer<Int32>, into dx: UnsafeMutablePointer<Float>) {
        let count = output(input).count
        dx.update(repeating: 0, count: rows * input.count)
        for b in 0..<rows {
            for o in 0..<count { dx[b * input.count + Int(winners[b * count + o])] += dy[b * count + o] }
        }
    }
}
