"""The figures of `lectern-bench figures`, drawn by matplotlib and saved as SVG
to memory: best of 20 wall-clock runs each, printed as name<TAB>seconds<TAB>bytes.
Also prints matplotlib's import time (once, cold)."""
import io
import sys
import time

t0 = time.perf_counter()
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
import numpy as np
import_time = time.perf_counter() - t0


def best(body, runs=20):
    times = []
    out = None
    for _ in range(runs):
        start = time.perf_counter()
        out = body()
        times.append(time.perf_counter() - start)
    return min(times), out


def save(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    return buf.getvalue()


rng = np.random.default_rng(1)
values = rng.standard_normal(100_000)


def histogram():
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.hist(values, bins=50, range=(-4, 4), histtype="stepfilled", alpha=0.45, edgecolor="C0")
    ax.set_xlabel("x")
    ax.set_ylabel("events")
    return save(fig)


u = rng.standard_normal(100_000)
w = rng.standard_normal(100_000)
y = 0.7 * u + np.sqrt(1 - 0.49) * w


def heat_map():
    counts, xe, ye = np.histogram2d(u, y, bins=100, range=[[-3, 3], [-3, 3]])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    mesh = ax.pcolormesh(xe, ye, counts.T)
    fig.colorbar(mesh, ax=ax, label="events")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return save(fig)


walk = np.concatenate([[0.0], np.cumsum(rng.standard_normal(4999))])


def line():
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(walk)
    ax.set_xlabel("step")
    ax.set_ylabel("position")
    return save(fig)


for name, body in [("histogram 50 bins 1e5", histogram), ("heat map 100x100", heat_map), ("line 5000 points", line)]:
    seconds, svg = best(body)
    print(f"{name}\t{seconds}\t{len(svg)}")
print(f"import matplotlib\t{import_time}\t0")
