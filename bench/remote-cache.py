"""The course through a real remote cache (issue 28): two shards fill nginx,
a render on a fresh copy assembles the site from it (printing the handouts,
which it shares), and a render on another fresh copy takes everything from it. Reports each step's
time and bytes, the assembling render against a cached re-render of the same
copy (same run), whether the assembled site equals a one-machine render, and
the size of _freeze/ for the course.

usage: remote-cache.py LECTERN WORK   (bench/remote-cache.sh gives both)
"""
import os
import re
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "Tests/RemoteCache"))
from remote_cache import Nginx, lectern, same_tree, summary, traffic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def copy(work, name):
    target = Path(work) / name
    target.mkdir()
    for item in ["lectures", "templates", "lectern.yml"]:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, target / item)
        elif source.exists():
            shutil.copy(source, target / item)
    return target


def main():
    binary, work = sys.argv[1], sys.argv[2]
    server = Nginx(os.path.join(work, "nginx"))
    rows = []
    try:
        remote = {"LECTERN_CACHE_URL": server.url}
        sent = 0
        for k in (1, 2):
            shard = copy(work, f"shard{k}")
            done = lectern(binary, shard, "check", "-j", "2", "--shard", f"{k}/2", env=remote)
            t = traffic(done.stderr)
            m = re.search(rf"shard {k}/2: (\d+) of (\d+)", done.stderr)
            rows.append((f"check --shard {k}/2 ({m.group(1)} of {m.group(2)} lectures)", done.seconds, t[3], t[4], done.returncode))
            sent += t[4]
        first = copy(work, "first")
        done = lectern(binary, first, "render", "-j", "2", env=remote)
        t = traffic(done.stderr)
        rows.append((f"render, results remote, prints handouts ({summary(done.stderr)[0]} run)", done.seconds, t[3], t[4], done.returncode))
        assemble = copy(work, "assemble")
        done = lectern(binary, assemble, "render", "-j", "2", env=remote)
        t = traffic(done.stderr)
        rows.append((f"render, everything remote ({summary(done.stderr)[0]} run)", done.seconds, t[3], t[4], done.returncode))
        assembled = done.seconds
        done = lectern(binary, assemble, "render", "-j", "2", env=remote)
        rows.append(("render again, every result local", done.seconds, 0, 0, done.returncode))
        local = done.seconds
        alone = copy(work, "alone")
        done = lectern(binary, alone, "render", "-j", "2")
        rows.append(("one machine, cold (for the diff)", done.seconds, 0, 0, done.returncode))
        equal = same_tree(assemble / "output", alone / "output")
        done = lectern(binary, alone, "freeze", "-j", "2")
        frozen = sum(p.stat().st_size for p in (alone / "_freeze").rglob("*") if p.is_file())
    finally:
        server.stop()
    print(f"{'step':<52} {'seconds':>8} {'received':>10} {'sent':>10} {'exit':>5}")
    for name, seconds, received, sent_bytes, code in rows:
        print(f"{name:<52} {seconds:>8.2f} {received:>10} {sent_bytes:>10} {code:>5}")
    print(f"assembling render / cached local re-render: {assembled / local:.2f}x")
    print(f"assembled site equals the one-machine site (diff -r): {'yes' if equal else 'NO'}")
    print(f"_freeze/ for the course: {frozen} bytes")


if __name__ == "__main__":
    main()
