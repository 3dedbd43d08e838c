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
    /// Each vector node's adjoint; empty while nothing has reached it (all
    /// zeros: its backward step then has nothing to pass on), so a node
    /// whose adjoint is one other array's (a sum's inputs, a mixture's
    /// components when the mixture's adjoint is 1) shares that array instead
    /// of zeroing and adding into a copy.
    private(set) var vectorAdjoints: [[Double]] = []
    /// The length of each vector node.
    private var vectorCounts: [Int] = []
    /// Whether each vector adjoint is storage this tape made for it (added
    /// into in place, recycled on reset) rather than an array it shares.
    private var ownsAdjoint: [Bool] = []
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
        for i in vectorAdjoints.indices where ownsAdjoint[i] { pool.append(vectorAdjoints[i]) }
        held.removeAll(keepingCapacity: true)
        vectorAdjoints.removeAll(keepingCapacity: true)
        vectorCounts.removeAll(keepingCapacity: true)
        ownsAdjoint.removeAll(keepingCapacity: true)
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
        vectorAdjoints.append([])
        vectorCounts.append(count)
        ownsAdjoint.append(false)
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

    /// adjᵢ += c·xᵢ (x often another node's adjoint); a node with no adjoint
    /// yet shares x's storage when c = 1 (the product would be x itself, bit
    /// for bit).
    func addToVectorAdjoint(_ index: Int, _ x: [Double], times c: Double = 1) {
        if c == 1, vectorAdjoints[index].isEmpty {
            vectorAdjoints[index] = x
        } else {
            x.withUnsafeBufferPointer { x in accumulate(index) { c * x[$0] } }
        }
    }

    /// adjᵢ += `term(i)` for every entry i of vector node `index`. The first
    /// contribution is written, not added to zeros (the same numbers, up to
    /// the sign of an exact zero); a shared adjoint gets storage of its own
    /// before anything is added to it.
    @inline(__always) func accumulate(_ index: Int, _ term: (Int) -> Double) {
        let n = vectorCounts[index]
        if ownsAdjoint[index] {
            vectorAdjoints[index].withUnsafeMutableBufferPointer { a in for i in 0..<n { a[i] += term(i) } }
            return
        }
        var b = scratch(count: n)
        let old = vectorAdjoints[index]
        b.withUnsafeMutableBufferPointer { b in
            if old.isEmpty {
                for i in 0..<n { b[i] = term(i) }
            } else {
                old.withUnsafeBufferPointer { old in for i in 0..<n { b[i] = old[i] + term(i) } }
            }
        }
        vectorAdjoints[index] = b
        ownsAdjoint[index] = true
    }
}
