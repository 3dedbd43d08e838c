"""Gradient boosting on a 10-feature toy: writes the events to FILE (float64:
train X, train y, test X, test y; 10^5 events each), then times scikit-learn's
HistGradientBoostingClassifier on them (fit + predict_proba on the test set,
best of 3), printed as name<TAB>seconds<TAB>test AUC. Settings match
lectern-bench's: 100 trees, learning rate 0.1, 31 leaves, 20 events per leaf at
least, 255 bins, no L2, no early stopping."""
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

path = sys.argv[1]
rng = np.random.default_rng(17)
n = 100_000


def events():
    x = rng.standard_normal((n, 10))
    logit = 1.0 * x[:, 0] - 0.8 * x[:, 1] + 0.6 * x[:, 2] * x[:, 3] + 0.5 * np.sin(2 * x[:, 4]) + 0.4 * x[:, 5] ** 2 - 0.4
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.float64)
    return x, y


xtr, ytr = events()
xte, yte = events()
with open(path, "wb") as f:
    for a in (xtr, ytr, xte, yte):
        f.write(np.ascontiguousarray(a, dtype="<f8").tobytes())

times, auc = [], 0.0
for _ in range(3):
    start = time.perf_counter()
    model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
                                           l2_regularization=0.0, max_bins=255, early_stopping=False)
    model.fit(xtr, ytr)
    p = model.predict_proba(xte)[:, 1]
    times.append(time.perf_counter() - start)
    auc = roc_auc_score(yte, p)
print(f"gradient boosting 10 features 1e5\t{min(times)}\t{auc}")
