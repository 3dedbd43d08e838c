import Stats

/// A fully connected layer: a = f(x W + b), with optional dropout on its output
/// while training.
public struct Dense: Sendable, Hashable {
    /// The number of outputs.
    public var units: Int
    /// f, applied to each output.
    public var activation: Activation
    /// The fraction of this layer's outputs zeroed at random in each training
    /// step (inverted dropout: the rest are scaled by 1 / (1 − rate)).
    public var dropout: Double

    /// A layer of `units` outputs a = f(xW + b), with `dropout` of them zeroed at random while training.
    ///
    ///     Network(inputs: 2, layers: [Dense(16, .relu), Dense(1, .sigmoid)], using: &rng)
    public init(_ units: Int, _ activation: Activation = .linear, dropout: Double = 0) {
        require(units > 0, "Dense needs at least one unit, not \(units)")
        require((0..<1).contains(dropout), "Dense: dropout is the fraction of outputs zeroed, in [0, 1), not \(dropout)")
        self.units = units
        self.activation = activation
        self.dropout = dropout
    }
}
