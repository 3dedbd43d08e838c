/// The record of one evaluation of a model's log density, for reverse-mode
/// automatic differentiation: every scalar (`Real`) and vector (`Reals`) value
/// computed from the parameters, and for each operation how to send the
/// adjoint of its output back to its inputs (Griewank & Walther, *Evaluating
/// Derivatives*, ch. 3). One tape belongs to one chain; it is reset, keeping
/// its storage, before each evaluation.
public final class Tape {
    enum Step {
        /// out = f(a): adj[a] += da · adj[out].
        case unary(out: Int, a: Int, da: Double)
        /// out = f(a, b).
        case binary(out: Int, a: Int, da: Double, b: Int, db: Double)
        /// Anything else, usually a vector operation with analytic partials.
        case custom((Tape) -> Void)
    }

    var values: [Double] = []
    var adjoints: [Double] = []
    var vectorAdjoints: [[Double]] = []
    var steps: [Step] = []
    /// Vectors this evaluation uses, returned to `pool` on reset: a chain
    /// makes the same vectors on every evaluation, so after the first one no
    /// memory is allocated (fresh 16 KB arrays cost the kernel a page fault each).
    private var held: [[Double]] = []
    private var pool: [[Double]] = []

    init() {}

    func reset() {
        steps.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        adjoints.removeAll(keepingCapacity: true)
        pool.append(contentsOf: held)
        pool.append(contentsOf: vectorAdjoints)
        held.removeAll(keepingCapacity: true)
        vectorAdjoints.removeAll(keepingCapacity: true)
    }

    /// `count` zeros in a recycled array.
    func buffer(count: Int) -> [Double] {
        var b = scratch(count: count)
        b.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        return b
    }

    /// `count` doubles in a recycled array, not cleared: for a caller that
    /// writes every entry before reading any (a node's values and partials).
    func scratch(count: Int) -> [Double] {
        guard let b = pool.popLast(), b.count == count else { return [Double](repeating: 0, count: count) }
        return b
    }

    /// Keeps `b` to recycle it at the next reset.
    @inline(__always) func hold(_ b: [Double]) { held.append(b) }

    /// A new scalar node (an input when no step points at it).
    @inline(__always) func scalar(_ value: Double) -> Int {
        values.append(value)
        adjoints.append(0)
        return values.count - 1
    }

    /// A new vector node of `count` entries; its adjoint starts at zero.
    func vector(count: Int) -> Int {
        vectorAdjoints.append(buffer(count: count))
        return vectorAdjoints.count - 1
    }

    @inline(__always) func record(_ step: Step) { steps.append(step) }

    /// Runs the steps backwards from `output` (adjoint 1) and returns the
    /// adjoints of the first `inputs` scalar nodes: the gradient.
    func gradient(of output: Int, inputs: Int) -> [Double] {
        adjoints[output] = 1
        for step in steps.reversed() {
            switch step {
            case let .unary(out, a, da):
                adjoints[a] += da * adjoints[out]
            case let .binary(out, a, da, b, db):
                let g = adjoints[out]
                adjoints[a] += da * g
                adjoints[b] += db * g
            case let .custom(back):
                back(self)
            }
        }
        return Array(adjoints[0..<inputs])
    }

    /// Adds to the adjoint of vector node `index` in place.
    @inline(__always) func addToVectorAdjoint(_ index: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) {
        vectorAdjoints[index].withUnsafeMutableBufferPointer { body($0) }
    }
}
