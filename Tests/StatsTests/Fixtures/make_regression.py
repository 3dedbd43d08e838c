#!/usr/bin/env python3
"""Reference fits for LinearRegression, from statsmodels (OLS and WLS).
Regenerate (statsmodels in a virtualenv) with
    python Tests/StatsTests/Fixtures/make_regression.py > Tests/StatsTests/Fixtures/regression.json
"""
import json
import numpy as np
import statsmodels.api as sm

rng = np.random.default_rng(20261204)

def case(name, y, columns, weights=None):
    X = sm.add_constant(np.column_stack([c for _, c in columns]), has_constant="add")
    fit = (sm.WLS(y, X, weights=weights) if weights is not None else sm.OLS(y, X)).fit()
    ci = fit.conf_int(0.05)
    return {
        "name": name, "y": y.tolist(), "names": [n for n, _ in columns],
        "columns": [c.tolist() for _, c in columns], "weights": None if weights is None else weights.tolist(),
        "params": fit.params.tolist(), "bse": fit.bse.tolist(), "tvalues": fit.tvalues.tolist(),
        "pvalues": fit.pvalues.tolist(), "ci_low": ci[:, 0].tolist(), "ci_high": ci[:, 1].tolist(),
        "rsquared": fit.rsquared, "rsquared_adj": fit.rsquared_adj, "fvalue": float(fit.fvalue),
        "f_pvalue": float(fit.f_pvalue), "scale": fit.scale, "llf": fit.llf, "aic": fit.aic, "bic": fit.bic,
        "resid": fit.resid.tolist(), "fitted": fit.fittedvalues.tolist(),
        "predict_x": [c[:5].tolist() for _, c in columns],
        "predict": fit.predict(X[:5]).tolist(),
    }

x = np.linspace(0, 10, 60)
line = 1.5 + 0.8 * x + rng.normal(0, 1.2, x.size)
x2 = x ** 2
quad = 2 - 0.3 * x + 0.05 * x2 + rng.normal(0, 0.4, x.size)
# A week-2 dataset: height against age and sex, 200 people.
age = rng.uniform(5, 18, 200)
sex = rng.integers(0, 2, 200).astype(float)
height = 80 + 5.8 * age + 4.0 * sex + rng.normal(0, 6, 200)
w = rng.uniform(0.2, 3, x.size)
weighted = 0.5 + 1.1 * x + rng.normal(0, 1, x.size) / np.sqrt(w)
cases = [
    case("line", line, [("x", x)]),
    case("quadratic", quad, [("x", x), ("x2", x2)]),
    case("height", height, [("age", age), ("sex", sex)]),
    case("weighted", weighted, [("x", x)], weights=w),
]
print(json.dumps(cases))
