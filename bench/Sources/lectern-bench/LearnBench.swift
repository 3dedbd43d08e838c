// Learn against PyTorch and scikit-learn: the classifier of seed 003 (10⁶
// signal + 10⁶ background from two normal mixtures, 50/50 train/test, Adam
// 1e-3, 3 epochs, batch 2000), printed as `name<TAB>seconds<TAB>test AUC`.
import Foundation
import Learn
import Stats

/// Seed 003's two classes: signal 0.6 N(−1.1, 0.5) + 0.4 N(1, 1), background
/// 0.7 N(2, 0.5) + 0.3 N(−1, 1); returns shuffled (x, label) pairs.
func seed003Events(perClass n: Int, using g: inout Xoshiro256) -> (x: [Double], y: [Double]) {
    let signal = Mixture(weights: [0.6, 0.4], components: [Normal(-1.1, 0.5), Normal(1, 1)]).sample(count: n, using: &g)
    let background = Mixture(weights: [0.7, 0.3], components: [Normal(2, 0.5), Normal(-1, 1)]).sample(count: n, using: &g)
    var order = Array(0..<(2 * n))
    order.shuffle(using: &g)
    let x = signal + background
    return (order.map { x[$0] }, order.map { $0 < n ? 1 : 0 })
}

func learnBench() {
    var g = Xoshiro256(seed: 3)
    let (x, y) = seed003Events(perClass: 1_000_000, using: &g)
    let half = x.count / 2
    let train = Matrix(column: Array(x[..<half])), trainLabels = Matrix(column: Array(y[..<half]))
    let test = Array(x[half...]), testLabels = y[half...].map { $0 == 1 }

    // The exact likelihood ratio's AUC: the ceiling any classifier can reach.
    let s = Mixture(weights: [0.6, 0.4], components: [Normal(-1.1, 0.5), Normal(1, 1)])
    let b = Mixture(weights: [0.7, 0.3], components: [Normal(2, 0.5), Normal(-1, 1)])
    let exact = ROCCurve(scores: test.map { s.logPDF($0) - b.logPDF($0) }, labels: testLabels).area
    print("exact likelihood ratio\t0\t\(exact)")

    // The 1-unit bottleneck lands in one of two optima depending on the sign of
    // its first weight, in PyTorch as here: both sides train five seeds and
    // report the median time and the median test AUC.
    for (name, hidden) in [("network 1-1-10-1", [1, 10]), ("network 1-32-32-1", [32, 32])] {
        var times: [Double] = [], aucs: [Double] = []
        for seed in UInt64(1)...5 {
            var scores: [Double] = []
            // Timed as PyTorch's side is: building, training and predicting the test set.
            times.append(best(1) {
                var ng = Xoshiro256(seed: seed)
                var net = Network(inputs: 1, layers: hidden.map { Dense($0, .relu) } + [Dense(1, .sigmoid)], using: &ng)
                net.train(train, trainLabels, loss: .binaryCrossEntropy, optimizer: .adam(learningRate: 1e-3), epochs: 3,
                          batchSize: 2000, using: &ng)
                scores = net.predict(at: test)
            })
            aucs.append(ROCCurve(scores: scores, labels: testLabels).area)
        }
        print("\(name)\t\(times.sorted()[2])\t\(aucs.sorted()[2])")
    }
}
