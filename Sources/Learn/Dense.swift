import Stats

/// A fully connected layer: a = f(x W + b), with optional dropout on its output
/// while training.
public struct Dense: Sendable, Hashable {
    public var units: Int
    public var activation: Activation
    /// The fraction of this layer's outputs zeroed at random in each training
    /// step (inverted dropout: the rest are scaled by 1 / (1 − rate)).
    public var dropout: Double

    public init(_ units: Int, _ activation: Activation = .linear, dropout: Double = 0) {
        require(units > 0, "a Dense layer needs at least one unit")
        require((0..<1).contains(dropout), "dropout is a fraction in [0, 1)")
        self.units = units
        self.activation = activation
        self.dropout = dropout
    }
}
