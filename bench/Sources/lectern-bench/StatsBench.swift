// Stats benchmarks: the same workloads as bench/stats_numpy.py, timed the same
// way (best of 5 wall-clock runs), printed as `name<TAB>seconds`.
import Foundation
import Stats

func statsBench() {
var g = Xoshiro256(seed: 1)
var sink = 0.0
let n = 10_000_000

let results: [(String, Double)] = [
    ("uniform 1e7", best { sink += Uniform().sample(count: n, using: &g)[n / 2] }),
    ("normal 1e7", best { sink += Normal().sample(count: n, using: &g)[n / 2] }),
    // The lecture's shared generator, as cells draw: the documented idiom and the plain call.
    ("normal 1e7 sample(count:)", best { sink += Normal().sample(count: n)[n / 2] }),
    ("normal 1e7 using: &rng", best { sink += Normal().sample(count: n, using: &rng)[n / 2] }),
    ("exponential 1e7", best { sink += Exponential(rate: 1).sample(count: n, using: &g)[n / 2] }),
    ("beta(2,2) 1e6", best { sink += Beta(2, 2).sample(count: 1_000_000, using: &g)[7] }),
    ("gamma(0.5) 1e6", best { sink += Gamma(shape: 0.5).sample(count: 1_000_000, using: &g)[7] }),
]
let values = Normal().sample(count: n, using: &g)
let histogram = best { sink += Histogram(values, bins: 500, range: -5...5).counts[250] }

// The likelihood-ratio pipeline of lecture 003.
var generate = 0.0, bin = 0.0, rest = 0.0, auc = 0.0
let total = best(3) {
    var t = DispatchTime.now().uptimeNanoseconds
    func lap() -> Double { let now = DispatchTime.now().uptimeNanoseconds; defer { t = now }; return Double(now - t) / 1e9 }
    let signal = Normal(-1.1, 0.5).sample(count: 6_000_000, using: &g) + Normal(1, 1).sample(count: 4_000_000, using: &g)
    let background = Normal(2, 0.5).sample(count: 7_000_000, using: &g) + Normal(-1, 1).sample(count: 3_000_000, using: &g)
    generate = lap()
    let hs = Histogram(signal, bins: 500, range: -5...5), hb = Histogram(background, bins: 500, range: -5...5)
    bin = lap()
    let llr = zip(hs.counts, hb.counts).map { s, b -> Double in
        if s > 0 && b > 0 { return log(s / b) }
        return s > 0 ? log(1e5) : (b > 0 ? log(1e-5) : 0)
    }
    let order = llr.indices.sorted { llr[$0] > llr[$1] }
    var tp = 0.0, fp = 0.0, tpr = [0.0], fpr = [0.0]
    for i in order { tp += hs.counts[i]; fp += hb.counts[i]; tpr.append(tp / hs.total); fpr.append(fp / hb.total) }
    auc = ROCCurve(falsePositiveRate: fpr, truePositiveRate: tpr).area
    rest = lap()
}
for (name, seconds) in results { print("\(name)\t\(seconds)") }
print("histogram 500 bins 1e7\t\(histogram)")
print("LLR pipeline: generate 2e7\t\(generate)")
print("LLR pipeline: histogram 2e7\t\(bin)")
print("LLR pipeline: LLR + ROC\t\(rest)")
print("LLR pipeline: total\t\(total)")
print("LLR pipeline: AUC\t\(auc)")
if sink == 42 { print("") }
}
