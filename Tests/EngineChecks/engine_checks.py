#!/usr/bin/env python3
"""Every engine check reaches the cell as a message, in a release build.

Each case below is a one-cell lecture that breaks one argument check of a
public initialiser, subscript or function of Stats, Plot, Learn, Inference or
the runtime. The course of all of them is run with the release `lectern`
(`lectern check`, which links the optimised engine, where `precondition`
messages would be dropped), and each lecture must fail at its cell's line
with the check's own words (and the value where there is one), never a bare
"trap" or "signal".

    Tests/EngineChecks/engine_checks.py .build/release/lectern
"""
import os
import re
import subprocess
import sys
import tempfile

# (name, cell code, words the message must contain)
CASES = [
    # Stats: distributions
    ("normal", "let d = Normal(0, -1)", "the standard deviation σ must be positive, not -1.0"),
    ("normal-named", "let d = Normal(mean: 0, standardDeviation: 0)", "must be positive, not 0.0"),
    ("beta", "let d = Beta(0, 2)", "both shapes must be positive, not a = 0.0"),
    ("beta-update", "let d = Beta(1, 1).updated(successes: 5, trials: 3)", "not 5 of 3"),
    ("gamma", "let d = Gamma(shape: -1, rate: 1)", "not shape -1.0"),
    ("chisquared", "let d = ChiSquared(0)", "not 0.0"),
    ("cauchy", "let d = Cauchy(0, -2)", "the scale γ must be positive, not -2.0"),
    ("halfcauchy", "let d = HalfCauchy(scale: 0)", "not 0.0"),
    ("halfnormal", "let d = HalfNormal(-1)", "not -1.0"),
    ("lognormal", "let d = LogNormal(0, 0)", "not 0.0"),
    ("studentt", "let d = StudentT(0, 0, 1)", "ν = 0.0"),
    ("exponential", "let d = Exponential(rate: 0)", "the rate must be positive, not 0.0"),
    ("truncated-exponential", "let d = TruncatedExponential(rate: 1, lower: 2, upper: 1)", "not 1.0 with lower 2.0"),
    ("uniform", "let d = Uniform(1, 0)", "not 0.0 with lower 1.0"),
    ("truncated-normal", "let d = TruncatedNormal(0, 1, lower: 1, upper: -1)", "not -1.0 with lower 1.0"),
    ("truncated-normal-sigma", "let d = TruncatedNormal(0, -3)", "not -3.0"),
    ("bernoulli", "let d = Bernoulli(1.5)", "not 1.5"),
    ("binomial", "let d = Binomial(-1, 0.5)", "n = -1"),
    ("poisson", "let d = Poisson(0)", "not 0.0"),
    ("categorical", "let d = Categorical([0.5, -1])", "all ≥ 0, not [0.5, -1.0]"),
    ("categorical-zero", "let d = Categorical([0, 0])", "all 2 are 0"),
    ("multinomial", "let d = Multinomial(-2, [0.5, 0.5])", "not -2"),
    ("dirichlet", "let d = Dirichlet([1])", "at least two concentrations"),
    ("dirichlet-update", "let d = Dirichlet([1, 1]).updated(counts: [1, 2, 3])", "3 counts for 2 categories"),
    ("mixture", "let d = Mixture(weights: [1], components: [Normal(0, 1), Normal(1, 1)])", "1 weights for 2 components"),
    ("mixture-negative", "let d = Mixture(weights: [1, -1], components: [Normal(0, 1), Normal(1, 1)])", "weights must be ≥ 0"),
    ("quantile", "print(Binomial(10, 0.5).quantile(1.5))", "must be in [0, 1], not 1.5"),
    ("normal-update", "let d = Normal(0, 1).updatedMean(observations: [1], knownSigma: 0)", "not 0.0"),
    ("multivariate-normal", "let d = try MultivariateNormal(mean: [0, 0], covariance: Matrix(rows: 2, columns: 2, values: [1, 2, 2, 1]))\nprint(d.mean)", "Error"),
    # Stats: arrays, data, matrices, histograms, ROC
    ("linspace", "print(linspace(0, 1, -1))", "linspace needs a count ≥ 0, not -1"),
    ("arange", "print(arange(0, 1, 0))", "not 0.0"),
    ("std", "print([1.0, 2].std(ddof: -1))", "not -1"),
    ("array-quantile", "print([1.0, 2].quantile(2))", "not 2.0"),
    ("weighted-mean", "print([1.0, 2].weightedMean(weights: [1]))", "1 weights for 2 values"),
    ("covariance", "print(covarianceMatrix([[1, 2], [1]]))", "equal length"),
    ("matrix-values", "let m = Matrix(rows: 2, columns: 2, values: [1, 2, 3])", "needs 4 values, got 3"),
    ("matrix-size", "let m = Matrix(rows: -1, columns: 2)", "not -1 × 2"),
    ("matrix-rows", "let m = Matrix([[1, 2], [3]])", "the first has 2 entries, another 1"),
    ("matrix-product", "let m = Matrix(rows: 2, columns: 3) * Matrix(rows: 2, columns: 3)", "cannot multiply 2×3 by 2×3"),
    ("matrix-vector", "let v = Matrix(rows: 2, columns: 3) * [1.0, 2]", "by a vector of 2"),
    ("matrix-sum", "let m = Matrix(rows: 2, columns: 3) + Matrix(rows: 3, columns: 2)", "cannot add 2×3 and 3×2"),
    ("matrix-difference", "let m = Matrix(rows: 2, columns: 3) - Matrix(rows: 3, columns: 2)", "cannot subtract"),
    ("histogram", "let h = Histogram(bins: 0, range: 0...1)", "not 0 bins"),
    ("histogram-fill", "var h = Histogram(bins: 2, range: 0...1)\nh.fill([0.5, 0.7], weights: [1])", "1 weights for 2 values"),
    ("histogram2d", "let h = Histogram2D(xBins: 0, xRange: 0...1, yBins: 2, yRange: 0...1)", "not 0 and 2"),
    ("histogram2d-fill", "let h = Histogram2D(x: [1, 2], y: [1], xBins: 2, xRange: 0...3, yBins: 2, yRange: 0...3)", "2 x, 1 y"),
    ("roc", "let r = ROCCurve(scores: [0.1, 0.2], labels: [true])", "2 scores, 1 labels"),
    ("roc-histograms", "let r = ROCCurve(signal: Histogram(bins: 2, range: 0...1), background: Histogram(bins: 3, range: 0...1))", "2 and 3"),
    ("regression-predict", "let fit = try LinearRegression([1, 2, 3.5, 4], [\"x\": [1, 2, 3, 4]])\nprint(fit.predict([\"z\": [1]]))", "missing 'x'"),
    ("special-gamma", "print(Special.gammaP(-1, 1))", "not -1.0"),
    ("element-wise", "print(linspace(0, 1, 3) - linspace(0, 1, 5))", "these have 3 and 5 values"),
    ("element-wise-join", "print(linspace(0, 1, 3) + linspace(0, 1, 5))", "write concatenate([x, y])"),
    # Plot
    ("line", "let l = Line([1, 2], [1])", "(2 and 1)"),
    ("scatter", "let s = Scatter([1], [1, 2])", "(1 and 2)"),
    ("step", "let s = Step([1, 2, 3], [1])", "(3 and 1)"),
    ("bars", "let b = Bars([1, 2], [1])", "(2 and 1)"),
    ("band", "let b = Band([1, 2], lower: [0], upper: [1, 2])", "not 1 and 2"),
    ("error-bars", "let e = ErrorBars([1, 2], [1, 2], yError: [1])", "not 1"),
    ("contour", "let c = Contour(x: [0, 1], y: [0, 1], z: [1, 2, 3], levels: [1])", "not 3"),
    ("heat-map", "let h = HeatMap(values: [1, 2], xEdges: [0, 1, 2], yEdges: [0, 1, 2])", "(xEdges.count − 1) × (yEdges.count − 1)"),
    ("stacked-hist", "let s = StackedHist([Histogram]())", "at least one histogram"),
    ("color-map", "let m = ColorMap(stops: [.blue])", "not 1"),
    ("color-name", "let c = Color(\"rde\")", 'did you mean "red"'),
    ("color-hex", "let c = Color(\"#12\")", "#rrggbb or #rgb"),
    ("panel-aspect", "let p = Panel(aspect: -1) { Line([0, 1], [0, 1]) }", "not -1.0"),
    # Learn
    ("dense", "let d = Dense(0)", "not 0"),
    ("dense-dropout", "let d = Dense(4, .relu, dropout: 1.5)", "not 1.5"),
    ("network", "let n = Network(inputs: 0, layers: [Dense(1)], using: &rng)", "not 0 inputs"),
    ("network-weights", "let n = Network(inputs: 1, layers: [Dense(2)], weights: [[1]], biases: [[0, 0]])", "needs 1 × 2 weights, not 1"),
    ("network-train", "var n = Network(inputs: 2, layers: [Dense(1, .sigmoid)], using: &rng)\nn.train(Matrix(rows: 4, columns: 3), Matrix(rows: 4, columns: 1), loss: .binaryCrossEntropy, epochs: 1)", "the network takes 2 inputs; x has 3 columns"),
    ("network-train-options", "var n = Network(inputs: 1, layers: [Dense(1, .sigmoid)], using: &rng)\nn.train(Matrix(rows: 4, columns: 1), Matrix(rows: 4, columns: 1), loss: .binaryCrossEntropy, epochs: 1, batchSize: 0)", "batchSize > 0"),
    ("network-predict-at", "let n = Network(inputs: 2, layers: [Dense(1)], using: &rng)\nprint(n.predict(at: [1.0]))", "use predict(_ x: Matrix)"),
    ("network-probability", "let n = Network(inputs: 1, layers: [Dense(2)], using: &rng)\nprint(n.probability(Matrix(rows: 1, columns: 1)))", "this one has 2"),
    ("image-shape", "let s = ImageShape(height: 0, width: 4)", "not 0 × 4 × 1"),
    ("conv2d", "let c = Conv2D(0)", "not 0, 3, 1 and 0"),
    ("max-pool", "let p = MaxPool(0)", "not 0 and 0"),
    ("cnn-last-layer", "let c = ConvolutionalNetwork(input: ImageShape(height: 8, width: 8), layers: [.flatten, .dense(Dense(2))], using: &rng)", "make its last layer Dense(1, .sigmoid)"),
    ("cnn-order", "let c = ConvolutionalNetwork(input: ImageShape(height: 8, width: 8), layers: [.dense(Dense(1, .sigmoid))], using: &rng)", "put .flatten before the first dense layer"),
    ("decision-tree", "let t = DecisionTree(fitting: Matrix(rows: 3, columns: 1), [true])", "x has 3 rows but there are 1 labels"),
    ("gradient-boosting", "let t = GradientBoosting(fitting: Matrix(rows: 3, columns: 1), [true])", "x has 3 rows but there are 1 labels"),
    ("adaboost", "let t = AdaBoost(fitting: Matrix(rows: 3, columns: 1), [true])", "x has 3 rows but there are 1 labels"),
    ("logistic", "let t = try LogisticRegression(fitting: Matrix(rows: 3, columns: 1), [true])", "x has 3 rows but there are 1 labels"),
    ("nearest-neighbors", "let t = NearestNeighbors(fitting: Matrix(rows: 3, columns: 1), [true, false, true], k: 5)", "k = 5 with 3 rows"),
    ("ensemble", "let e = Ensemble([DecisionTree]())", "at least one member"),
    ("train-test-split", "let s = Resampling.trainTestSplit(count: 10, testFraction: 2, using: &rng)", "not 2.0"),
    ("k-fold", "let s = Resampling.kFold(count: 3, folds: 5, using: &rng)", "not 5 folds of 3 rows"),
    ("accuracy", "print(Metrics.accuracy([true], [true, false]))", "not 1 and 2"),
    ("confusion", "let c = ConfusionMatrix(predicted: [true], truth: [true, false])", "not 1 and 2"),
    ("calibration", "let c = CalibrationCurve(probabilities: [0.5], truth: [true, false])", "not 1 and 2"),
    ("toy-jets", "let j = ToyJetImages.sample(2, top: true, size: 4)", "not 2 and 4"),
    # Inference
    ("posterior-name", "let model = Model { m in let b = m.real(\"β\", prior: Normal(0, 1)); m.add(-b * b) }\nlet p = try model.sample(chains: 1, warmup: 50, draws: 50)\nprint(p[\"beta\"].mean)", "did you mean 'β'"),
    ("model-empty", "let model = Model { m in m.add(1.0) }", "declare one with m.real"),
    ("model-twice", "let model = Model { m in _ = m.real(\"a\"); _ = m.real(\"a\") }", "parameter a is declared twice"),
    ("kmeans", "let k = KMeans(fitting: Matrix(rows: 2, columns: 1), clusters: 3, using: &rng)", "3 clusters for 2 rows"),
    ("gaussian-mixture", "let g = try GaussianMixture(fitting: [1.0, 2], components: 3)", "needs more than 3 rows"),
    ("bernoulli-mixture", "let b = BernoulliMixture(fitting: [[true], [true, false]], components: 1, using: &rng)", "the first has 1 values, another 2"),
    ("importance", "let s = ImportanceSample(points: [1.0, 2], logWeights: [0])", "2 points, 1 weights"),
    # The runtime
    ("table-column", "let t = Table(columns: [\"x\", \"y\"], rows: [[\"1\", \"2\"]])\nprint(t[\"z\"])", "the table has no 'z'"),
]


def main():
    lectern = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as course:
        os.makedirs(os.path.join(course, "lectures"))
        open(os.path.join(course, "lectern.yml"), "w").write("title: Engine checks\n")
        for name, code, _ in CASES:
            with open(os.path.join(course, "lectures", name + ".md"), "w") as f:
                f.write(f"---\ntitle: {name}\n---\n\n```swift\n{code}\n```\n")
        run = subprocess.run([lectern, "check", "-j", str(os.cpu_count() or 2), "--no-cache"],
                             cwd=course, capture_output=True, text=True, timeout=1800)
        output = run.stdout + run.stderr
        failures = []
        for name, code, words in CASES:
            lines = [l.strip() for l in output.splitlines() if l.strip().startswith(f"lectures/{name}.md:") and ": error: " in l]
            message = lines[0].split(": error: ", 1)[1] if lines else ""
            ok = words in message and not re.search(r"\btrap\b|signal \d", message)
            print(("ok   " if ok else "FAIL ") + f"{name}: {message or '(no error)'}")
            if not ok:
                failures.append(f"{name}: wanted '{words}', got '{message}'")
        if run.returncode != 1:
            failures.append(f"lectern check exited {run.returncode}, not 1 (a lecture's fault)")
        print(f"engine checks: {len(CASES)} cases, {len(failures)} failure(s)")
        for f in failures:
            print("  " + f)
        sys.exit(1 if failures else 0)


main()
