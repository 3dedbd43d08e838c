"""NumPy twin of lectern-bench: the same workloads, best of 5 wall-clock runs."""
import time
import numpy as np

def best(body, runs=5):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); body(); times.append(time.perf_counter() - t0)
    return min(times)

rng = np.random.default_rng(1)
n = 10_000_000
rows = [
    ("uniform 1e7", best(lambda: rng.random(n))),
    ("normal 1e7", best(lambda: rng.standard_normal(n))),
    ("normal 1e7 sample(count:)", best(lambda: rng.standard_normal(n))),
    ("normal 1e7 using: &rng", best(lambda: rng.standard_normal(n))),
    ("exponential 1e7", best(lambda: rng.standard_exponential(n))),
    ("beta(2,2) 1e6", best(lambda: rng.beta(2, 2, 1_000_000))),
    ("gamma(0.5) 1e6", best(lambda: rng.standard_gamma(0.5, 1_000_000))),
]
values = rng.standard_normal(n)
rows.append(("histogram 500 bins 1e7", best(lambda: np.histogram(values, bins=500, range=(-5, 5)))))

laps = {}
def pipeline():
    t = time.perf_counter()
    signal = np.append(rng.normal(-1.1, 0.5, 6_000_000), rng.normal(1, 1, 4_000_000))
    background = np.append(rng.normal(2, 0.5, 7_000_000), rng.normal(-1, 1, 3_000_000))
    t1 = time.perf_counter(); laps["generate"] = t1 - t
    hs = np.histogram(signal, bins=500, range=(-5, 5))[0].astype(float)
    hb = np.histogram(background, bins=500, range=(-5, 5))[0].astype(float)
    t2 = time.perf_counter(); laps["histogram"] = t2 - t1
    with np.errstate(divide="ignore", invalid="ignore"):
        llr = np.where((hs > 0) & (hb > 0), np.log(hs / hb), np.where(hs > 0, np.log(1e5), np.where(hb > 0, np.log(1e-5), 0.0)))
    order = np.argsort(-llr, kind="stable")
    tpr = np.concatenate([[0], np.cumsum(hs[order]) / hs.sum()])
    fpr = np.concatenate([[0], np.cumsum(hb[order]) / hb.sum()])
    laps["auc"] = np.trapezoid(tpr, fpr)
    laps["rest"] = time.perf_counter() - t2
total = best(pipeline, runs=3)
rows += [("LLR pipeline: generate 2e7", laps["generate"]), ("LLR pipeline: histogram 2e7", laps["histogram"]),
         ("LLR pipeline: LLR + ROC", laps["rest"]), ("LLR pipeline: total", total), ("LLR pipeline: AUC", laps["auc"])]
for name, seconds in rows:
    print(f"{name}\t{seconds}")
