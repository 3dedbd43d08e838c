#!/usr/bin/env python3
"""The API reference, read back: built by scripts/docs from this checkout's
modules, it must have a page for every public symbol of Stats, Plot, Learn,
Inference and LectureRuntime, every such symbol must have a `///` comment,
the guide must be there, and `lectern docs` must serve it (and end on
Ctrl-C with 130).

    Tests/Reference/reference.py LECTERN BUILD_DIR
"""
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

lectern, build = os.path.abspath(sys.argv[1]), sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


with tempfile.TemporaryDirectory() as tmp:
    out, graphs = os.path.join(tmp, "reference"), os.path.join(tmp, "graphs")
    env = dict(os.environ, LECTERN_BUILD=build)
    subprocess.run([os.path.join(root, "scripts/docs"), out, graphs], cwd=root, env=env, check=True)

    # Every public symbol, from the same symbol graphs docc read.
    symbols = {}
    for path in glob.glob(os.path.join(graphs, "*.symbols.json")):
        for s in json.load(open(path))["symbols"]:
            usr = s["identifier"]["precise"]
            if "::SYNTHESIZED::" in usr or "location" not in s or s["kind"]["identifier"] == "swift.extension":
                continue  # the compiler's own conformances (Equatable's !=, …), and extension blocks (their members count)
            where = s["location"]["uri"].split("/Sources/")[-1] + ":" + str(s["location"]["position"]["line"] + 1)
            symbols[usr] = (".".join(s["pathComponents"]), where, bool(s.get("docComment")))
    check(len(symbols) > 1000, f"{len(symbols)} public symbols in the five modules")
    undocumented = [f"{name} (Sources/{where})" for name, where, doc in symbols.values() if not doc]
    check(not undocumented, f"every public symbol has a /// comment ({len(undocumented)} lack one: {undocumented[:5]})")

    # Every public symbol has a page in the reference (the render JSON names its symbol).
    pages = set()
    for path in glob.glob(os.path.join(out, "data/documentation/**/*.json"), recursive=True):
        meta = json.load(open(path)).get("metadata", {})
        if "externalID" in meta:
            pages.add(meta["externalID"])
    missing = [symbols[u][0] for u in symbols if u not in pages]
    check(not missing, f"the reference has a page for every public symbol ({len(missing)} missing: {missing[:5]})")

    normal = json.load(open(os.path.join(out, "data/documentation/stats/normal.json")))
    abstract = "".join(part.get("text", "") for part in normal.get("abstract", []))
    check("N(μ, σ²)" in abstract, "Normal's page carries its comment's formula")
    guide = os.path.join(out, "data/documentation/lectureruntime/swiftfornumpyusers.json")
    check(os.path.exists(guide) and "linspace" in open(guide).read(), "the Swift for NumPy users guide is an article of the reference")
    check(os.path.exists(os.path.join(out, "index/index.json")), "the navigator index (the sidebar's filter) is built")

    # lectern docs serves it, on loopback, until Ctrl-C.
    proc = subprocess.Popen([lectern, "docs", "--port", "0", "--no-open"], env=dict(os.environ, LECTERN_REFERENCE=out),
                            stderr=subprocess.PIPE, text=True, cwd=tmp)
    try:
        line = proc.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/documentation/", line)
        check(url is not None, f"lectern docs says where it serves: {line.strip()!r}")
        if url:
            page = urllib.request.urlopen(url.group(0) + "stats/normal", timeout=10)
            check(page.status == 200 and b"<html" in page.read().lower(), "lectern docs serves Normal's page")
            data = urllib.request.urlopen(url.group(0).replace("/documentation/", "/data/documentation/stats/normal.json"), timeout=10)
            check("N(μ".encode() in data.read(), "and the page's data")
        proc.send_signal(signal.SIGINT)
        check(proc.wait(timeout=10) == 130, "lectern docs ends on Ctrl-C with 130")
    finally:
        if proc.poll() is None:
            proc.kill()

print(f"reference: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
