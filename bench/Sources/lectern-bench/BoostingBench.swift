// Gradient boosting against scikit-learn's HistGradientBoostingClassifier on the
// events bench/boosting_sklearn.py wrote to `file`: fit + test prediction, best
// of 3, printed as `name<TAB>seconds<TAB>test AUC`.
import Foundation
import Learn
import Stats

func boostingBench(file: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    let values: [Double] = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    let n = 100_000, f = 10
    let train = Matrix(rows: n, columns: f, values: Array(values[0..<(n * f)]))
    let trainLabels = values[(n * f)..<(n * f + n)].map { $0 == 1 }
    let testStart = n * f + n
    let test = Matrix(rows: n, columns: f, values: Array(values[testStart..<(testStart + n * f)]))
    let testLabels = values[(testStart + n * f)...].map { $0 == 1 }
    var scores: [Double] = []
    let seconds = best(3) {
        let model = GradientBoosting(fitting: train, trainLabels, trees: 100, learningRate: 0.1, maxLeaves: 31,
                                     minSamplesLeaf: 20, l2: 0, maxBins: 255)
        scores = model.probability(test)
    }
    print("gradient boosting 10 features 1e5\t\(seconds)\t\(ROCCurve(scores: scores, labels: testLabels).area)")
}
