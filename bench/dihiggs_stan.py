"""Stan (pystan 3) on the di-Higgs events lectern-bench wrote: compile once,
sample 4 chains x (1000 warm-up + 1000 draws), write the draws for
`lectern-bench ess` (same diagnostics code for both samplers).
Usage: dihiggs_stan.py EVENTS OUT  ->  prints compile seconds."""
import sys, time, pathlib
import stan

events, out = sys.argv[1], sys.argv[2]
lines = open(events).read().split("\n")
n = int(lines[0])
y = [[float(v) for v in line.split()] for line in lines[1:1 + n]]
code = (pathlib.Path(__file__).parent / "dihiggs.stan").read_text()
start = time.perf_counter()
model = stan.build(code, data={"N": n, "y": y, "L": 100.0, "U": 150.0}, random_seed=1)
compiled = time.perf_counter() - start
start = time.perf_counter()
fit = model.sample(num_chains=4, num_warmup=1000, num_samples=1000)
seconds = time.perf_counter() - start
names = ["mu", "sigma", "lambda0", "theta"]
flat = lambda a: a.reshape(-1)
columns = [flat(fit["mu"]), flat(fit["sigma"]), flat(fit["lambda0"]), fit["theta"][0], fit["theta"][1]]
divergences = int(sum(fit["divergent__"].flatten()))
with open(out, "w") as f:
    # pystan flattens draw-major (the chain index runs fastest); write chain after chain.
    f.write(f"4 1000 5 {seconds} {divergences}\n")
    for chain in range(4):
        for draw in range(1000):
            i = draw * 4 + chain
            f.write(" ".join(repr(float(c[i])) for c in columns) + "\n")
print(compiled)
import sys as _s
_s.stderr.write(f"n_leapfrog mean {fit['n_leapfrog__'].mean()}, stepsize {set(fit['stepsize__'].flatten().round(4))}, treedepth mean {fit['treedepth__'].mean()}\n")
