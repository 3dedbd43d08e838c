import Foundation
import Stats

/// A dense feed-forward neural network (multilayer perceptron). Forward and
/// backward passes run on whole batches as matrix products (OpenBLAS sgemm), in
/// single precision.
///
///     var net = Network(inputs: 1, layers: [Dense(10, .relu), Dense(1, .sigmoid)])
///     let history = net.train(x, labels, loss: .binaryCrossEntropy, optimizer: .adam(), epochs: 3, batchSize: 2000)
///     let s = net.predict(xTest)
public struct Network: Sendable {
    /// The number of input features.
    public let inputs: Int
    /// The dense layers, first to last.
    public let layers: [Dense]
    /// Layer l's weights, row-major: (inputs of l) × (units of l).
    public internal(set) var weights: [[Float]]
    /// Layer l's biases, one per unit.
    public internal(set) var biases: [[Float]]
    /// Penalty λ₁ Σ|w| + λ₂ Σ w² on the weights (not the biases), added to the loss.
    public var l1: Double
    /// λ₂, the weight of the squared-weight penalty (see `l1`).
    public var l2: Double
    /// Applied to inputs before the first layer; set by `train(standardizeInputs:)`.
    public var standardizer: Standardizer?

    /// A network with weights drawn from `generator`: He-uniform for ReLU-like
    /// layers, Glorot-uniform for the others; biases uniform in ±1/√(fan-in), so
    /// that the kinks of rectifiers on few inputs start spread out rather than
    /// all at the origin.
    public init(inputs: Int, layers: [Dense], l1: Double = 0, l2: Double = 0, using generator: inout some RandomNumberGenerator) {
        require(inputs > 0 && !layers.isEmpty, "Network needs inputs > 0 and at least one layer, not \(inputs) inputs and \(layers.count) layers")
        self.inputs = inputs
        self.layers = layers
        self.l1 = l1
        self.l2 = l2
        var fanIn = inputs
        var weights: [[Float]] = [], biases: [[Float]] = []
        for layer in layers {
            let limit = layer.activation.isRectifier
                ? (6 / Double(fanIn)).squareRoot()
                : (6 / Double(fanIn + layer.units)).squareRoot()
            weights.append((0..<(fanIn * layer.units)).map { _ in Float(Double.random(in: -limit...limit, using: &generator)) })
            let biasLimit = 1 / Double(fanIn).squareRoot()
            biases.append((0..<layer.units).map { _ in Float(Double.random(in: -biasLimit...biasLimit, using: &generator)) })
            fanIn = layer.units
        }
        self.weights = weights
        self.biases = biases
    }

    /// A network with the given weights and biases (layer l's weights
    /// row-major, (inputs of l) × (units of l)): for examples that start from
    /// chosen values, such as every weight 1.
    public init(inputs: Int, layers: [Dense], weights: [[Float]], biases: [[Float]], l1: Double = 0, l2: Double = 0) {
        require(inputs > 0 && !layers.isEmpty, "a network needs inputs and at least one layer")
        require(weights.count == layers.count && biases.count == layers.count, "one weight and one bias array per layer")
        var fanIn = inputs
        for (l, layer) in layers.enumerated() {
            require(weights[l].count == fanIn * layer.units, "layer \(l + 1) needs \(fanIn) × \(layer.units) weights, not \(weights[l].count)")
            require(biases[l].count == layer.units, "layer \(l + 1) needs \(layer.units) biases, not \(biases[l].count)")
            fanIn = layer.units
        }
        self.inputs = inputs
        self.layers = layers
        self.weights = weights
        self.biases = biases
        self.l1 = l1
        self.l2 = l2
    }

    /// A network with weights drawn from the lecture's generator.
    public init(inputs: Int, layers: [Dense], l1: Double = 0, l2: Double = 0) {
        var g = LectureRandom()
        self.init(inputs: inputs, layers: layers, l1: l1, l2: l2, using: &g)
    }

    /// The number of outputs: the last layer's units.
    public var outputs: Int { layers[layers.count - 1].units }

    /// The number of weights and biases.
    public var parameterCount: Int { weights.reduce(0) { $0 + $1.count } + biases.reduce(0) { $0 + $1.count } }

    /// The network's outputs for each row of `x` (no dropout).
    public func predict(_ x: Matrix) -> Matrix {
        require(x.columns == inputs, "the network takes \(inputs) inputs; x has \(x.columns) columns")
        let input = standardizer.map { $0.apply(x) } ?? x
        var out = Matrix(rows: x.rows, columns: outputs)
        let chunk = 4096
        var workspace = Workspace(network: self, batch: min(chunk, max(1, x.rows)))
        defer { workspace.release() }
        input.forEachChunk(of: chunk, into: workspace.input) { start, n in
            workspace.forward(self, rows: n, training: false, generator: nil)
            let a = workspace.activations[layers.count - 1]
            for i in 0..<(n * outputs) { out.values[start * outputs + i] = Double(a[i]) }
        }
        return out
    }

    /// The single output at each single input, for a network with one input
    /// and one output: `net.predict(at: [2.5])[0]`, or a curve over a grid.
    ///
    /// Its own label, not a second `predict(_:)`: two overloads of one name
    /// that differ only in the argument's type make Swift's type checker try
    /// both through every expression around the call (a line of lecture 05
    /// took 1 s to type-check with them, 20 ms without).
    public func predict(at x: [Double]) -> [Double] {
        require(inputs == 1 && outputs == 1, "predict(at:) is for networks with one input and one output; this one has \(inputs) and \(outputs): use predict(_ x: Matrix)")
        return predict(Matrix(column: x)).values
    }

    /// The old spelling of `predict(at:)`.
    @available(*, unavailable, renamed: "predict(at:)", message: "a network with one input takes a list of inputs as predict(at: xs); predict(_:) takes a Matrix with a row per input")
    public func predict(_ x: [Double]) -> [Double] { predict(at: x) }
}

/// The buffers of one forward and backward pass over a batch of at most `batch` rows.
struct Workspace {
    let batch: Int
    var input: UnsafeMutablePointer<Float>
    /// Each layer's outputs (after dropout while training).
    var activations: [UnsafeMutablePointer<Float>]
    /// The last layer's pre-activations (logits), for a stable cross-entropy.
    var logits: UnsafeMutablePointer<Float>
    var masks: [UnsafeMutablePointer<Float>?]
    /// ∂L/∂z of each layer, and ∂L/∂a of the layer below it.
    var deltas: [UnsafeMutablePointer<Float>]
    var weightGradients: [UnsafeMutablePointer<Float>]
    var biasGradients: [UnsafeMutablePointer<Float>]
    let weightCounts: [Int]
    let biasCounts: [Int]
    private var owned: [UnsafeMutablePointer<Float>] = []

    init(network: Network, batch: Int) {
        self.batch = batch
        var owned: [UnsafeMutablePointer<Float>] = []
        func buffer(_ n: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, n))
            p.initialize(repeating: 0, count: max(1, n))
            owned.append(p)
            return p
        }
        input = buffer(batch * network.inputs)
        activations = network.layers.map { buffer(batch * $0.units) }
        logits = buffer(batch * network.outputs)
        masks = network.layers.map { $0.dropout > 0 ? buffer(batch * $0.units) : nil }
        deltas = network.layers.map { buffer(batch * $0.units) }
        weightGradients = network.weights.map { buffer($0.count) }
        biasGradients = network.biases.map { buffer($0.count) }
        weightCounts = network.weights.map(\.count)
        biasCounts = network.biases.map(\.count)
        self.owned = owned
    }

    func release() { owned.forEach { $0.deallocate() } }

    /// a_l = f(a_{l−1} W_l + b_l), layer by layer, for the first `rows` rows of `input`.
    mutating func forward(_ net: Network, rows: Int, training: Bool, generator: UnsafeMutablePointer<Xoshiro256>?) {
        var below = UnsafePointer(input)
        var fanIn = net.inputs
        for (l, layer) in net.layers.enumerated() {
            let a = activations[l], units = layer.units
            net.weights[l].withUnsafeBufferPointer { w in
                BLAS.sgemm(below, w.baseAddress!, a, m: rows, n: units, k: fanIn)
            }
            net.biases[l].withUnsafeBufferPointer { b in
                let b = b.baseAddress!
                if units == 1 {
                    let b0 = b[0]
                    for r in 0..<rows { a[r] += b0 }
                } else {
                    for r in 0..<rows {
                        let row = a + r * units
                        for j in 0..<units { row[j] += b[j] }
                    }
                }
            }
            if l == net.layers.count - 1 { logits.update(from: a, count: rows * units) }
            layer.activation.apply(a, count: rows * units, width: units)
            if training, layer.dropout > 0, let mask = masks[l], let generator {
                let keep = 1 - layer.dropout, scale = Float(1 / keep)
                for i in 0..<(rows * units) {
                    mask[i] = generator.pointee.nextUniform() < keep ? scale : 0
                    a[i] *= mask[i]
                }
            }
            below = UnsafePointer(a)
            fanIn = units
        }
    }

    /// Gradients of the loss with respect to every weight and bias, from ∂L/∂z of
    /// the last layer (already in `deltas.last`).
    mutating func backward(_ net: Network, rows: Int) {
        for l in stride(from: net.layers.count - 1, through: 0, by: -1) {
            let layer = net.layers[l], units = layer.units
            let dz = deltas[l]
            if l < net.layers.count - 1 {
                // deltas[l] holds ∂L/∂a (after dropout): undo the mask, then f'.
                if let mask = masks[l] { for i in 0..<(rows * units) { dz[i] *= mask[i] } }
                layer.activation.backward(dz, activations: activations[l], count: rows * units, width: units)
            }
            let fanIn = l == 0 ? net.inputs : net.layers[l - 1].units
            let below = l == 0 ? UnsafePointer(input) : UnsafePointer(activations[l - 1])
            // ∂L/∂W = a_{l−1}ᵀ ∂L/∂z, ∂L/∂b = column sums of ∂L/∂z.
            BLAS.sgemm(below, dz, weightGradients[l], m: fanIn, n: units, k: rows, transposeA: true)
            columnSums(dz, rows: rows, width: units, into: biasGradients[l])
            if l > 0 {
                net.weights[l].withUnsafeBufferPointer { w in
                    BLAS.sgemm(dz, w.baseAddress!, deltas[l - 1], m: rows, n: fanIn, k: units, transposeB: true)
                }
            }
        }
    }
}
