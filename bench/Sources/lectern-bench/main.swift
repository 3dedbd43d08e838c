// Lectern's benchmarks, release build. `lectern-bench` (or `lectern-bench stats`):
// Stats against NumPy (bench/stats.sh); `lectern-bench figures DIR`: Plot
// against matplotlib (bench/figures.sh), writing the figures to DIR;
// `lectern-bench learn`: Learn against PyTorch and scikit-learn (bench/learn.sh);
// `lectern-bench dihiggs` and `ess`: NUTS against Stan (bench/dihiggs.sh).
import Foundation

/// The best of `runs` wall-clock runs of `body`, in seconds.
func best(_ runs: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.min()!
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case nil, "stats":
    statsBench()
case "learn":
    learnBench()
case "mixture":
    try mixtureBench(file: arguments.dropFirst().first ?? "output/bench-mixture.bin")
case "boosting":
    try boostingBench(file: arguments.dropFirst().first ?? "output/bench-boosting.bin")
case "dihiggs":
    try diHiggsBench(fraction: Double(arguments.dropFirst().first ?? "0.1")!,
                     file: arguments.dropFirst(2).first ?? "output/bench-dihiggs.txt")
case "gradient":
    diHiggsGradientBench()
case "nuts-check":
    try nutsCheck()
    try diHiggsVariants()
case "ess":
    try essOfFile(arguments.dropFirst().first ?? "output/bench-dihiggs-stan.txt")
case "jet-images":
    try writeJetImages(file: arguments.dropFirst().first ?? "output/bench-jets.bin")
case "cnn":
    try cnnBench(file: arguments.dropFirst().first ?? "output/bench-jets.bin")
case "figures":
    try figureBench(directory: arguments.dropFirst().first ?? "output/bench-figures")
default:
    FileHandle.standardError.write(Data("usage: lectern-bench [stats | learn | boosting FILE | mixture FILE | dihiggs FRACTION FILE | ess FILE | figures DIR | jet-images FILE | cnn FILE]\n".utf8))
    exit(2)
}
