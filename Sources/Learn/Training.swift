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
        precondition(x.rows == y.rows, "x has \(x.rows) rows but y has \(y.rows)")
        precondition(x.columns == inputs, "the network takes \(inputs) inputs; x has \(x.columns) columns")
        precondition(y.columns == outputs, "the network has \(outputs) outputs; y has \(y.columns) columns")
        if let needed = loss.requiredActivation {
            precondition(layers[layers.count - 1].activation == needed,
                         "\(loss) needs a \(needed) output layer; make the last layer Dense(\(outputs), .\(needed))")
        }
        precondition(epochs >= 0 && batchSize > 0 && (0..<1).contains(validationFraction), "bad training options")

        var g = Xoshiro256(seed: generator.next())
        var order = Array(0..<x.rows)
        order.shuffle(using: &g)
        let validationCount = Int(Double(x.rows) * validationFraction)
        let validationRows = Array(order.prefix(validationCount))
        var trainingRows = Array(order.dropFirst(validationCount))
        precondition(!trainingRows.isEmpty, "no rows left to train on")

        if standardizeInputs {
            var picked = Matrix(rows: trainingRows.count, columns: inputs)
            for (i, r) in trainingRows.enumerated() { for j in 0..<inputs { picked.values[i * inputs + j] = x.values[r * inputs + j] } }
            standardizer = Standardizer(fitting: picked)
        }
        let xs = (standardizer?.apply(x) ?? x).values.map(Float.init)
        let ys = y.values.map(Float.init)
        let batch = min(batchSize, trainingRows.count)
        var workspace = Workspace(network: self, batch: max(batch, min(validationCount, 4096)))
        defer { workspace.release() }
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: workspace.batch * outputs)
        defer { targets.deallocate() }
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
                gather(trainingRows[start..<(start + n)], xs, ys, into: workspace.input, targets)
                withUnsafeMutablePointer(to: &g) { gp in workspace.forward(self, rows: n, training: true, generator: gp) }
                total += loss.evaluate(a: workspace.activations[layers.count - 1], z: workspace.logits, y: targets,
                                       grad: workspace.deltas[layers.count - 1], rows: n, width: outputs, activation: lastActivation)
                workspace.backward(self, rows: n)
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
            let validation = evaluate(validationRows, xs, ys, loss: loss, workspace: &workspace, targets: targets)
            history.validationLoss.append(validation)
            if validation < best.loss {
                best = (validation, weights, biases)
                sinceBest = 0
            } else if let patience {
                sinceBest += 1
                if sinceBest > patience {
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
        var workspace = Workspace(network: self, batch: min(4096, max(1, x.rows)))
        defer { workspace.release() }
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: workspace.batch * outputs)
        defer { targets.deallocate() }
        return evaluate(Array(0..<x.rows), input.values.map(Float.init), y.values.map(Float.init), loss: loss,
                        workspace: &workspace, targets: targets)
    }

    private func evaluate(_ rows: [Int], _ xs: [Float], _ ys: [Float], loss: Loss, workspace: inout Workspace,
                          targets: UnsafeMutablePointer<Float>) -> Double {
        var total = 0.0
        var start = 0
        while start < rows.count {
            let n = min(workspace.batch, rows.count - start)
            gather(rows[start..<(start + n)], xs, ys, into: workspace.input, targets)
            workspace.forward(self, rows: n, training: false, generator: nil)
            total += Double(n) * loss.evaluate(a: workspace.activations[layers.count - 1], z: workspace.logits, y: targets, grad: nil,
                                               rows: n, width: outputs, activation: layers[layers.count - 1].activation)
            start += n
        }
        return total / Double(max(1, rows.count)) + penalty
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

    private func gather(_ rows: ArraySlice<Int>, _ xs: [Float], _ ys: [Float], into input: UnsafeMutablePointer<Float>,
                        _ targets: UnsafeMutablePointer<Float>) {
        let ni = inputs, no = outputs
        xs.withUnsafeBufferPointer { x in
            ys.withUnsafeBufferPointer { y in
                var i = 0
                for r in rows {
                    (input + i * ni).update(from: x.baseAddress! + r * ni, count: ni)
                    (targets + i * no).update(from: y.baseAddress! + r * no, count: no)
                    i += 1
                }
            }
        }
    }
}
