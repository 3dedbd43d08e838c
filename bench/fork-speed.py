"""Runs after a fork against batch (issue 31): the same cell, which trains a
network (BLAS and the engine's threads on every mini-batch), timed inside the
cell, in `lectern run` (no fork) and in the preview from its checkpoint (a
forked worker), alternating, in the same run. Prints the medians and their
ratio (batch time / checkpoint time: 1 means as fast).
Usage: fork-speed.py LECTERN WORK_FOLDER"""
import os, re, statistics, subprocess, sys, time, urllib.request

lectern, work = sys.argv[1:3]
os.makedirs(os.path.join(work, "lectures"), exist_ok=True)
lecture = "lectures/fork.md"
port = 5000 + os.getpid() % 1000


def write(n):
    text = f"""---
title: "Fork speed"
---

```swift
let thetas = Uniform(0, 3).sample(count: 200_000)
let xs = thetas.map {{ $0 + 0.5 * sin(2 * $0) + Normal(0, 0.3).sample() }}
```

```swift
// round {n}
let start = Date()
var net = Network(inputs: 1, layers: [Dense(64, .tanh), Dense(64, .tanh), Dense(2)])
net.train(xs, thetas, loss: .gaussianNegativeLogLikelihood, optimizer: .adam(learningRate: 2e-3), epochs: 4, batchSize: 256)
print("elapsed:", Date().timeIntervalSince(start))
```
"""
    path = os.path.join(work, lecture)
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def elapsed(text, where):
    found = re.findall(r"elapsed: ([0-9.e-]+)", text)
    if not found:
        raise SystemExit(f"no 'elapsed:' in {where}:\n{text[-1500:]}")
    return float(found[-1])


write(0)
preview = subprocess.Popen([lectern, "preview", "--no-open", "--port", str(port)], cwd=work,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
log = []
def wait_for(pattern, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = preview.stderr.readline()
        log.append(line)
        if re.search(pattern, line):
            return line
    raise SystemExit("preview: no " + pattern + "\n" + "".join(log[-20:]))

batch, forked = [], []
try:
    wait_for(r"preview: http://")
    wait_for(r"lectures/fork.md  ran every cell")   # the first run (a cold course)
    for n in range(1, 6):
        write(n)
        line = wait_for(r"lectures/fork.md  ran")
        assert "from its checkpoint" in line, line
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/fork.html").read().decode()
        assert f"round {n}" in page
        forked.append(elapsed(page, 'the preview page'))
        out = subprocess.run([lectern, "run", "--no-cache", lecture], cwd=work, capture_output=True, text=True).stdout
        batch.append(elapsed(out, 'lectern run'))
finally:
    preview.terminate()
    preview.wait()
b, f = statistics.median(batch), statistics.median(forked)
print(f"cell time, batch (lectern run), median of {len(batch)}: {b:.3f} s  {['%.3f' % x for x in batch]}")
print(f"cell time, from its checkpoint, median of {len(forked)}: {f:.3f} s  {['%.3f' % x for x in forked]}")
print(f"ratio batch / checkpoint: {b / f:.2f}")
