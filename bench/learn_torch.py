"""The seed-003 classifier of `lectern-bench learn` in PyTorch on the CPU (its
default threads, float32): same data recipe, networks, Adam 1e-3, 3 epochs,
batch 2000; five seeds, printed as name<TAB>median seconds (building, training
and predicting the test set)<TAB>median test AUC."""
import time

import numpy as np
import torch
from sklearn.metrics import roc_auc_score

from torch_training import train


def events(n, rng):
    def mixture(w, mus, sigmas):
        k = rng.choice(len(w), p=w, size=n)
        return rng.normal(np.array(mus)[k], np.array(sigmas)[k])
    s = mixture([0.6, 0.4], [-1.1, 1.0], [0.5, 1.0])
    b = mixture([0.7, 0.3], [2.0, -1.0], [0.5, 1.0])
    x = np.concatenate([s, b])
    y = np.concatenate([np.ones(n), np.zeros(n)])
    order = rng.permutation(2 * n)
    return x[order], y[order]


rng = np.random.default_rng(3)
x, y = events(1_000_000, rng)
half = len(x) // 2
xtr = torch.tensor(x[:half], dtype=torch.float32).unsqueeze(1)
ytr = torch.tensor(y[:half], dtype=torch.float32).unsqueeze(1)
xte = torch.tensor(x[half:], dtype=torch.float32).unsqueeze(1)
yte = y[half:]

for name, hidden in [("network 1-1-10-1", [1, 10]), ("network 1-32-32-1", [32, 32])]:
    times, aucs = [], []
    for seed in range(1, 6):
        torch.manual_seed(seed)
        start = time.perf_counter()
        layers, fan_in = [], 1
        for h in hidden:
            layers += [torch.nn.Linear(fan_in, h), torch.nn.ReLU()]
            fan_in = h
        layers += [torch.nn.Linear(fan_in, 1)]
        net = torch.nn.Sequential(*layers)
        train(net, xtr, ytr, epochs=3, batch_size=2000)
        with torch.no_grad():
            scores = torch.sigmoid(net(xte)).numpy().ravel()
        times.append(time.perf_counter() - start)
        aucs.append(roc_auc_score(yte, scores))
    print(f"{name}\t{np.median(times)}\t{np.median(aucs)}")
