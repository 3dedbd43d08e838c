#!/usr/bin/env python3
"""Reference values for the Stats tests, from SciPy. Regenerate with
    python3 Tests/StatsTests/Fixtures/make_reference.py > Tests/StatsTests/Fixtures/reference.json
"""
import json
import numpy as np
from scipy import special, stats

def f(x):
    x = float(x)
    if np.isnan(x): return "nan"
    if np.isinf(x): return "inf" if x > 0 else "-inf"
    return x

def dist_case(name, params, frozen, xs, ps, ppf=None):
    return {
        "name": name, "params": params, "x": [f(x) for x in xs],
        "logpdf": [f(frozen.logpdf(x)) for x in xs],
        "cdf": [f(frozen.cdf(x)) for x in xs],
        "logcdf": [f(frozen.logcdf(x)) for x in xs],
        "logsf": [f(frozen.logsf(x)) for x in xs],
        "p": [f(p) for p in ps],
        "ppf": [f((ppf or frozen.ppf)(p)) for p in ps],
        "mean": f(frozen.mean()), "var": f(frozen.var()),
    }

ps = [1e-10, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999]
cases = []
for mu, s in [(0, 1), (125, 3), (-2, 0.5)]:
    xs = mu + s * np.array([-8, -3, -1, -0.2, 0, 0.5, 1.3, 3, 8])
    cases.append(dist_case("Normal", [mu, s], stats.norm(mu, s), xs, ps))
for mu, s, lo, hi in [(125, 3, 100, 150), (0, 1, 10, 12), (0, 1, -1, 0.5), (0, 1, 2, np.inf), (125, 10, 100, 150)]:
    a, b = (lo - mu) / s, (hi - mu) / s
    top = hi if np.isfinite(hi) else lo + 5 * s
    xs = np.linspace(lo, top, 9)[1:-1]
    cases.append(dist_case("TruncatedNormal", [mu, s, lo, f(hi)], stats.truncnorm(a, b, loc=mu, scale=s), xs, ps))
for rate in [0.05, 1.0, 7.0]:
    xs = np.array([0.001, 0.1, 0.5, 1, 3, 10, 50]) / rate
    cases.append(dist_case("Exponential", [rate], stats.expon(scale=1 / rate), xs, ps))
for rate, lo, hi in [(0.05, 100, 150), (0.5, 0, 3), (-0.0 + 2.0, 1, 1.5)]:
    xs = np.linspace(lo, hi, 9)[1:-1]
    cases.append(dist_case("TruncatedExponential", [rate, lo, hi], stats.truncexpon(b=(hi - lo) * rate, loc=lo, scale=1 / rate), xs, ps))
cases.append(dist_case("Uniform", [2, 5], stats.uniform(2, 3), [2.1, 3, 4.9], ps))
for a, b in [(2, 2), (47, 7), (0.5, 0.5), (1, 1), (0.2, 3), (300, 400)]:
    xs = [1e-6, 0.01, 0.2, 0.5, 0.8, 0.87, 0.99, 1 - 1e-6]
    cases.append(dist_case("Beta", [a, b], stats.beta(a, b), xs, ps))
for shape, rate in [(0.5, 1), (2, 3), (10, 0.5), (200, 1)]:
    m = shape / rate
    xs = [m * t for t in [1e-4, 0.05, 0.5, 1, 2, 5]]
    cases.append(dist_case("Gamma", [shape, rate], stats.gamma(shape, scale=1 / rate), xs, ps))
cases.append(dist_case("Cauchy", [1, 2], stats.cauchy(1, 2), [-1e6, -30, -1, 0, 1, 4, 100], ps))
cases.append(dist_case("HalfCauchy", [0, 5], stats.halfcauchy(0, 5), [0.01, 1, 5, 30, 1e4], ps))
# SciPy's halfnorm.ppf goes through (1 + p)/2 and loses digits for small p; use the identity σ√2 erf⁻¹(p).
cases.append(dist_case("HalfNormal", [2], stats.halfnorm(scale=2), [0.01, 1, 2, 5, 15], ps,
                       ppf=lambda p: 2 * np.sqrt(2) * special.erfinv(p)))
for nu, loc, scale in [(1, 0, 1), (3, 1, 2), (30, 0, 1)]:
    cases.append(dist_case("StudentT", [nu, loc, scale], stats.t(nu, loc, scale), [-50, -3, -0.5, 0, 0.7, 4, 60], ps))
cases.append(dist_case("LogNormal", [0.3, 0.8], stats.lognorm(0.8, scale=np.exp(0.3)), [0.01, 0.5, 1, 2, 10, 100], ps))
for k in [1, 4, 30]:
    cases.append(dist_case("ChiSquared", [k], stats.chi2(k), [0.01, 0.5, 1, 4, 20, 80], ps))

discrete = []
for n, p in [(50, 0.9), (10, 0.3), (1000, 0.02)]:
    ks = list(range(0, n + 1, max(1, n // 20)))
    d = stats.binom(n, p)
    discrete.append({"name": "Binomial", "params": [n, p], "k": ks, "logpmf": [f(d.logpmf(k)) for k in ks], "cdf": [f(d.cdf(k)) for k in ks]})
for lam in [0.5, 7, 120]:
    ks = list(range(0, int(lam * 3 + 10), max(1, int(lam // 10) or 1)))
    d = stats.poisson(lam)
    discrete.append({"name": "Poisson", "params": [lam], "k": ks, "logpmf": [f(d.logpmf(k)) for k in ks], "cdf": [f(d.cdf(k)) for k in ks]})

grid_a = [0.1, 0.5, 1, 2.5, 10, 60]
grid_x = [0.01, 0.3, 1, 2, 7, 30, 100]
special_cases = {
    "digamma": [[x, f(special.digamma(x))] for x in [1e-3, 0.1, 0.5, 1, 2.5, 7, 30, 1e4, -0.5, -2.3]],
    "gammainc": [[a, x, f(special.gammainc(a, x)), f(special.gammaincc(a, x))] for a in grid_a for x in grid_x],
    "gammaincinv": [[a, p, f(special.gammaincinv(a, p))] for a in grid_a for p in [1e-8, 0.01, 0.3, 0.5, 0.9, 0.999]],
    "betainc": [[a, b, x, f(special.betainc(a, b, x))] for a in [0.2, 1, 3.5, 50] for b in [0.5, 2, 30] for x in [0.001, 0.1, 0.5, 0.9, 0.999]],
    "betaincinv": [[a, b, p, f(special.betaincinv(a, b, p))] for a in [0.5, 2, 47] for b in [0.5, 7, 100] for p in [1e-6, 0.025, 0.5, 0.975]],
    "erf": [[x, f(special.erf(x)), f(special.erfc(x))] for x in [-3, -0.5, 1e-8, 0.3, 1, 2, 5, 10]],
    "erfinv": [[x, f(special.erfinv(x))] for x in [-0.999999, -0.5, -1e-9, 1e-5, 0.1, 0.5, 0.9, 0.999, 1 - 1e-12]],
    "ndtri": [[p, f(special.ndtri(p))] for p in [1e-300, 1e-100, 1e-20, 1e-5, 0.01, 0.2, 0.5, 0.6, 0.9, 0.999, 1 - 1e-12]],
    "log_ndtr": [[x, f(special.log_ndtr(x))] for x in [-1000, -40, -38, -36, -10, -3, 0, 2, 6, 10, 30]],
    "logsumexp": [[[1000, 1000.5, -3], f(special.logsumexp([1000, 1000.5, -3]))], [[-1000, -1001], f(special.logsumexp([-1000, -1001]))]],
}
print(json.dumps({"continuous": cases, "discrete": discrete, "special": special_cases}, indent=None))
