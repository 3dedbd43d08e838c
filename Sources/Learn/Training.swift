import Foundation
import Stats

/// The loss per epoch, what a cell plots as learning curves.
public struct TrainingHistory: Sendable, Hashable {
    /// Mean training loss over each epoch's batches (penalty included).
    public var trainingLoss: [Double] = []
    /// Loss on the held-out validation rows after each epoch (empty without a validation split).
    public var validationLoss: [Double] = []
    /// The epoch (0-based) whose weights the network keeps: the last one, or the
    /// best on validation when early stopping is on.
    public var bestEpoch = 0
    /// Whether early stopping ended training before the last epoch.
    public var stoppedEarly = false
}

extension Network {
    /// Trains on rows of `x` with targets `y` by mini-batch gradient descent.
    ///
    /// - `validationFraction`: rows held out (chosen at random) for `validationLoss`.
    /// - `patience`: with a validation split, stop after this many epochs without
    ///   a better validation loss and keep the best weights (early stopping).
    /// - `standardizeInputs`: fit a `Standardizer` on the training rows; `predict` applies it.
    /// - Shuffling, the split and dropout draw from `generator`: the same seed gives the same network.
    @discardableResult
    public mutating func train(_ x: Matrix, _ y: Matrix, loss: Loss, optimizer: Optimizer = .adam(), epochs: Int,
                               batchSize: Int = 32, validationFraction: Double = 0, patience: Int? = nil,
                               standardizeInputs: Bool = false, using generator: inout some RandomNumberGenerator) -> TrainingHistory {
        require(x.rows == y.rows, "x has \(x.rows) rows but y has \(y.rows)")
        require(x.columns == inputs, "the network takes \(inputs) inputs; x has \(x.columns) columns")
        if loss == .gaussianNegativeLogLikelihood {
            require(outputs == 2 && y.columns == 1,
                         "the Gaussian negative log-likelihood needs two outputs (mean, log width) and one target column")
        } else {
            require(y.columns == outputs, "the network has \(outputs) outputs; y has \(y.columns) columns")
        }
        let y = paddedTargets(y)
        if let needed = loss.requiredActivation {
            require(layers[layers.count - 1].activation == needed,
                         "\(loss) needs a \(needed) output layer; make the last layer Dense(\(outputs), .\(needed))")
        }
        require(epochs >= 0 && batchSize > 0 && (0..<1).contains(validationFraction), "train needs epochs ≥ 0, batchSize > 0 and validationFraction in [0, 1), not \(epochs), \(batchSize) and \(validationFraction)")

        var g = Xoshiro256(seed: generator.next())
        var order = Array(0..<x.rows)
        order.shuffle(using: &g)
        let validationCount = Int(Double(x.rows) * validationFraction)
        let validationRows = Array(order.prefix(validationCount))
        var trainingRows = Array(order.dropFirst(validationCount))
        require(!trainingRows.isEmpty, "train: validationFraction \(validationFraction) of \(x.rows) rows leaves none to train on; use a smaller fraction")

        if standardizeInputs {
            var picked = Matrix(rows: trainingRows.count, columns: inputs)
            for (i, r) in trainingRows.enumerated() { for j in 0..<inputs { picked.values[i * inputs + j] = x.values[r * inputs + j] } }
            standardizer = Standardizer(fitting: picked)
        }
        let table = interleaved((standardizer?.apply(x) ?? x).values, y.values)
        let batch = min(batchSize, trainingRows.count)
        // Large batches are split in two halves that run on two threads, each with
        // its own buffers and dropout stream; the gradients are added. The split
        // does not depend on the machine, so the same seed gives the same network.
        let shards = batch >= 256 ? 2 : 1
        let shardRows = (batch + shards - 1) / shards
        let shardSeed = g.next()
        let parts = (0..<shards).map { k in
            Shard(network: self, batch: max(shardRows, min(validationCount, 4096)), outputs: outputs, seed: shardSeed &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
        }
        defer { parts.forEach { $0.release() } }
        var workspace: Workspace { parts[0].workspace }
        var states = weights.map { OptimizerState(count: $0.count) }
        var biasStates = biases.map { OptimizerState(count: $0.count) }
        let lastActivation = layers[layers.count - 1].activation

        var history = TrainingHistory()
        var best = (loss: Double.infinity, weights: weights, biases: biases)
        var sinceBest = 0
        for epoch in 0..<epochs {
            trainingRows.shuffle(using: &g)
            var total = 0.0, batches = 0
            var start = 0
            while start < trainingRows.count {
                let n = min(batch, trainingRows.count - start)
                let net = self, rows = trainingRows, half = (n + shards - 1) / shards, first = start
                Parallel.forEach(shards) { k in
                    let from = first + k * half, to = min(first + n, from + half)
                    guard from < to else { parts[k].loss = 0; parts[k].rows = 0; return }
                    parts[k].step(net, rows: rows[from..<to], batchRows: n, table: table, loss: loss, activation: lastActivation)
                }
                for k in 1..<shards where parts[k].rows > 0 { parts[0].add(parts[k]) }
                total += parts.reduce(0) { $0 + $1.loss }
                total += applyPenalty(workspace.weightGradients)
                for l in layers.indices {
                    weights[l].withUnsafeMutableBufferPointer { w in
                        states[l].update(w.baseAddress!, workspace.weightGradients[l], count: w.count, optimizer: optimizer)
                    }
                    biases[l].withUnsafeMutableBufferPointer { b in
                        biasStates[l].update(b.baseAddress!, workspace.biasGradients[l], count: b.count, optimizer: optimizer)
                    }
                }
                batches += 1
                start += n
            }
            history.trainingLoss.append(total / Double(max(1, batches)))
            history.bestEpoch = epoch
            guard validationCount > 0 else { continue }
            let validation = evaluate(validationRows, table, loss: loss, workspace: &parts[0].workspace, targets: parts[0].targets)
            history.validationLoss.append(validation)
            if validation < best.loss {
                best = (validation, weights, biases)
                sinceBest = 0
            } else if let patience {
                sinceBest += 1
                // `patience` epochs in a row without a better validation loss: stop.
                if sinceBest >= patience {
                    history.stoppedEarly = true
                    break
                }
            }
        }
        if patience != nil, validationCount > 0, best.loss.isFinite {
            weights = best.weights
            biases = best.biases
            history.bestEpoch = history.validationLoss.firstIndex(of: best.loss) ?? history.bestEpoch
        }
        return history
    }

    /// Trains with the lecture's generator.
    @discardableResult
    public mutating func train(_ x: Matrix, _ y: Matrix, loss: Loss, optimizer: Optimizer = .adam(), epochs: Int,
                               batchSize: Int = 32, validationFraction: Double = 0, patience: Int? = nil,
                               standardizeInputs: Bool = false) -> TrainingHistory {
        var g = LectureRandom()
        return train(x, y, loss: loss, optimizer: optimizer, epochs: epochs, batchSize: batchSize,
                     validationFraction: validationFraction, patience: patience, standardizeInputs: standardizeInputs, using: &g)
    }

    /// Trains a one-input, one-output network on pairs (x[i], y[i]).
    @discardableResult
    public mutating func train(_ x: [Double], _ y: [Double], loss: Loss, optimizer: Optimizer = .adam(), epochs: Int,
                               batchSize: Int = 32, validationFraction: Double = 0, patience: Int? = nil,
                               standardizeInputs: Bool = false) -> TrainingHistory {
        train(Matrix(column: x), Matrix(column: y), loss: loss, optimizer: optimizer, epochs: epochs, batchSize: batchSize,
              validationFraction: validationFraction, patience: patience, standardizeInputs: standardizeInputs)
    }

    /// The loss on `x`, `y` as training computes it (no dropout, penalty included).
    public func loss(_ x: Matrix, _ y: Matrix, _ loss: Loss) -> Double {
        let input = standardizer.map { $0.apply(x) } ?? x
        let y = paddedTargets(y)
        var workspace = Workspace(network: self, batch: min(4096, max(1, x.rows)))
        defer { workspace.release() }
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: workspace.batch * outputs)
        defer { targets.deallocate() }
        return evaluate(Array(0..<x.rows), interleaved(input.values, y.values), loss: loss,
                        workspace: &workspace, targets: targets)
    }

    func evaluate(_ rows: [Int], _ table: [Float], loss: Loss, workspace: inout Workspace,
                          targets: UnsafeMutablePointer<Float>) -> Double {
        var total = 0.0
        var start = 0
        while start < rows.count {
            let n = min(workspace.batch, rows.count - start)
            gather(rows[start..<(start + n)], table, into: workspace.input, targets)
            workspace.forward(self, rows: n, training: false, generator: nil)
            total += Double(n) * loss.evaluate(a: workspace.activations[layers.count - 1], z: workspace.logits, y: targets, grad: nil,
                                               rows: n, width: outputs, activation: layers[layers.count - 1].activation)
            start += n
        }
        return total / Double(max(1, rows.count)) + penalty
    }

    /// Targets stored one per output: a one-column target (the Gaussian
    /// negative log-likelihood's) is padded with zeros.
    private func paddedTargets(_ y: Matrix) -> Matrix {
        guard y.columns != outputs else { return y }
        return Matrix(rows: y.rows, columns: outputs,
                      values: y.values.flatMap { [$0] + [Double](repeating: 0, count: outputs - 1) })
    }

    /// λ₁ Σ|w| + λ₂ Σ w².
    var penalty: Double {
        guard l1 != 0 || l2 != 0 else { return 0 }
        var total = 0.0
        for w in weights {
            for v in w {
                let d = Double(v)
                total += l1 * abs(d) + l2 * d * d
            }
        }
        return total
    }

    /// Adds the penalty's gradient to the weight gradients; returns the penalty.
    private func applyPenalty(_ gradients: [UnsafeMutablePointer<Float>]) -> Double {
        guard l1 != 0 || l2 != 0 else { return 0 }
        let a = Float(l1), b = Float(2 * l2)
        for (l, w) in weights.enumerated() {
            let g = gradients[l]
            for i in w.indices { g[i] += b * w[i] + (w[i] > 0 ? a : (w[i] < 0 ? -a : 0)) }
        }
        return penalty
    }

    /// Rows of inputs `x` (`inputs` a row) and targets `y` (`outputs` a row)
    /// side by side in one array, each input row followed by its targets: a
    /// shuffled batch then reads one place in memory per row, not two.
    func interleaved(_ x: [Double], _ y: [Double]) -> [Float] {
        let ni = inputs, no = outputs, rows = x.count / max(1, ni)
        var table = [Float](repeating: 0, count: rows * (ni + no))
        for r in 0..<rows {
            for k in 0..<ni { table[r * (ni + no) + k] = Float(x[r * ni + k]) }
            for k in 0..<no { table[r * (ni + no) + ni + k] = Float(y[r * no + k]) }
        }
        return table
    }

    /// Copies `rows` of `table` (see `interleaved`) into a batch's inputs and targets.
    func gather(_ rows: ArraySlice<Int>, _ table: [Float], into input: UnsafeMutablePointer<Float>,
                _ targets: UnsafeMutablePointer<Float>) {
        table.withUnsafeBufferPointer { t in
            guard let base = t.baseAddress else { return }
            rows.withUnsafeBufferPointer { r in
                VectorMath.gatherRows(base, rows: r, inputs: inputs, outputs: outputs, into: input, targets)
            }
        }
    }
}

/// One thread's share of a training batch: its buffers, its dropout stream and
/// its share of the loss.
final class Shard: @unchecked Sendable {
    var workspace: Workspace
    let targets: UnsafeMutablePointer<Float>
    var generator: Xoshiro256
    var loss = 0.0
    var rows = 0

    init(network: Network, batch: Int, outputs: Int, seed: UInt64) {
        workspace = Workspace(network: network, batch: batch)
        targets = .allocate(capacity: batch * outputs)
        generator = Xoshiro256(seed: seed)
    }

    func release() {
        workspace.release()
        targets.deallocate()
    }

    /// Forward and backward over `rows`, as part of a batch of `batchRows`.
    func step(_ net: Network, rows: ArraySlice<Int>, batchRows: Int, table: [Float], loss: Loss, activation: Activation) {
        let n = rows.count, last = net.layers.count - 1
        net.gather(rows, table, into: workspace.input, targets)
        withUnsafeMutablePointer(to: &generator) { workspace.forward(net, rows: n, training: true, generator: $0) }
        self.loss = loss.evaluate(a: workspace.activations[last], z: workspace.logits, y: targets, grad: workspace.deltas[last],
                                  rows: n, batchRows: batchRows, width: net.outputs, activation: activation)
        workspace.backward(net, rows: n)
        self.rows = n
    }

    /// Adds another shard's gradients to this one's.
    func add(_ other: Shard) {
        for l in workspace.weightGradients.indices {
            let a = workspace.weightGradients[l], b = other.workspace.weightGradients[l]
            for i in 0..<workspace.weightCounts[l] { a[i] += b[i] }
            let c = workspace.biasGradients[l], d = other.workspace.biasGradients[l]
            for i in 0..<workspace.biasCounts[l] { c[i] += d[i] }
        }
    }
}
