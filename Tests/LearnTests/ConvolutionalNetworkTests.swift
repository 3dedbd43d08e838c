import Foundation
import Stats
import Testing
@testable import Learn

@Suite struct ConvolutionalNetworkTests {
    @Test func shapesAndParameterCountFollowTheFormulas() {
        var g = Xoshiro256(seed: 1)
        let net = ConvolutionalNetwork(input: ImageShape(height: 16, width: 16), layers: [
            .conv(Conv2D(8, kernel: 3, padding: 1)), .maxPool(MaxPool(2)),
            .conv(Conv2D(16, kernel: 3, stride: 2, padding: 1)), .flatten,
            .dense(Dense(32, .relu)), .dense(Dense(1, .sigmoid)),
        ], using: &g)
        // Side ⌊(n + 2p − k)/s⌋ + 1: 16 → 16 → 8 (pool) → 4; parameters k²·C·F + F per convolution.
        #expect(net.shapes.map(\.height) == [16, 8, 4, 1, 1, 1])
        #expect(net.shapes.map(\.channels) == [8, 8, 16, 256, 32, 1])
        #expect(net.parameterCount == (9 * 1 * 8 + 8) + (9 * 8 * 16 + 16) + (256 * 32 + 32) + (32 + 1))
        #expect(Conv2D(4, kernel: 5, stride: 2).output(ImageShape(height: 28, width: 20, channels: 3)) == ImageShape(height: 12, width: 8, channels: 4))
    }

    @Test func theConvolutionIsTheDirectSum() {
        // im2col + sgemm against the textbook loop, with stride and padding, two input channels.
        var g = Xoshiro256(seed: 2)
        let shape = ImageShape(height: 7, width: 6, channels: 2), conv = Conv2D(3, kernel: 3, stride: 2, padding: 1, .linear)
        let net = ConvolutionalNetwork(input: shape, layers: [.conv(conv), .flatten, .dense(Dense(1, .sigmoid))], using: &g)
        let rows = 2
        let x = (0..<(rows * shape.count)).map { _ in Double.random(in: -1...1, using: &g) }
        let pass = Pass(network: net, batch: rows)
        defer { pass.release() }
        for i in x.indices { pass.input[i] = Float(x[i]) }
        pass.forward(net, rows: rows)
        let out = conv.output(shape)
        var worst = 0.0
        for b in 0..<rows {
            for oh in 0..<out.height {
                for ow in 0..<out.width {
                    for f in 0..<conv.filters {
                        var sum = Double(net.biases[0][f])
                        for kh in 0..<3 {
                            for kw in 0..<3 {
                                let ih = oh * 2 - 1 + kh, iw = ow * 2 - 1 + kw
                                guard (0..<shape.height).contains(ih), (0..<shape.width).contains(iw) else { continue }
                                for c in 0..<2 {
                                    let w = Double(net.weights[0][((kh * 3 + kw) * 2 + c) * conv.filters + f])
                                    sum += w * x[b * shape.count + (ih * shape.width + iw) * 2 + c]
                                }
                            }
                        }
                        let got = Double(pass.outputs[0][b * out.count + (oh * out.width + ow) * conv.filters + f])
                        worst = max(worst, abs(got - sum))
                    }
                }
            }
        }
        #expect(worst < 1e-5)
    }

    @Test func maxPoolingKeepsTheLargestOfEachWindow() {
        let pool = MaxPool(2)
        let shape = ImageShape(height: 2, width: 4)
        let x: [Float] = [1, 5, 2, 0,
                          3, 4, 8, 7]
        var y = [Float](repeating: 0, count: 2), winners = [Int32](repeating: 0, count: 2)
        x.withUnsafeBufferPointer { xp in pool.forward(xp.baseAddress!, rows: 1, input: shape, into: &y, winners: &winners) }
        #expect(y == [5, 8] && winners == [1, 6])
        var dx = [Float](repeating: 9, count: 8)
        [Float(0.5), -1].withUnsafeBufferPointer { dy in
            winners.withUnsafeBufferPointer { w in pool.backward(dy.baseAddress!, rows: 1, input: shape, winners: w.baseAddress!, into: &dx) }
        }
        #expect(dx == [0, 0.5, 0, 0, 0, 0, -1, 0])
    }

    /// Every weight and bias of a network with a strided, padded convolution,
    /// pooling and two dense layers, against central differences of the loss.
    /// 6 × 6 images are unfolded all at once; 24 × 24 ones three images per
    /// chunk (two chunks), and without pooling, whose kinks would be many there.
    @Test(arguments: [6, 24])
    func gradientsMatchFiniteDifferences(side: Int) {
        var g = Xoshiro256(seed: 3)
        let shape = ImageShape(height: side, width: side, channels: 2)
        let pooling: [ImageLayer] = side <= 6 ? [.maxPool(MaxPool(2))] : []
        var net = ConvolutionalNetwork(input: shape, layers: [.conv(Conv2D(3, kernel: 3, stride: 1, padding: 1, .tanh))] + pooling + [
            .conv(Conv2D(2, kernel: 2, stride: 2, padding: 1, .tanh)), .flatten,
            .dense(Dense(4, .tanh)), .dense(Dense(1, .sigmoid)),
        ], using: &g)
        // Small first-layer weights keep tanh off its plateaus, where pooling
        // windows would hold near-ties and the loss a kink within ±h.
        net.weights[0] = net.weights[0].map { $0 * 0.5 }
        let rows = 4
        let images = Matrix(rows: rows, columns: shape.count, values: (0..<(rows * shape.count)).map { _ in Double.random(in: -1...1, using: &g) })
        let labels: [Double] = [1, 0, 1, 0]
        let analytic = net.lossAndGradients(images, labels)
        let h: Float = 2e-3
        var checked = 0, kinked = 0
        for l in net.weights.indices {
            for (isBias, count) in [(false, net.weights[l].count), (true, net.biases[l].count)] {
                for i in 0..<count {
                    func loss(_ delta: Float) -> Double {
                        var copy = net
                        if isBias { copy.biases[l][i] += delta } else { copy.weights[l][i] += delta }
                        return copy.lossAndGradients(images, labels).loss
                    }
                    let coarse = (loss(h) - loss(-h)) / Double(2 * h), fine = (loss(h / 2) - loss(-h / 2)) / Double(h)
                    let exact = Double(isBias ? analytic.biases[l][i] : analytic.weights[l][i])
                    // Where a pooling window's winner changes within ±h the loss has a
                    // kink and the two differences disagree: no derivative to compare.
                    if abs(coarse - fine) > 0.01 * max(1e-2, abs(fine)) { kinked += 1; continue }
                    // Relative, with a floor for gradients near zero, where single-precision noise dominates.
                    let error = abs(fine - exact) / max(1e-2, abs(fine) + abs(exact))
                    #expect(error < 0.02, "layer \(l) \(isBias ? "bias" : "weight") \(i): \(exact) against \(fine)")
                    checked += 1
                }
            }
        }
        #expect(checked + kinked == net.parameterCount)
        #expect(kinked * 10 < net.parameterCount, "\(kinked) of \(net.parameterCount) parameters sit at a kink")
    }

    @Test func aSmallNetworkLearnsToTellTopJetsFromQCD() {
        var g = Xoshiro256(seed: 4)
        func sample(_ n: Int) -> (Matrix, [Double]) {
            let top = ToyJetImages.sample(n, top: true, using: &g), qcd = ToyJetImages.sample(n, top: false, using: &g)
            return (Matrix(rows: 2 * n, columns: 256, values: top.values + qcd.values), Array(repeating: 1, count: n) + Array(repeating: 0, count: n))
        }
        let (train, labels) = sample(2000), (test, truth) = sample(1000)
        var net = ConvolutionalNetwork(input: ImageShape(height: 16, width: 16), layers: [
            .conv(Conv2D(4, kernel: 3, padding: 1)), .maxPool(MaxPool(2)), .flatten,
            .dense(Dense(16, .relu)), .dense(Dense(1, .sigmoid)),
        ], using: &g)
        let before = ROCCurve(scores: net.probability(test), labels: truth.map { $0 == 1 }).area
        // Batches of 64 are split between two threads (at least 32 images each).
        let history = net.train(train, labels, optimizer: .adam(learningRate: 3e-3), epochs: 6, batchSize: 64, using: &g)
        let after = ROCCurve(scores: net.probability(test), labels: truth.map { $0 == 1 }).area
        #expect(history.trainingLoss.last! < history.trainingLoss.first!)
        #expect(after > 0.85 && after > before + 0.05, "test AUC \(after) (before training \(before))")
    }
}

extension ConvolutionalNetworkTests {
    @Test func trainingIsTheSameWhateverTheThreadsDo() {
        var g = Xoshiro256(seed: 6)
        let images = ToyJetImages.sample(256, top: true, using: &g), other = ToyJetImages.sample(256, top: false, using: &g)
        let x = Matrix(rows: 512, columns: 256, values: images.values + other.values)
        let y = [Double](repeating: 1, count: 256) + [Double](repeating: 0, count: 256)
        func trained() -> [[Float]] {
            var g = Xoshiro256(seed: 7)
            var net = ConvolutionalNetwork(input: ImageShape(height: 16, width: 16), layers: [
                .conv(Conv2D(4, kernel: 3, padding: 1)), .maxPool(MaxPool(2)), .flatten, .dense(Dense(1, .sigmoid)),
            ], using: &g)
            net.train(x, y, epochs: 2, batchSize: 128, using: &g)
            return net.weights
        }
        #expect(trained() == trained())
    }
}

@Suite struct ToyJetImageTests {
    @Test func imagesArePreprocessedJets() {
        var g = Xoshiro256(seed: 5)
        for top in [true, false] {
            let images = ToyJetImages.sample(200, top: top, using: &g)
            #expect(images.rows == 200 && images.columns == 256)
            for r in 0..<images.rows {
                let row = images.values[(r * 256)..<((r + 1) * 256)]
                #expect(row.allSatisfy { $0 >= 0 })
                #expect(abs(row.reduce(0, +) - 1) < 0.05, "pixel values are momentum fractions (a little falls outside the window)")
            }
            // The hardest prong is centred: the central 2 × 2 pixels hold the most on average.
            var mean = [Double](repeating: 0, count: 256)
            for (i, v) in images.values.enumerated() { mean[i % 256] += v / 200 }
            let middle: [Int] = [119, 120, 135, 136]  // rows 7 and 8, columns 7 and 8
            let centre = middle.map { mean[$0] }.min()!
            #expect(mean.sorted(by: >)[3] <= centre + 1e-12)
            // The second prong points up: more above the centre than below it.
            let above: Double = mean[0..<(7 * 16)].reduce(0, +)
            let below: Double = mean[(9 * 16)...].reduce(0, +)
            #expect(above > 2 * below)
        }
    }
}
