import Stats

/// A two-dimensional convolution: `filters` kernels of `kernel` × `kernel`
/// pixels (across all input channels) slide over the image `stride` pixels at
/// a time, after `padding` rows and columns of zeros are added on each side;
/// a = f(x ⋆ W + b), one output channel per filter.
///
/// An input of side n gives an output of side ⌊(n + 2p − k) / s⌋ + 1, and
/// the layer has k² · C · F weights and F biases for C input channels.
/// Computed as im2col + sgemm: every output position's receptive field
/// becomes a row of a matrix, and the whole batch is one matrix product.
public struct Conv2D: Sendable, Hashable {
    /// F, the number of kernels (and of output channels).
    public var filters: Int
    /// k, the side of each square kernel in pixels.
    public var kernel: Int
    /// s, the step between kernel positions in pixels.
    public var stride: Int
    /// p, the rows and columns of zeros added on each side.
    public var padding: Int
    /// f, applied to each output value.
    public var activation: Activation

    /// `filters` kernels of `kernel` × `kernel` pixels, moved `stride` pixels at a time over the image padded with `padding` zeros.
    ///
    ///     .conv(Conv2D(8, kernel: 3, padding: 1))   // 8 channels, same size out
    public init(_ filters: Int, kernel: Int = 3, stride: Int = 1, padding: Int = 0, _ activation: Activation = .relu) {
        require(filters > 0 && kernel > 0 && stride > 0 && padding >= 0, "Conv2D needs positive filters, kernel and stride, and padding ≥ 0, not \(filters), \(kernel), \(stride) and \(padding)")
        require(activation != .softmax, "softmax is for a last Dense layer, not a convolution")
        self.filters = filters
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.activation = activation
    }

    /// The output shape for an input of shape `input`.
    public func output(_ input: ImageShape) -> ImageShape {
        let h = (input.height + 2 * padding - kernel) / stride + 1, w = (input.width + 2 * padding - kernel) / stride + 1
        require(input.height + 2 * padding >= kernel && input.width + 2 * padding >= kernel,
                     "a \(kernel) × \(kernel) kernel does not fit a \(input.height) × \(input.width) input with padding \(padding)")
        return ImageShape(height: h, width: w, channels: filters)
    }

    /// Weights per filter: the receptive field, k² · C.
    func fieldSize(_ input: ImageShape) -> Int { kernel * kernel * input.channels }

    /// The output columns inside the image for kernel column `kw`: those
    /// whose input column ow · s − p + kw lies in 0..<width.
    private func validColumns(_ kw: Int, input: ImageShape, out: ImageShape) -> Range<Int> {
        let lo = max(0, (padding - kw + stride - 1) / stride)
        let hi = min(out.width, (input.width - 1 + padding - kw) / stride + 1)
        return lo..<max(lo, hi)
    }

    /// Unfolds `rows` images into `columns`, a (k² · C) × (rows · positions)
    /// matrix: row (kernel row, kernel column, channel), column (image, output
    /// position), zero where the field leaves the image. Filled a row at a time,
    /// each a run of output columns (contiguous input with stride 1 and one channel).
    func unfold(_ x: UnsafePointer<Float>, rows: Int, input: ImageShape, into columns: UnsafeMutablePointer<Float>) {
        let out = output(input), c = input.channels, positions = out.height * out.width, total = rows * positions
        for kh in 0..<kernel {
            for kw in 0..<kernel {
                let valid = validColumns(kw, input: input, out: out)
                for channel in 0..<c {
                    let row = columns + ((kh * kernel + kw) * c + channel) * total
                    for b in 0..<rows {
                        let image = x + b * input.count
                        for oh in 0..<out.height {
                            let target = row + b * positions + oh * out.width
                            let ih = oh * stride - padding + kh
                            guard ih >= 0 && ih < input.height && !valid.isEmpty else { target.update(repeating: 0, count: out.width); continue }
                            if valid.lowerBound > 0 { target.update(repeating: 0, count: valid.lowerBound) }
                            if valid.upperBound < out.width { (target + valid.upperBound).update(repeating: 0, count: out.width - valid.upperBound) }
                            let source = image + (ih * input.width + valid.lowerBound * stride - padding + kw) * c + channel
                            if stride == 1 && c == 1 {
                                (target + valid.lowerBound).update(from: source, count: valid.count)
                            } else {
                                let step = stride * c
                                for j in 0..<valid.count { target[valid.lowerBound + j] = source[j * step] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The reverse of `unfold`: adds each entry back onto the input pixel it
    /// came from (where receptive fields overlap, they sum).
    func fold(_ columns: UnsafePointer<Float>, rows: Int, input: ImageShape, into dx: UnsafeMutablePointer<Float>) {
        let out = output(input), c = input.channels, positions = out.height * out.width, total = rows * positions
        dx.update(repeating: 0, count: rows * input.count)
        for kh in 0..<kernel {
            for kw in 0..<kernel {
                let valid = validColumns(kw, input: input, out: out)
                guard !valid.isEmpty else { continue }
                for channel in 0..<c {
                    let row = columns + ((kh * kernel + kw) * c + channel) * total
                    for b in 0..<rows {
                        let image = dx + b * input.count
                        for oh in 0..<out.height {
                            let ih = oh * stride - padding + kh
                            guard ih >= 0 && ih < input.height else { continue }
                            let source = row + b * positions + oh * out.width + valid.lowerBound
                            let target = image + (ih * input.width + valid.lowerBound * stride - padding + kw) * c + channel
                            let step = stride * c
                            for j in 0..<valid.count { target[j * step] += source[j] }
                        }
                    }
                }
            }
        }
    }
}
