"""Gaussian-mixture EM on 200 000 2D points from 3 components: writes the
points to FILE (float64, row-major), then times scikit-learn's GaussianMixture
on them (tol 1e-3, full covariances, k-means start, one start; best of 3),
printed as name<TAB>seconds<TAB>mean log-likelihood per point<TAB>sorted weights."""
import sys
import time

import numpy as np
from sklearn.mixture import GaussianMixture

rng = np.random.default_rng(5)
n = 200_000
means = np.array([[0.0, 0.0], [4.0, 1.0], [1.0, 5.0]])
covs = [np.array([[1.0, 0.3], [0.3, 0.25]]), np.array([[0.49, -0.25], [-0.25, 1.44]]), np.eye(2)]
which = rng.choice(3, p=[0.5, 0.3, 0.2], size=n)
x = np.empty((n, 2))
for c in range(3):
    idx = which == c
    x[idx] = rng.multivariate_normal(means[c], covs[c], size=idx.sum())
with open(sys.argv[1], "wb") as f:
    f.write(np.ascontiguousarray(x, dtype="<f8").tobytes())

times, model = [], None
for seed in range(3):
    start = time.perf_counter()
    model = GaussianMixture(3, covariance_type="full", tol=1e-3, init_params="kmeans", n_init=1, random_state=seed)
    model.fit(x)
    times.append(time.perf_counter() - start)
print(f"gaussian mixture 2e5 x 2D, 3 components\t{min(times)}\t{model.score(x)}\t{sorted(model.weights_)}")
