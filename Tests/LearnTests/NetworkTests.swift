import Foundation
import Stats
import Testing
@testable import Learn

/// Networks: exact gradients (against finite differences), and learning what
/// they should (XOR, a noisy sine, E[Y|X] and the median).
@Suite struct NetworkTests {
    /// The loss of `net` on (x, y) in double precision through `predict`, for finite differences.
    static func lossByHand(_ net: Network, _ x: Matrix, _ y: Matrix, _ loss: Loss) -> Double {
        net.loss(x, y, loss)
    }

    /// ∂L/∂w from one backward pass, against central differences of the loss.
    static func checkGradients(layers: [Dense], loss: Loss, targets: (Int, Int) -> Double, l1: Double = 0, l2: Double = 0) {
        var g = Xoshiro256(seed: 11)
        let rows = 6, inputs = 3
        var net = Network(inputs: inputs, layers: layers, l1: l1, l2: l2, using: &g)
        // Biases off zero, so that no unit sits on a kink of its activation.
        for l in net.biases.indices { net.biases[l] = net.biases[l].map { _ in Float.random(in: -0.3...0.3, using: &g) } }
        let x = Matrix(rows: rows, columns: inputs, values: (0..<(rows * inputs)).map { _ in Double.random(in: -1...1, using: &g) })
        let y = Matrix(rows: rows, columns: net.outputs, values: (0..<(rows * net.outputs)).map { targets($0 / net.outputs, $0 % net.outputs) })
        var ws = Workspace(network: net, batch: rows)
        defer { ws.release() }
        for i in 0..<(rows * inputs) { ws.input[i] = Float(x.values[i]) }
        let yf = y.values.map(Float.init)
        ws.forward(net, rows: rows, training: false, generator: nil)
        _ = yf.withUnsafeBufferPointer { yp in
            loss.evaluate(a: ws.activations[layers.count - 1], z: ws.logits, y: yp.baseAddress!, grad: ws.deltas[layers.count - 1],
                          rows: rows, width: net.outputs, activation: layers[layers.count - 1].activation)
        }
        ws.backward(net, rows: rows)
        for l in layers.indices {
            for i in stride(from: 0, to: net.weights[l].count, by: max(1, net.weights[l].count / 7)) {
                var plus = net, minus = net
                let h: Float = 1e-3
                plus.weights[l][i] += h
                minus.weights[l][i] -= h
                let numeric = (lossByHand(plus, x, y, loss) - lossByHand(minus, x, y, loss)) / Double(2 * h)
                let penalty = 2 * l2 * Double(net.weights[l][i]) + l1 * (net.weights[l][i] > 0 ? 1 : -1)
                let analytic = Double(ws.weightGradients[l][i]) + penalty
                #expect(abs(numeric - analytic) < 2e-3 * max(1, abs(numeric)), "layer \(l) weight \(i): \(analytic) vs \(numeric)")
            }
            for i in net.biases[l].indices {
                var plus = net, minus = net
                plus.biases[l][i] += 1e-3
                minus.biases[l][i] -= 1e-3
                let numeric = (lossByHand(plus, x, y, loss) - lossByHand(minus, x, y, loss)) / 2e-3
                #expect(abs(numeric - Double(ws.biasGradients[l][i])) < 2e-3 * max(1, abs(numeric)), "layer \(l) bias \(i)")
            }
        }
    }

    @Test(arguments: [Activation.relu, .leakyReLU(slope: 0.1), .elu(), .tanh, .sigmoid, .linear])
    func gradientsMatchFiniteDifferences(activation: Activation) {
        Self.checkGradients(layers: [Dense(5, activation), Dense(4, activation), Dense(2)], loss: .meanSquaredError,
                            targets: { r, c in Double(r + c) / 10 })
    }

    @Test func tanhLayersAreWithinTwoUlpOfTheExactValue() {
        // Over the small-argument range, the middle and the saturated tails
        // (VectorMath.tanh, libmvec on x86-64); signs, zeros, infinities and NaN
        // as tanh has them; odd counts, so that the padded tail is covered.
        var points: [Float] = [0, -0.0, 1e-30, 3.9e-4, 4e-4, 4.1e-4, 0.5, 1, 2, 9, 9.1, 20, 100, 1e30]
        var g = Xoshiro256(seed: 3)
        for _ in 0..<20_001 { points.append(Float(Double.random(in: -12...12, using: &g))) }
        for _ in 0..<2001 { points.append(Float(exp(Double.random(in: -30...0, using: &g)))) }
        let all = points + points.map { -$0 }
        var a = all
        a.withUnsafeMutableBufferPointer { Activation.tanh.apply($0.baseAddress!, count: $0.count, width: 1) }
        for (z, t) in zip(all, a) {
            let exact = Float(Foundation.tanh(Double(z)))
            #expect(abs(t - exact) <= 2 * exact.ulp, "tanh(\(z)) = \(t), rounded exact \(exact)")
            #expect(t.sign == z.sign || t == 0)
            #expect(abs(t) <= 1)
        }
        var special: [Float] = [.infinity, -.infinity, .nan]
        special.withUnsafeMutableBufferPointer { Activation.tanh.apply($0.baseAddress!, count: 3, width: 3) }
        #expect(special[0] == 1 && special[1] == -1 && special[2].isNaN)
    }

    @Test func crossEntropyGradientsMatchFiniteDifferences() {
        Self.checkGradients(layers: [Dense(5, .tanh), Dense(1, .sigmoid)], loss: .binaryCrossEntropy, targets: { r, _ in Double(r % 2) })
        Self.checkGradients(layers: [Dense(5, .relu), Dense(3, .softmax)], loss: .categoricalCrossEntropy,
                            targets: { r, c in r % 3 == c ? 1 : 0 })
        Self.checkGradients(layers: [Dense(4, .tanh), Dense(2)], loss: .meanAbsoluteError, targets: { r, c in Double(r * c) })
        Self.checkGradients(layers: [Dense(4, .tanh), Dense(2)], loss: .meanSquaredError, targets: { r, c in Double(r - c) },
                            l1: 0.01, l2: 0.05)
        Self.checkGradients(layers: [Dense(5, .tanh), Dense(2)], loss: .gaussianNegativeLogLikelihood,
                            targets: { r, c in c == 0 ? Double(r) / 3 - 1 : 0 })
    }

    @Test func aGaussianPosteriorNetworkLearnsMeanAndWidth() {
        // y | x ~ N(sin x, (0.1 + 0.2 |x|)²): both the mean and the width depend on x.
        var g = Xoshiro256(seed: 14)
        let x = (0..<20_000).map { _ in Double.random(in: -2...2, using: &g) }
        let y = x.map { sin($0) + (0.1 + 0.2 * abs($0)) * Normal().sample(using: &g) }
        var net = Network(inputs: 1, layers: [Dense(32, .tanh), Dense(32, .tanh), Dense(2)], using: &g)
        net.train(Matrix(column: x), Matrix(column: y), loss: .gaussianNegativeLogLikelihood,
                  optimizer: .adam(learningRate: 0.003), epochs: 30, batchSize: 256, using: &g)
        let out = net.predict(Matrix(column: [-1.5, 0.3, 1.5]))
        for (i, xv) in [-1.5, 0.3, 1.5].enumerated() {
            #expect(abs(out[i, 0] - sin(xv)) < 0.05, "mean at \(xv)")
            #expect(abs(exp(out[i, 1]) / (0.1 + 0.2 * abs(xv)) - 1) < 0.15, "width at \(xv): \(exp(out[i, 1]))")
        }
    }

    @Test func learnsXOR() {
        var g = Xoshiro256(seed: 5)
        let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Matrix(column: [0, 1, 1, 0])
        var net = Network(inputs: 2, layers: [Dense(8, .tanh), Dense(1, .sigmoid)], using: &g)
        let history = net.train(x, y, loss: .binaryCrossEntropy, optimizer: .adam(learningRate: 0.05), epochs: 600, batchSize: 4, using: &g)
        let p = net.predict(x).values
        #expect(p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1, "\(p)")
        #expect(history.trainingLoss.last! < history.trainingLoss.first! / 10)
    }

    @Test func learnsANoisySine() {
        var g = Xoshiro256(seed: 8)
        let x = (0..<2000).map { _ in Double.random(in: -3...3, using: &g) }
        let y = x.map { sin($0) + Normal(0, 0.1).sample(using: &g) }
        var net = Network(inputs: 1, layers: [Dense(32, .tanh), Dense(32, .tanh), Dense(1)], using: &g)
        net.train(Matrix(column: x), Matrix(column: y), loss: .meanSquaredError, optimizer: .adam(learningRate: 0.01),
                  epochs: 60, batchSize: 64, using: &g)
        let grid = stride(from: -2.5, through: 2.5, by: 0.25).map { $0 }
        let worst = zip(net.predict(at: grid), grid).map { abs($0 - sin($1)) }.max()!
        #expect(worst < 0.08, "largest error \(worst)")
    }

    @Test func squaredErrorLearnsTheMeanAndAbsoluteErrorTheMedian() {
        // Y | X is exponential with rate 1: mean 1, median log 2, whatever X is.
        var g = Xoshiro256(seed: 21)
        let x = (0..<4000).map { _ in Double.random(in: 0...1, using: &g) }
        let y = Exponential(rate: 1).sample(count: x.count, using: &g)
        var mean = Network(inputs: 1, layers: [Dense(8, .relu), Dense(1)], using: &g)
        var median = Network(inputs: 1, layers: [Dense(8, .relu), Dense(1)], using: &g)
        mean.train(Matrix(column: x), Matrix(column: y), loss: .meanSquaredError, optimizer: .adam(learningRate: 0.01), epochs: 40, batchSize: 100, using: &g)
        median.train(Matrix(column: x), Matrix(column: y), loss: .meanAbsoluteError, optimizer: .adam(learningRate: 0.01), epochs: 40, batchSize: 100, using: &g)
        let m = mean.predict(at: [0.5])[0], q = median.predict(at: [0.5])[0]
        #expect(abs(m - 1) < 0.08, "mean \(m)")
        #expect(abs(q - log(2)) < 0.08, "median \(q)")
    }

    @Test func sameSeedSameNetwork() {
        func trained() -> [Float] {
            var g = Xoshiro256(seed: 3)
            var net = Network(inputs: 1, layers: [Dense(4, .relu, dropout: 0.2), Dense(1)], using: &g)
            net.train(Matrix(column: [0, 1, 2, 3]), Matrix(column: [0, 1, 4, 9]), loss: .meanSquaredError, epochs: 5, batchSize: 2, using: &g)
            return net.weights.flatMap { $0 }
        }
        #expect(trained() == trained())
    }

    @Test func earlyStoppingKeepsTheBestWeights() {
        // Few noisy points and a big network: validation loss turns up, training stops.
        var g = Xoshiro256(seed: 4)
        let x = (0..<60).map { _ in Double.random(in: -1...1, using: &g) }
        let y = x.map { $0 + Normal(0, 0.5).sample(using: &g) }
        var net = Network(inputs: 1, layers: [Dense(64, .relu), Dense(64, .relu), Dense(1)], using: &g)
        let h = net.train(Matrix(column: x), Matrix(column: y), loss: .meanSquaredError, optimizer: .adam(learningRate: 0.01),
                          epochs: 500, batchSize: 8, validationFraction: 0.3, patience: 10, using: &g)
        #expect(h.stoppedEarly)
        #expect(h.validationLoss.count < 500)
        #expect(h.validationLoss[h.bestEpoch] == h.validationLoss.min())
        #expect(h.validationLoss.count == h.bestEpoch + 1 + 10, "exactly `patience` epochs after the best one")
    }

    @Test func chosenWeightsGiveTheirFunction() {
        // Every weight 1, every bias 0: sigmoid(10 · max(0, x)).
        let net = Network(inputs: 1, layers: [Dense(10, .relu), Dense(1, .sigmoid)],
                          weights: [Array(repeating: 1, count: 10), Array(repeating: 1, count: 10)],
                          biases: [Array(repeating: 0, count: 10), [0]])
        #expect(net.parameterCount == (1 + 1) * 10 + (10 + 1) * 1)
        for x in [-2.0, 0, 0.05, 0.3] {
            #expect(abs(net.predict(at: [x])[0] - 1 / (1 + exp(-10 * max(0, x)))) < 1e-6)
        }
    }

    @Test func standardisedInputsAreRememberedForPrediction() {
        var g = Xoshiro256(seed: 9)
        let x = (0..<500).map { _ in Double.random(in: 1000...1010, using: &g) }
        let y = x.map { ($0 - 1005) / 5 }
        var net = Network(inputs: 1, layers: [Dense(1)], using: &g)
        net.train(Matrix(column: x), Matrix(column: y), loss: .meanSquaredError, optimizer: .adam(learningRate: 0.05),
                  epochs: 100, batchSize: 50, standardizeInputs: true, using: &g)
        #expect(net.standardizer != nil)
        #expect(abs(net.predict(at: [1008])[0] - 0.6) < 0.02)
    }
}
