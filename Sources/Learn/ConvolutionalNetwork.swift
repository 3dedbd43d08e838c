import Foundation
import Stats

/// A layer of a `ConvolutionalNetwork`.
public enum ImageLayer: Sendable, Hashable {
    /// A convolution.
    case conv(Conv2D)
    /// Max pooling.
    case maxPool(MaxPool)
    /// The image as one vector, for the dense layers after it.
    case flatten
    /// A fully connected layer (after `flatten`).
    case dense(Dense)
}

/// A convolutional network for images: convolutions and pooling, then
/// `flatten` and dense layers, ending in one sigmoid unit (a binary
/// classifier trained with the cross-entropy). Single precision; every layer
/// works on the whole batch at once with OpenBLAS sgemm (convolutions as
/// im2col + sgemm).
///
///     var cnn = ConvolutionalNetwork(input: ImageShape(height: 16, width: 16), layers: [
///         .conv(Conv2D(8, kernel: 3, padding: 1)), .maxPool(MaxPool(2)),
///         .flatten, .dense(Dense(32, .relu)), .dense(Dense(1, .sigmoid)),
///     ])
///     cnn.train(images, labels, epochs: 5, batchSize: 64)
///     let scores = cnn.probability(testImages)
public struct ConvolutionalNetwork: Sendable {
    /// The shape of each input image.
    public let input: ImageShape
    /// The layers, first to last.
    public let layers: [ImageLayer]
    /// Each layer's output shape (dense layers and `flatten`: height and width 1).
    public let shapes: [ImageShape]
    /// Layer l's weights (convolution: k² · C × F, dense: inputs × units, row-major) and biases; empty for pooling and flatten.
    public internal(set) var weights: [[Float]]
    /// Layer l's biases, one per filter or unit; empty for pooling and flatten.
    public internal(set) var biases: [[Float]]

    /// A network for images of shape `input` with `layers`, its weights drawn from `generator`: He-uniform U(±√(6/fan-in)) before ReLU-like activations, Glorot-uniform otherwise; biases 0. The last layer must be `Dense(1, .sigmoid)`.
    public init(input: ImageShape, layers: [ImageLayer], using generator: inout some RandomNumberGenerator) {
        require(!layers.isEmpty, "ConvolutionalNetwork needs at least one layer, not none")
        guard case .dense(let last) = layers[layers.count - 1], last.units == 1, last.activation == .sigmoid else {
            stop("a ConvolutionalNetwork ends in Dense(1, .sigmoid): it is a binary classifier; make its last layer Dense(1, .sigmoid)")
        }
        self.input = input
        self.layers = layers
        var shape = input, flat = false
        var shapes: [ImageShape] = [], weights: [[Float]] = [], biases: [[Float]] = []
        func uniform(_ count: Int, _ limit: Double) -> [Float] {
            (0..<count).map { _ in Float(Double.random(in: -limit...limit, using: &generator)) }
        }
        for layer in layers {
            switch layer {
            case .conv(let c):
                require(!flat, "a convolution cannot follow flatten or a dense layer")
                let fanIn = c.fieldSize(shape)
                weights.append(uniform(fanIn * c.filters, (6 / Double(c.activation.isRectifier ? fanIn : fanIn + c.filters)).squareRoot()))
                biases.append(uniform(c.filters, 1 / Double(fanIn).squareRoot()))
                shape = c.output(shape)
            case .maxPool(let p):
                require(!flat, "pooling cannot follow flatten or a dense layer")
                weights.append([]); biases.append([])
                shape = p.output(shape)
            case .flatten:
                weights.append([]); biases.append([])
                shape = ImageShape(height: 1, width: 1, channels: shape.count)
                flat = true
            case .dense(let d):
                require(flat, "put .flatten before the first dense layer")
                require(d.dropout == 0, "dropout is not available in a ConvolutionalNetwork")
                let fanIn = shape.count
                weights.append(uniform(fanIn * d.units, (6 / Double(d.activation.isRectifier ? fanIn : fanIn + d.units)).squareRoot()))
                biases.append(uniform(d.units, 1 / Double(fanIn).squareRoot()))
                shape = ImageShape(height: 1, width: 1, channels: d.units)
            }
            shapes.append(shape)
        }
        self.shapes = shapes
        self.weights = weights
        self.biases = biases
    }

    /// A network with weights drawn from the lecture's generator.
    public init(input: ImageShape, layers: [ImageLayer]) {
        var g = LectureRandom()
        self.init(input: input, layers: layers, using: &g)
    }

    /// The number of weights and biases.
    public var parameterCount: Int { weights.reduce(0) { $0 + $1.count } + biases.reduce(0) { $0 + $1.count } }

    /// The shape of layer l's input.
    func shape(before l: Int) -> ImageShape { l == 0 ? input : shapes[l - 1] }

    /// Pr(signal | image) for each row of `images`.
    public func probability(_ images: Matrix) -> [Double] {
        require(images.columns == input.count, "the network takes images of \(input.count) values; the rows have \(images.columns)")
        var out = [Double](repeating: 0, count: images.rows)
        let chunk = 256
        let pass = Pass(network: self, batch: min(chunk, max(1, images.rows)))
        defer { pass.release() }
        images.forEachChunk(of: chunk, into: pass.input) { start, n in
            pass.forward(self, rows: n)
            for i in 0..<n { out[start + i] = Double(Activation.sigmoid(pass.logits[i])) }
        }
        return out
    }

    /// Trains by mini-batch gradient descent on the binary cross-entropy;
    /// `labels` are 1 (signal) or 0. Shuffling draws from `generator`.
    @discardableResult
    public mutating func train(_ images: Matrix, _ labels: [Double], optimizer: Optimizer = .adam(), epochs: Int,
                               batchSize: Int = 64, using generator: inout some RandomNumberGenerator) -> TrainingHistory {
        require(images.rows == labels.count, "\(images.rows) images but \(labels.count) labels")
        require(images.columns == input.count, "the network takes images of \(input.count) values; the rows have \(images.columns)")
        require(epochs >= 0 && batchSize > 0, "train needs epochs ≥ 0 and batchSize > 0, not \(epochs) and \(batchSize)")
        var history = TrainingHistory()
        guard images.rows > 0 else { return history }
        let batch = min(batchSize, images.rows)
        // A batch of 64 images or more is split in two halves on two threads,
        // each with its own buffers, and their gradients averaged in a fixed
        // order: as `Network` does, the split does not depend on the machine or
        // on timing, so the same seed gives the same network everywhere.
        let workers = batch >= 64 ? 2 : 1
        let passes = (0..<workers).map { _ in Pass(network: self, batch: (batch + workers - 1) / workers) }
        defer { passes.forEach { $0.release() } }
        var states = weights.indices.map { (OptimizerState(count: weights[$0].count), OptimizerState(count: biases[$0].count)) }
        let x = images.values.map(Float.init), y = labels.map(Float.init)
        var order = Array(0..<images.rows)
        let losses = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers)
        defer { losses.deallocate() }
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            var total = 0.0
            var start = 0
            while start < order.count {
                let n = min(batch, order.count - start)
                let parts = (0..<workers).map { w in (n * w / workers, n * (w + 1) / workers) }
                x.withUnsafeBufferPointer { x in
                    for (w, (lo, hi)) in parts.enumerated() {
                        for r in lo..<hi {
                            let i = order[start + r]
                            (passes[w].input + (r - lo) * input.count).update(from: x.baseAddress! + i * input.count, count: input.count)
                            passes[w].targets[r - lo] = y[i]
                        }
                    }
                }
                let net = self, shared = PassesForThreads(passes: passes, losses: losses)
                Parallel.forEach(workers) { w in
                    let (lo, hi) = parts[w]
                    shared.losses[w] = hi > lo ? shared.passes[w].gradients(net, rows: hi - lo) : 0
                }
                let main = passes[0]
                for (w, (lo, hi)) in parts.enumerated() {
                    total += losses[w] * Double(hi - lo)
                    let share = Float(hi - lo) / Float(n)
                    for l in weights.indices where !weights[l].isEmpty {
                        for i in 0..<weights[l].count { main.weightGradients[l][i] = (w == 0 ? 0 : main.weightGradients[l][i]) + share * passes[w].weightGradients[l][i] }
                        for i in 0..<biases[l].count { main.biasGradients[l][i] = (w == 0 ? 0 : main.biasGradients[l][i]) + share * passes[w].biasGradients[l][i] }
                    }
                }
                for l in weights.indices where !weights[l].isEmpty {
                    weights[l].withUnsafeMutableBufferPointer { states[l].0.update($0.baseAddress!, main.weightGradients[l], count: $0.count, optimizer: optimizer) }
                    biases[l].withUnsafeMutableBufferPointer { states[l].1.update($0.baseAddress!, main.biasGradients[l], count: $0.count, optimizer: optimizer) }
                }
                start += n
            }
            history.trainingLoss.append(total / Double(order.count))
        }
        history.bestEpoch = max(0, epochs - 1)
        return history
    }

    /// Trains drawing the shuffles from the lecture's generator.
    @discardableResult
    public mutating func train(_ images: Matrix, _ labels: [Double], optimizer: Optimizer = .adam(), epochs: Int,
                               batchSize: Int = 64) -> TrainingHistory {
        var g = LectureRandom()
        return train(images, labels, optimizer: optimizer, epochs: epochs, batchSize: batchSize, using: &g)
    }

    /// The mean cross-entropy of the network on the images and the gradients of
    /// every weight and bias (for gradient checks): one forward and one backward pass.
    func lossAndGradients(_ images: Matrix, _ labels: [Double]) -> (loss: Double, weights: [[Float]], biases: [[Float]]) {
        let pass = Pass(network: self, batch: images.rows)
        defer { pass.release() }
        for i in 0..<images.values.count { pass.input[i] = Float(images.values[i]) }
        for i in labels.indices { pass.targets[i] = Float(labels[i]) }
        let loss = pass.gradients(self, rows: images.rows)
        return (loss, weights.indices.map { Array(UnsafeBufferPointer(start: pass.weightGradients[$0], count: weights[$0].count)) },
                biases.indices.map { Array(UnsafeBufferPointer(start: pass.biasGradients[$0], count: biases[$0].count)) })
    }
}

/// The passes of a training step, one per thread, and their losses.
///
/// `@unchecked Sendable` is safe here: thread w reads and writes only
/// `passes[w]`'s buffers and `losses[w]`, and the step waits for every thread
/// before anything else touches them.
private struct PassesForThreads: @unchecked Sendable {
    let passes: [Pass]
    let losses: UnsafeMutableBufferPointer<Double>
}

/// The buffers of one forward and backward pass of a `ConvolutionalNetwork`
/// over at most `batch` images: each layer's outputs and their gradients, the
/// unfolded receptive fields of each convolution, the winners of each pool.
/// A class so that its buffers are allocated once and freed by `release`.
final class Pass {
    let batch: Int
    let input: UnsafeMutablePointer<Float>
    let targets: UnsafeMutablePointer<Float>
    let outputs: [UnsafeMutablePointer<Float>]
    let deltas: [UnsafeMutablePointer<Float>]
    let columns: [UnsafeMutablePointer<Float>?]
    let winners: [UnsafeMutablePointer<Int32>?]
    let weightGradients: [UnsafeMutablePointer<Float>]
    let biasGradients: [UnsafeMutablePointer<Float>]
    /// The last layer's pre-activation, for a stable cross-entropy.
    var logits: UnsafeMutablePointer<Float> { logitBuffer }
    private let logitBuffer: UnsafeMutablePointer<Float>
    private let inputDelta: UnsafeMutablePointer<Float>

    init(network: ConvolutionalNetwork, batch: Int) {
        self.batch = batch
        input = .allocate(capacity: batch * network.input.count)
        targets = .allocate(capacity: batch)
        logitBuffer = .allocate(capacity: batch)
        inputDelta = .allocate(capacity: batch * network.input.count)
        outputs = network.shapes.map { .allocate(capacity: batch * $0.count) }
        deltas = network.shapes.map { .allocate(capacity: batch * $0.count) }
        columns = network.layers.enumerated().map { l, layer in
            guard case .conv(let c) = layer else { return nil }
            let out = network.shapes[l]
            return .allocate(capacity: Pass.imagesPerChunk(out, batch: batch) * out.height * out.width * c.fieldSize(network.shape(before: l)))
        }
        winners = network.layers.enumerated().map { l, layer in
            guard case .maxPool = layer else { return nil }
            return .allocate(capacity: batch * network.shapes[l].count)
        }
        weightGradients = network.weights.map { .allocate(capacity: max(1, $0.count)) }
        biasGradients = network.biases.map { .allocate(capacity: max(1, $0.count)) }
    }

    func release() {
        input.deallocate(); targets.deallocate(); logitBuffer.deallocate(); inputDelta.deallocate()
        outputs.forEach { $0.deallocate() }; deltas.forEach { $0.deallocate() }
        columns.forEach { $0?.deallocate() }; winners.forEach { $0?.deallocate() }
        weightGradients.forEach { $0.deallocate() }; biasGradients.forEach { $0.deallocate() }
    }

    private func below(_ l: Int) -> UnsafeMutablePointer<Float> { l == 0 ? input : outputs[l - 1] }

    /// A convolution unfolds a few images at a time (about 2048 output
    /// positions), so that the unfolded fields stay in cache between the
    /// unfolding and the product.
    static func imagesPerChunk(_ out: ImageShape, batch: Int) -> Int {
        max(1, min(batch, 2048 / max(1, out.height * out.width)))
    }

    /// Runs `body(first image, image count)` over the batch in chunks.
    private func chunks(_ out: ImageShape, rows: Int, _ body: (Int, Int) -> Void) {
        let size = Pass.imagesPerChunk(out, batch: batch)
        var first = 0
        while first < rows {
            body(first, min(size, rows - first))
            first += size
        }
    }

    func forward(_ net: ConvolutionalNetwork, rows: Int) {
        for (l, layer) in net.layers.enumerated() {
            let x = below(l), y = outputs[l], shapeIn = net.shape(before: l), shapeOut = net.shapes[l]
            switch layer {
            case .conv(let c):
                let cols = columns[l]!, field = c.fieldSize(shapeIn), area = shapeOut.height * shapeOut.width
                chunks(shapeOut, rows: rows) { first, n in
                    c.unfold(x + first * shapeIn.count, rows: n, input: shapeIn, into: cols)
                    affine(cols, net.weights[l], net.biases[l], into: y + first * shapeOut.count, rows: n * area, inputs: field,
                           units: c.filters, transposed: true)
                }
                c.activation.apply(y, count: rows * shapeOut.count, width: c.filters)
            case .maxPool(let p):
                p.forward(x, rows: rows, input: shapeIn, into: y, winners: winners[l]!)
            case .flatten:
                y.update(from: x, count: rows * shapeIn.count)
            case .dense(let d):
                affine(x, net.weights[l], net.biases[l], into: y, rows: rows, inputs: shapeIn.count, units: d.units)
                if l == net.layers.count - 1 { logitBuffer.update(from: y, count: rows) }
                d.activation.apply(y, count: rows * d.units, width: d.units)
            }
        }
    }

    /// y = x W + b for `rows` rows (x given as xᵀ, inputs × rows, when `transposed`).
    private func affine(_ x: UnsafePointer<Float>, _ w: [Float], _ b: [Float], into y: UnsafeMutablePointer<Float>, rows: Int, inputs: Int, units: Int,
                        transposed: Bool = false) {
        w.withUnsafeBufferPointer { wp in
            BLAS.sgemm(x, wp.baseAddress!, y, m: rows, n: units, k: inputs, transposeA: transposed)
        }
        b.withUnsafeBufferPointer { b in
            for r in 0..<rows { for u in 0..<units { y[r * units + u] += b[u] } }
        }
    }

    /// Forward, then backward: fills the gradients and returns the mean cross-entropy.
    func gradients(_ net: ConvolutionalNetwork, rows: Int) -> Double {
        forward(net, rows: rows)
        let last = net.layers.count - 1
        var loss = 0.0
        for i in 0..<rows {
            // −[y log σ(z) + (1 − y) log(1 − σ(z))] = max(z, 0) − y z + log(1 + e^(−|z|)), and ∂/∂z = σ(z) − y.
            let z = Double(logitBuffer[i]), t = Double(targets[i])
            loss += max(z, 0) - t * z + log1p(exp(-abs(z)))
            deltas[last][i] = (outputs[last][i] - targets[i]) / Float(rows)
        }
        for l in stride(from: last, through: 0, by: -1) {
            let shapeIn = net.shape(before: l), shapeOut = net.shapes[l]
            let dy = deltas[l], dx = l == 0 ? inputDelta : deltas[l - 1]
            switch net.layers[l] {
            case .conv(let c):
                let field = c.fieldSize(shapeIn), area = shapeOut.height * shapeOut.width, cols = columns[l]!
                c.activation.backward(dy, activations: outputs[l], count: rows * shapeOut.count, width: c.filters)
                // The fields are unfolded again, chunk by chunk: ∂L/∂W = Σ fields · δ, and
                // the fields' own gradient W δᵀ folds back onto the layer below.
                weightGradients[l].update(repeating: 0, count: field * c.filters)
                chunks(shapeOut, rows: rows) { first, n in
                    c.unfold(below(l) + first * shapeIn.count, rows: n, input: shapeIn, into: cols)
                    BLAS.sgemm(cols, dy + first * shapeOut.count, weightGradients[l], m: field, n: c.filters, k: n * area, beta: 1)
                    if l > 0 {
                        net.weights[l].withUnsafeBufferPointer { w in
                            BLAS.sgemm(w.baseAddress!, dy + first * shapeOut.count, cols, m: field, n: n * area, k: c.filters, transposeB: true)
                        }
                        c.fold(cols, rows: n, input: shapeIn, into: dx + first * shapeIn.count)
                    }
                }
                biasGradient(dy, l, rows: rows * area, units: c.filters)
            case .maxPool(let p):
                if l > 0 { p.backward(dy, rows: rows, input: shapeIn, winners: winners[l]!, into: dx) }
            case .flatten:
                if l > 0 { dx.update(from: dy, count: rows * shapeIn.count) }
            case .dense(let d):
                if l != last { d.activation.backward(dy, activations: outputs[l], count: rows * d.units, width: d.units) }
                weightAndBiasGradients(below(l), dy, l, rows: rows, inputs: shapeIn.count, units: d.units)
                if l > 0 {
                    net.weights[l].withUnsafeBufferPointer { w in
                        BLAS.sgemm(dy, w.baseAddress!, dx, m: rows, n: shapeIn.count, k: d.units, transposeB: true)
                    }
                }
            }
        }
        return loss / Double(rows)
    }

    /// ∂L/∂W = xᵀ δ and ∂L/∂b = Σ rows of δ.
    private func weightAndBiasGradients(_ x: UnsafePointer<Float>, _ delta: UnsafePointer<Float>, _ l: Int, rows: Int, inputs: Int, units: Int) {
        BLAS.sgemm(x, delta, weightGradients[l], m: inputs, n: units, k: rows, transposeA: true)
        biasGradient(delta, l, rows: rows, units: units)
    }

    private func biasGradient(_ delta: UnsafePointer<Float>, _ l: Int, rows: Int, units: Int) {
        columnSums(delta, rows: rows, width: units, into: biasGradients[l])
    }
}
