import Foundation
import Stats
import Testing
@testable import Learn

/// Logistic regression, trees, boosting and neighbours against exact answers.
@Suite struct LearnerTests {
    /// Two-dimensional events: signal N((1, 1), 1), background N((−1, −1), 1);
    /// the exact log likelihood ratio is 2(x₁ + x₂).
    static func gaussians(_ n: Int, seed: UInt64) -> (x: Matrix, y: [Bool], llr: [Double]) {
        var g = Xoshiro256(seed: seed)
        var values: [Double] = [], labels: [Bool] = [], llr: [Double] = []
        for i in 0..<n {
            let signal = i % 2 == 0
            let a = Normal(signal ? 1 : -1, 1).sample(using: &g), b = Normal(signal ? 1 : -1, 1).sample(using: &g)
            values += [a, b]
            labels.append(signal)
            llr.append(2 * (a + b))
        }
        return (Matrix(rows: n, columns: 2, values: values), labels, llr)
    }

    /// Signal inside the unit circle, background in the ring 1 < r < 2: no
    /// straight line separates them.
    static func rings(_ n: Int, seed: UInt64) -> (x: Matrix, y: [Bool]) {
        var g = Xoshiro256(seed: seed)
        var values: [Double] = [], labels: [Bool] = []
        for i in 0..<n {
            let signal = i % 2 == 0
            let r = signal ? Double.random(in: 0..<0.95, using: &g) : Double.random(in: 1.05..<2, using: &g)
            let phi = Double.random(in: 0..<(2 * .pi), using: &g)
            values += [r * cos(phi), r * sin(phi)]
            labels.append(signal)
        }
        return (Matrix(rows: n, columns: 2, values: values), labels)
    }

    @Test func logisticRegressionSolvesItsScoreEquations() throws {
        var g = Xoshiro256(seed: 1)
        let n = 5000
        let x = Matrix(rows: n, columns: 2, values: (0..<(2 * n)).map { _ in Normal().sample(using: &g) })
        let y = (0..<n).map { i -> Bool in
            let z = 0.3 + 1.5 * x[i, 0] - 2 * x[i, 1]
            return Double.random(in: 0..<1, using: &g) < 1 / (1 + exp(-z))
        }
        let model = try LogisticRegression(fitting: x, y)
        // At the maximum likelihood Σ (y − p) = 0 and Σ (y − p) x_j = 0 exactly.
        let p = model.probability(x)
        for j in -1..<2 {
            let score = (0..<n).reduce(0.0) { $0 + ((y[$1] ? 1 : 0) - p[$1]) * (j < 0 ? 1 : x[$1, j]) }
            #expect(abs(score) < 1e-8)
        }
        #expect(abs(model.intercept - 0.3) < 0.12 && abs(model.weights[0] - 1.5) < 0.15 && abs(model.weights[1] + 2) < 0.15)
        let ridge = try LogisticRegression(fitting: x, y, l2: 1000)
        #expect(abs(ridge.weights[0]) < abs(model.weights[0]) / 2, "the penalty shrinks the weights")
    }

    @Test func aTreeCarvesABoxExactly() {
        var g = Xoshiro256(seed: 2)
        let n = 2000
        let x = Matrix(rows: n, columns: 2, values: (0..<(2 * n)).map { _ in Double.random(in: 0..<1, using: &g) })
        let y = (0..<n).map { x[$0, 0] > 0.3 && x[$0, 0] < 0.7 && x[$0, 1] < 0.5 }
        let tree = DecisionTree(fitting: x, y, maxDepth: 4)
        #expect(Metrics.accuracy(tree.classify(x), y) > 0.995)
    }

    @Test func boostedTreesApproachTheExactLikelihoodRatio() {
        let train = Self.gaussians(20000, seed: 3), test = Self.gaussians(20000, seed: 4)
        let exact = ROCCurve(scores: test.llr, labels: test.y).area
        let boosted = GradientBoosting(fitting: train.x, train.y, trees: 60)
        let auc = ROCCurve(scores: boosted.probability(test.x), labels: test.y).area
        #expect(auc > exact - 0.006, "AUC \(auc) vs exact \(exact)")
        // Its log-odds estimate the log likelihood ratio where events are common.
        let f = boosted.decisionFunction(Matrix([[0.5, 0.0], [0, 0], [-0.5, 0.25]]))
        for (estimate, truth) in zip(f, [1.0, 0, -0.5]) { #expect(abs(estimate - truth) < 0.3, "\(estimate) vs \(truth)") }
    }

    @Test func boostingLearnsWhatNoLineCan() {
        let train = Self.rings(6000, seed: 5), test = Self.rings(4000, seed: 6)
        let gb = GradientBoosting(fitting: train.x, train.y, trees: 50)
        let ada = AdaBoost(fitting: train.x, train.y, rounds: 60, maxDepth: 2)
        let line = try! LogisticRegression(fitting: train.x, train.y)
        #expect(ROCCurve(scores: gb.probability(test.x), labels: test.y).area > 0.99)
        #expect(ROCCurve(scores: ada.probability(test.x), labels: test.y).area > 0.98)
        #expect(ROCCurve(scores: line.probability(test.x), labels: test.y).area < 0.65)
    }

    @Test func neighborsAreTheTrueNearestOnes() {
        var g = Xoshiro256(seed: 7)
        let n = 3000
        let x = Matrix(rows: n, columns: 3, values: (0..<(3 * n)).map { _ in Double.random(in: -1...1, using: &g) })
        let knn = NearestNeighbors(fitting: x, (0..<n).map { $0 % 3 == 0 }, k: 7)
        for _ in 0..<20 {
            let p = (0..<3).map { _ in Double.random(in: -1...1, using: &g) }
            let brute = (0..<n).sorted { a, b in
                zip(x.row(a), p).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } < zip(x.row(b), p).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            }
            #expect(knn.neighbors(of: p) == Array(brute.prefix(7)))
        }
        // Counts for many rows at once agree with one query at a time, for small
        // inputs (one thread) and large ones (two).
        for count in [5, 1500] {
            let points = Matrix(rows: count, columns: 3, values: (0..<(3 * count)).map { _ in Double.random(in: -1...1, using: &g) })
            let counts = knn.neighborCounts(points)
            for i in stride(from: 0, to: count, by: max(1, count / 10)) {
                #expect(counts[i].signal == knn.neighbors(of: points.row(i)).filter { $0 % 3 == 0 }.count, "row \(i) of \(count)")
            }
        }
    }

    @Test func oneCoordinateCountsAreTheBruteForceNearest() {
        // One coordinate takes the sorted walk, not the k-d tree: its counts are
        // those of the k nearest by brute force (distinct distances almost surely),
        // at the ends of the data, outside it and inside it.
        var g = Xoshiro256(seed: 17)
        let n = 2000, k = 25
        let values = (0..<n).map { _ in Double.random(in: -1...1, using: &g) }
        let labels = (0..<n).map { $0 % 3 == 0 }
        let knn = NearestNeighbors(fitting: Matrix(column: values), labels, k: k)
        let queries = [-5.0, -1.0, 1.0, 5.0] + (0..<200).map { _ in Double.random(in: -1.2...1.2, using: &g) }
        let counts = knn.neighborCounts(Matrix(column: queries))
        for (q, count) in zip(queries, counts) {
            let nearest = (0..<n).sorted { abs(values[$0] - q) < abs(values[$1] - q) }.prefix(k)
            #expect(count.signal == nearest.filter { labels[$0] }.count, "query \(q)")
            #expect(count.signal + count.background == k)
        }
        // Every training point when k is all of them.
        let all = NearestNeighbors(fitting: Matrix(column: Array(values.prefix(30))), Array(labels.prefix(30)), k: 30)
        #expect(all.neighborCounts(Matrix(column: [0.3]))[0].signal == labels.prefix(30).filter { $0 }.count)
    }

    @Test func oneCoordinateWindowIsTheWalkOutWithItsTies() {
        // Values on a coarse grid (many equal values) and queries on and between
        // grid points (many equal distances): the binary-searched window is the
        // one a walk out from the query, nearer side first and the lower side on
        // a tie, ends with; counts and neighbour rows agree for every k.
        var g = Xoshiro256(seed: 23)
        let values = (0..<300).map { _ in Double(Int.random(in: 0...40, using: &g)) / 4 }
        let labels = (0..<300).map { _ in Bool.random(using: &g) }
        let sorted = (0..<300).sorted { (values[$0], $0) < (values[$1], $1) }
        let queries = stride(from: -1.0, through: 11.0, by: 0.125).map { $0 }
        for k in [1, 2, 7, 40, 299, 300] {
            let knn = NearestNeighbors(fitting: Matrix(column: values), labels, k: k)
            let counts = knn.neighborCounts(Matrix(column: queries))
            for (q, count) in zip(queries, counts) {
                var low = sorted.firstIndex { values[$0] >= q } ?? sorted.count
                var left = low - 1, taken: [Int] = []
                for _ in 0..<k {
                    if low >= sorted.count || (left >= 0 && q - values[sorted[left]] <= values[sorted[low]] - q) {
                        taken.append(sorted[left]); left -= 1
                    } else {
                        taken.append(sorted[low]); low += 1
                    }
                }
                #expect(count.signal == taken.filter { labels[$0] }.count, "k \(k), query \(q)")
                #expect(Set(knn.neighbors(of: [q])) == Set(taken), "k \(k), query \(q)")
            }
        }
    }

    @Test func neighbourCountsEstimateTheLikelihoodRatio() {
        // Signal N(0, 1) (10 000 events), background N(1, 1) (30 000): r(x) = exp(0.5 − x).
        var g = Xoshiro256(seed: 8)
        let s = Normal(0, 1).sample(count: 10_000, using: &g), b = Normal(1, 1).sample(count: 30_000, using: &g)
        let knn = NearestNeighbors(fitting: Matrix(column: s + b), s.map { _ in true } + b.map { _ in false }, k: 400)
        let grid = [-0.5, 0.0, 0.5, 1.0]
        for (estimate, x) in zip(knn.likelihoodRatio(Matrix(column: grid)), grid) {
            #expect(abs(estimate / exp(0.5 - x) - 1) < 0.15, "r(\(x)) = \(estimate), exact \(exp(0.5 - x))")
        }
    }

    @Test func aCalibratedClassifierGivesTheLikelihoodRatio() {
        // The likelihood-ratio trick, with unbalanced classes: 1 signal in 4.
        var g = Xoshiro256(seed: 9)
        let s = Normal(0, 1).sample(count: 20_000, using: &g), b = Normal(1, 1).sample(count: 60_000, using: &g)
        var net = Network(inputs: 1, layers: [Dense(16, .tanh), Dense(1, .sigmoid)], using: &g)
        net.train(Matrix(column: s + b), Matrix(column: s.map { _ in 1 } + b.map { _ in 0 }), loss: .binaryCrossEntropy,
                  optimizer: .adam(learningRate: 0.002), epochs: 20, batchSize: 512, using: &g)
        let grid = [-0.5, 0, 0.5, 1, 1.5]
        for (estimate, x) in zip(net.likelihoodRatio(Matrix(column: grid), signalFraction: 0.25), grid) {
            #expect(abs(estimate / exp(0.5 - x) - 1) < 0.1, "r(\(x)) = \(estimate), exact \(exp(0.5 - x))")
        }
        let calibration = CalibrationCurve(probabilities: net.probability(Matrix(column: s + b)), truth: s.map { _ in true } + b.map { _ in false })
        for (p, (f, n)) in zip(calibration.meanPredicted, zip(calibration.observedFraction, calibration.counts)) where n >= 1000 {
            #expect(abs(p - f) < 0.03, "bin at \(p): observed \(f) in \(n) events")
        }
    }

    @Test func regressionOnJointRatiosRecoversTheTrueRatio() {
        // The MadMiner idea: z ~ N(θ, 1), x = z + N(0, 1). The joint ratio
        // r(x, z) = p(z | θ₀) / p(z | θ₁) = exp(0.5 − z) (θ₀ = 0, θ₁ = 1) is known
        // per event but scatters; E[r(x, z) | x] under θ₁ is the intractable
        // r(x) = N(x; 0, √2) / N(x; 1, √2) = exp((1 − 2x) / 4), which a
        // squared-error regression learns.
        var g = Xoshiro256(seed: 10)
        let z = Normal(1, 1).sample(count: 100_000, using: &g)
        let x = z.map { $0 + Normal().sample(using: &g) }
        let joint = z.map { exp(0.5 - $0) }
        let grid = [-0.5, 0, 0.5, 1, 1.5, 2]
        let scatter = zip(x, joint).filter { abs($0.0 - 1) < 0.05 }.map(\.1)
        #expect((scatter.max()! / scatter.min()!) > 10, "joint ratios scatter widely around r(x)")
        var net = Network(inputs: 1, layers: [Dense(32, .tanh), Dense(1)], using: &g)
        net.train(Matrix(column: x), Matrix(column: joint), loss: .meanSquaredError, optimizer: .adam(learningRate: 0.005),
                  epochs: 10, batchSize: 256, using: &g)
        for (estimate, xv) in zip(net.predict(at: grid), grid) {
            #expect(abs(estimate / exp((1 - 2 * xv) / 4) - 1) < 0.1, "r(\(xv)) = \(estimate), exact \(exp((1 - 2 * xv) / 4))")
        }
    }

    @Test func resamplingPartitionsAndDraws() {
        var g = Xoshiro256(seed: 11)
        let split = Resampling.trainTestSplit(count: 100, testFraction: 0.3, using: &g)
        #expect(split.test.count == 30 && Set(split.train + split.test) == Set(0..<100))
        let folds = Resampling.kFold(count: 103, folds: 5, using: &g)
        #expect(folds.flatMap(\.test).sorted() == Array(0..<103))
        for f in folds { #expect(Set(f.train).isDisjoint(with: f.test) && f.train.count + f.test.count == 103) }
        let boot = Resampling.bootstrap(count: 1000, using: &g)
        #expect(boot.count == 1000 && Set(boot).count < 700 && Set(boot).count > 560, "about 63 % distinct")
    }

    @Test func metricsCountWhatTheyShould() {
        let m = ConfusionMatrix(predicted: [true, true, false, false, true], truth: [true, false, false, true, true])
        #expect(m.truePositives == 2 && m.falsePositives == 1 && m.trueNegatives == 1 && m.falseNegatives == 1)
        #expect(m.accuracy == 0.6 && m.truePositiveRate == 2.0 / 3)
        let roc = ROCCurve(falsePositiveRate: [0, 0.01, 0.1, 1], truePositiveRate: [0, 0.3, 0.8, 1])
        #expect(abs(Metrics.rejection(roc, atSignalEfficiency: 0.3) - 100) < 1e-9)
    }

    @Test func anEnsembleAveragesItsMembersAndShowsTheirSpread() throws {
        let data = Self.gaussians(2000, seed: 12)
        var g = Xoshiro256(seed: 13)
        let members = try (0..<5).map { _ -> LogisticRegression in
            let rows = Resampling.bootstrap(count: data.x.rows, using: &g)
            return try LogisticRegression(fitting: data.x.rows(rows), rows.map { data.y[$0] })
        }
        let ensemble = Ensemble(members)
        let point = Matrix([[0.3, -0.1]])
        let each = ensemble.memberProbabilities(point).map { $0[0] }
        #expect(abs(ensemble.probability(point)[0] - each.reduce(0, +) / 5) < 1e-12)
        let spread = ensemble.spread(point) { $0.likelihoodRatio($1) }
        #expect(spread.standardDeviation[0] > 0 && spread.standardDeviation[0] < 0.2 * spread.mean[0])
    }
}
