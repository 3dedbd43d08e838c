// Gaussian-mixture EM against scikit-learn's GaussianMixture on the points
// bench/gmm_sklearn.py wrote to `file`: best of 3, printed as
// `name<TAB>seconds<TAB>mean log-likelihood per point<TAB>sorted weights`.
import Foundation
import Inference
import Stats

func mixtureBench(file: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    let values: [Double] = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    let x = Matrix(rows: values.count / 2, columns: 2, values: values)
    var fit: GaussianMixture?
    var seed: UInt64 = 0
    let seconds = try best(3) {
        seed += 1
        var g = Xoshiro256(seed: seed)
        fit = try GaussianMixture(fitting: x, components: 3, tolerance: 1e-3, using: &g)
    }
    let f = fit!
    print("gaussian mixture 2e5 x 2D, 3 components\t\(seconds)\t\(f.logLikelihood)\t\(f.weights.sorted())")
}
