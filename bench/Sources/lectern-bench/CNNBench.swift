// A small jet-image CNN, Learn against PyTorch CPU on the same images:
// `lectern-bench jet-images FILE` writes 32 × 32 toy jet images (ToyJetImages:
// 10 000 top and 10 000 QCD to train, 5 000 of each to test) as float32, then
// `lectern-bench cnn FILE` and bench/cnn_torch.py train the same network on
// them (conv 8@5×5 pad 2, pool 2, conv 16@3×3 pad 1, pool 2, dense 64, sigmoid;
// Adam 1e-3, batch 128, 3 epochs) and print `name<TAB>seconds<TAB>test AUC`
// (median of three seeds; building, training and predicting the test set).
import Foundation
import Learn
import Stats

let jetSide = 32
let jetTrainPerClass = 10_000, jetTestPerClass = 5_000

func writeJetImages(file: String) throws {
    var g = Xoshiro256(seed: 11)
    var floats: [Float] = []
    for (count, _) in [(jetTrainPerClass, "train"), (jetTestPerClass, "test")] {
        for top in [true, false] {
            floats += ToyJetImages.sample(count, top: top, size: jetSide, using: &g).values.map(Float.init)
        }
    }
    try floats.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: file))
}

/// Train images and labels, test images and labels, as written by `writeJetImages`.
func readJetImages(file: String) throws -> (train: Matrix, trainLabels: [Double], test: Matrix, testLabels: [Bool]) {
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    let floats = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }.map { Double($0) }
    let pixels = jetSide * jetSide, trainRows = 2 * jetTrainPerClass
    let train = Matrix(rows: trainRows, columns: pixels, values: Array(floats[..<(trainRows * pixels)]))
    let test = Matrix(rows: 2 * jetTestPerClass, columns: pixels, values: Array(floats[(trainRows * pixels)...]))
    return (train, (0..<trainRows).map { $0 < jetTrainPerClass ? 1 : 0 }, test, (0..<(2 * jetTestPerClass)).map { $0 < jetTestPerClass })
}

func cnnBench(file: String) throws {
    let (train, labels, test, truth) = try readJetImages(file: file)
    var times: [Double] = [], aucs: [Double] = []
    for seed in UInt64(1)...3 {
        var scores: [Double] = []
        times.append(best(1) {
            var g = Xoshiro256(seed: seed)
            var cnn = ConvolutionalNetwork(input: ImageShape(height: jetSide, width: jetSide), layers: [
                .conv(Conv2D(8, kernel: 5, padding: 2)), .maxPool(MaxPool(2)),
                .conv(Conv2D(16, kernel: 3, padding: 1)), .maxPool(MaxPool(2)),
                .flatten, .dense(Dense(64, .relu)), .dense(Dense(1, .sigmoid)),
            ], using: &g)
            cnn.train(train, labels, optimizer: .adam(learningRate: 1e-3), epochs: 3, batchSize: 128, using: &g)
            scores = cnn.probability(test)
        })
        aucs.append(ROCCurve(scores: scores, labels: truth).area)
    }
    print("CNN on 32x32 jet images\t\(times.sorted()[1])\t\(aucs.sorted()[1])")
}
