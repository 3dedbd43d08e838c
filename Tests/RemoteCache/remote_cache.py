"""Shards, a real remote cache and _freeze/, end to end (issue 28).

Starts Debian's nginx with WebDAV PUT on a random loopback port (the layout
of Bazel's HTTP cache: /ac/<key>, /cas/<sha256>), and checks with the
`lectern` binary given:

- two shards of the fixture course fill the cache, and a third render, on a
  fresh copy whose compiler only logs that it was called, runs nothing and
  writes a site equal (diff -r) to a one-machine render;
- a corrupted blob and a garbage record are misses, never a broken page;
- a dead server, a server that never answers, and one killed mid-build
  give one warning and a correct site;
- --remote-cache read writes nothing;
- a frozen course renders with no swiftc on PATH; a stale frozen entry is
  reported by `check`;
- the workflow `lectern init` writes is valid YAML of the documented shape,
  and its shard and assemble steps run here against the server;
- `lectern clean` removes the state folder; the local store is pruned to
  `cache: size`.

usage: remote_cache.py LECTERN
"""

import filecmp
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "course"
LECTURES = ["lectures/01-draws.md", "lectures/02-posterior.md", "lectures/03-input.md", "lectures/04-table.md"]

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """nginx with WebDAV PUT on 127.0.0.1 and a random port, its store in a scratch folder."""

    def __init__(self, scratch, store=None):
        self.dir = Path(scratch)
        self.dir.mkdir(parents=True)
        self.store = store or self.dir / "store"
        self.store.mkdir(parents=True, exist_ok=True)
        for sub in ["body", "proxy", "fastcgi", "uwsgi", "scgi"]:
            (self.dir / sub).mkdir()
        self.port = free_port()
        user = "user root;" if os.getuid() == 0 else ""
        conf = f"""
daemon off;
master_process off;
{user}
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log {self.dir}/access.log;
  client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi;
  uwsgi_temp_path {self.dir}/uwsgi;
  scgi_temp_path {self.dir}/scgi;
  client_max_body_size 1g;
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      root {self.store};
      dav_methods PUT DELETE;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }}
  }}
}}
"""
        (self.dir / "nginx.conf").write_text(conf)
        self.process = subprocess.Popen(["nginx", "-c", str(self.dir / "nginx.conf"), "-p", str(self.dir)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("nginx did not start: " + self.process.stderr.read().decode())
                time.sleep(0.05)
        raise RuntimeError("nginx did not listen")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/course"

    def files(self):
        return sorted(str(p.relative_to(self.store)) for p in self.store.rglob("*") if p.is_file())

    def kill(self):
        """Stops at once (one process: master_process off): what a crash looks like to a client."""
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Silent:
    """A server that accepts connections and never answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.running = True
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)
            except OSError:
                return

    def stop(self):
        self.running = False
        self.sock.close()
        for c in self.held:
            c.close()


def fresh_course(scratch, name):
    target = Path(scratch) / name
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns(".lectern", "output", "_freeze"))
    return target


def lectern(binary, course, *args, env=None, timeout=600):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LECTERN_CACHE") and k != "LECTERN_REMOTE_CACHE"}
    environment.update(env or {})
    started = time.time()
    done = subprocess.run([binary, *args], cwd=course, env=environment, capture_output=True, text=True, timeout=timeout)
    done.seconds = time.time() - started
    return done


def summary(stderr):
    """(run, from stores) from the build's summary line."""
    m = re.search(r"lecture\(s\) in [0-9.]+ s \((\d+) run, (\d+) from stores\)", stderr)
    return (int(m.group(1)), int(m.group(2))) if m else None


def traffic(stderr):
    m = re.search(r"(\d+) hit\(s\), (\d+) miss\(es\), (\d+) stored; received (\d+) bytes, sent (\d+) bytes", stderr)
    return tuple(int(x) for x in m.groups()) if m else None


def same_tree(a, b):
    """Whether two folders hold the same files with the same bytes."""
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        print("     differ:", cmp.left_only, cmp.right_only, cmp.funny_files)
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    if mismatch or errors:
        print("     differ:", mismatch, errors)
        return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def logging_program(scratch, name):
    """A program that records that it was called and fails (a compiler or a Chromium that must not run)."""
    log = Path(scratch) / f"{name}-calls.log"
    script = Path(scratch) / f"{name}-logging"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\nexit 1\n")
    script.chmod(0o755)
    return script, log


def main():
    binary = os.path.abspath(sys.argv[1])
    scratch = tempfile.mkdtemp(prefix="lectern-remote-")
    server = Nginx(os.path.join(scratch, "nginx"))
    try:
        run_all(binary, scratch, server)
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed:", *failures, sep="\n  ")
        sys.exit(1)
    print("remote cache: all checks passed")


def run_all(binary, scratch, server):
    remote = {"LECTERN_CACHE_URL": server.url}

    # A one-machine render: the site every other render must equal.
    alone = fresh_course(scratch, "alone")
    done = lectern(binary, alone, "render", "-j", "2")
    first_pdf = (alone / "output/02-posterior.pdf").read_bytes()
    shutil.rmtree(alone / ".lectern/handouts")
    done = lectern(binary, alone, "render", "-j", "2")
    check((alone / "output/02-posterior.pdf").read_bytes() == first_pdf, "a handout printed twice is the same bytes (its date stamped)")
    check(done.returncode == 0, f"a one-machine render succeeds ({done.returncode}: {done.stderr[-400:]})")
    check(summary(done.stderr) == (0, 4), "a second one-machine render runs nothing")

    # Two shards, each on its own copy (its own state folder, as on its own machine).
    parts = []
    sent = received = 0
    for k in (1, 2):
        shard = fresh_course(scratch, f"shard{k}")
        done = lectern(binary, shard, "check", "--shard", f"{k}/2", env=remote)
        check(done.returncode == 0, f"shard {k}/2 checks its part ({done.returncode}: {done.stderr[-400:]})")
        m = re.search(rf"shard {k}/2: (\d+) of 4 lecture\(s\)", done.stderr)
        count = int(m.group(1)) if m else -1
        ran = re.findall(r"^✓ (\S+)", done.stderr, re.M)
        parts.append(set(ran))
        check(count == len(ran) and count >= 1, f"shard {k}/2 builds its {count} lecture(s) and only those")
        t = traffic(done.stderr)
        check(t is not None and t[2] == count, f"shard {k}/2 stores its results in the remote ({t})")
        if t:
            sent += t[4]
            received += t[3]
    check(parts[0].isdisjoint(parts[1]) and parts[0] | parts[1] == set(LECTURES), f"the shards split the course between them ({parts})")
    # A broken lecture fails only the shard it falls in.
    broken_lecture = sorted(parts[1])[0]
    for k in (1, 2):
        machine = fresh_course(scratch, f"faulty{k}")
        f = machine / broken_lecture
        f.write_text(f.read_text() + "\n```swift\nlet broken: Int = \"no\"\n```\n")
        done = lectern(binary, machine, "check", "--shard", f"{k}/2")
        expected = 1 if k == 2 else 0
        check(done.returncode == expected, f"check --shard {k}/2 exits {expected} when {broken_lecture} (shard 2's) is broken ({done.returncode})")
    print(f"     shards sent {sent} bytes, received {received} bytes")
    stored = server.files()
    check(any(f.startswith("course/ac/") for f in stored) and any(f.startswith("course/cas/") for f in stored),
          "the server holds /ac/ records and /cas/ blobs")

    # The assembling render: a fresh copy whose compiler only logs; nothing runs.
    # The shards stored results, not handouts: a render with the remote prints the handout once and shares it.
    printer = fresh_course(scratch, "printer")
    done = lectern(binary, printer, "render", "-j", "2", env=remote)
    check(done.returncode == 0 and summary(done.stderr) == (0, 4), f"a render after the shards runs nothing ({done.stderr[-300:]})")
    compiler, log = logging_program(scratch, "swiftc")
    chromium, chromium_log = logging_program(scratch, "chromium")
    assemble = fresh_course(scratch, "assemble")
    done = lectern(binary, assemble, "render", "-j", "2", env={**remote, "LECTERN_SWIFTC": str(compiler), "LECTERN_CHROMIUM": str(chromium)})
    check(done.returncode == 0, f"the assembling render succeeds ({done.returncode}: {done.stderr[-400:]})")
    check(summary(done.stderr) == (0, 4), f"the assembling render runs nothing: {summary(done.stderr)}")
    check(not log.exists(), "the assembling render never calls the compiler")
    check(not chromium_log.exists(), "nor Chromium: the handout comes from the remote too")
    check((assemble / "output/02-posterior.pdf").read_bytes()[:4] == b"%PDF", "the assembled site has the handout")
    check(done.stderr.count("cached (remote)") == 4, "every lecture comes from the remote")
    t = traffic(done.stderr)
    print(f"     assembling render: {done.seconds:.2f} s, received {t[3] if t else '?'} bytes, sent {t[4] if t else '?'} bytes")
    check(same_tree(alone / "output", assemble / "output"), "the assembled site equals the one-machine site (diff -r)")
    again = lectern(binary, assemble, "render", "-j", "2", env={**remote, "LECTERN_SWIFTC": str(compiler)})
    print(f"     the same render, all local: {again.seconds:.2f} s")

    # A corrupted blob: the lecture whose figure it was runs again; the site is right.
    blobs = [server.store / f for f in server.files() if f.startswith("course/cas/")]
    figure = max((b for b in blobs if b"<svg" in b.read_bytes()[:200]), key=lambda p: p.stat().st_size)
    original = figure.read_bytes()
    figure.write_bytes(original[:-20] + b"<!-- corrupted -->  ")
    corrupt = fresh_course(scratch, "corrupt")
    done = lectern(binary, corrupt, "render", "-j", "2", env=remote)
    check(done.returncode == 0, f"a corrupted blob does not fail the render ({done.stderr[-300:]})")
    run, stores = summary(done.stderr) or (-1, -1)
    check(run >= 1 and stores >= 1 and run + stores == 4, f"the entry with the corrupted blob is a miss and runs ({run} run, {stores} from stores)")
    check(same_tree(alone / "output", corrupt / "output"), "the site is right despite the corrupted blob")
    # The run stored the entry again; the blob is whole again.
    check(hashlib.sha256(figure.read_bytes()).hexdigest() == figure.name, "the re-run stored the blob again")

    # A garbage record: a miss with a warning.
    timings = hashlib.sha256(b"lectern-record:timings").hexdigest()
    records = sorted(p for p in (server.store / "course/ac").iterdir() if p.name != timings)
    garbage_target = records[0]
    saved = garbage_target.read_bytes()
    garbage_target.write_bytes(b"<html>not a manifest</html>")
    garbage = fresh_course(scratch, "garbage")
    done = lectern(binary, garbage, "render", "-j", "2", env=remote)
    check(done.returncode == 0 and "not a Lectern manifest" in done.stderr, "a garbage record is a miss with a warning")
    check(same_tree(alone / "output", garbage / "output"), "the site is right despite a garbage record")
    garbage_target.write_bytes(saved)

    # A dead server: one warning, every lecture runs, a correct site.
    dead = fresh_course(scratch, "dead")
    done = lectern(binary, dead, "render", "-j", "2", env={"LECTERN_CACHE_URL": f"http://127.0.0.1:{free_port()}/course"})
    check(done.returncode == 0 and done.stderr.count("cannot be reached") == 1, f"a dead server gives one warning ({done.stderr[-300:]})")
    check(summary(done.stderr) == (4, 0), "with a dead server every lecture runs here")
    check(same_tree(alone / "output", dead / "output"), "the site is right with a dead server")

    # A server that never answers: the timeout (1 s here) ends the wait; one warning.
    silent = Silent()
    slow = fresh_course(scratch, "slow")
    yml = slow / "lectern.yml"
    yml.write_text(yml.read_text() + "cache:\n  timeout: 1\n")
    done = lectern(binary, slow, "render", "-j", "2", env={"LECTERN_CACHE_URL": f"http://127.0.0.1:{silent.port}/course"}, timeout=120)
    silent.stop()
    check(done.returncode == 0 and done.stderr.count("warning: the remote cache") == 1, f"a silent server gives one warning ({done.stderr[-300:]})")
    check(done.seconds < 60, f"a silent server costs one timeout, not one per request ({done.seconds:.1f} s)")
    check(same_tree(alone / "output", slow / "output"), "the site is right with a silent server")

    # The server stops in the middle of a build: a second nginx on the same
    # store is killed once the build has made a few requests.
    changed = fresh_course(scratch, "midway")
    for path in LECTURES:
        f = changed / path
        f.write_text(f.read_text() + "\n```swift\nprint(\"one more cell\")\n```\n")
    midway = Nginx(os.path.join(scratch, "nginx-midway"), store=server.store)
    build = subprocess.Popen([binary, "render", "-j", "1"], cwd=changed, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "LECTERN_CACHE_URL": midway.url})
    access = midway.dir / "access.log"
    deadline = time.time() + 120
    while time.time() < deadline and build.poll() is None:
        if access.exists() and len(access.read_text().splitlines()) >= 4:
            break
        time.sleep(0.05)
    midway.kill()
    stderr = build.communicate(timeout=300)[1]
    check(build.returncode == 0 and stderr.count("warning: the remote cache") == 1, f"a server that stops mid-build gives one warning ({stderr[-300:]})")
    check(summary(stderr) == (4, 0) and (changed / "output/index.html").exists(),
          "and the build finishes here with its site")

    # Read-only: nothing is written to the server.
    before = server.files()
    readonly = fresh_course(scratch, "readonly")
    f = readonly / "lectures/04-table.md"
    f.write_text(f.read_text().replace("(1...4)", "(1...5)"))
    done = lectern(binary, readonly, "render", "--remote-cache", "read", env=remote)
    check(done.returncode == 0 and summary(done.stderr) == (1, 3), f"read-only reads the three unchanged lectures and runs the changed one ({summary(done.stderr)})")
    check(server.files() == before, "read-only writes nothing to the server")
    done = lectern(binary, readonly, "render", env={**remote, "LECTERN_REMOTE_CACHE": "read"})
    check(server.files() == before, "LECTERN_REMOTE_CACHE=read writes nothing either")

    # Frozen: `lectern freeze`, then a render with no swiftc on PATH.
    frozen = fresh_course(scratch, "frozen")
    done = lectern(binary, frozen, "freeze")
    check(done.returncode == 0 and (frozen / "_freeze/lectures/01-draws/frozen-key").exists(), f"lectern freeze writes _freeze/ ({done.stderr[-300:]})")
    size = sum(p.stat().st_size for p in (frozen / "_freeze").rglob("*") if p.is_file())
    print(f"     _freeze/ of the fixture course: {size} bytes")
    nocompiler = fresh_course(scratch, "nocompiler")
    shutil.copytree(frozen / "_freeze", nocompiler / "_freeze")
    path = ":".join(p for p in os.environ["PATH"].split(":") if not os.path.exists(os.path.join(p, "swiftc")))
    done = lectern(binary, nocompiler, "render", env={"PATH": path})
    check(done.returncode == 0 and done.stderr.count("cached (frozen)") == 4, f"a frozen course renders with no swiftc on PATH ({done.returncode}: {done.stderr[-300:]})")
    check(same_tree(alone / "output", nocompiler / "output"), "the frozen site equals the one-machine site")
    f = nocompiler / "lectures/02-posterior.md"
    f.write_text(f.read_text().replace("successes: 45", "successes: 44"))
    done = lectern(binary, nocompiler, "check")
    check("lectures/02-posterior.md: warning: its frozen results are stale" in done.stderr, f"check names the stale frozen lecture ({done.stderr[-300:]})")
    check(done.stderr.count("frozen results are stale") == 1, "and only that one")
    lectern(binary, nocompiler, "clean")
    done = lectern(binary, nocompiler, "render", env={"PATH": path})
    check(done.returncode == 2 and "swiftc" in done.stderr, "a stale lecture without a compiler is a setup error (exit 2) that names swiftc")
    f.write_text(f.read_text().replace("successes: 44", "successes: 45"))

    # The workflow `lectern init` writes: its shape, then its steps run here.
    import yaml
    init_dir = Path(scratch) / "init"
    subprocess.run([binary, "init", str(init_dir)], check=True, capture_output=True)
    workflow = yaml.safe_load((init_dir / ".github/workflows/course.yml").read_text())
    jobs = workflow.get("jobs", {})
    check(set(jobs) == {"shards", "site", "deploy"}, f"the workflow has shards, site and deploy jobs ({sorted(jobs)})")
    check(jobs["shards"]["strategy"]["matrix"]["shard"] == [1, 2, 3], "the shards run as a matrix")
    check(jobs["site"]["needs"] == "shards" and jobs["deploy"]["needs"] == "site", "site waits for the shards, deploy for the site")
    env = workflow.get("env", {})
    check("secrets.LECTERN_CACHE_URL" in env.get("LECTERN_CACHE_URL", "") and "read" in env.get("LECTERN_REMOTE_CACHE", ""),
          "the cache comes from a secret, and pull requests only read it")
    steps = {s.get("id"): s for job in ("shards", "site") for s in jobs[job]["steps"] if s.get("id")}
    ci_server = Nginx(os.path.join(scratch, "nginx-ci"))
    try:
        ci_remote = {"LECTERN_CACHE_URL": ci_server.url, "LECTERN_REMOTE_CACHE": "read-write"}
        for k in (1, 2, 3):
            machine = fresh_course(scratch, f"ci-shard{k}")
            shell = subprocess.run(["bash", "-e", "-c", steps["shard"]["run"]], cwd=machine, capture_output=True, text=True,
                                   env={**os.environ, **ci_remote, "SHARD": f"{k}/3", "PATH": os.path.dirname(binary) + ":" + os.environ["PATH"]})
            check(shell.returncode == 0, f"the workflow's shard step runs here as shard {k}/3 ({shell.stderr[-300:]})")
        machine = fresh_course(scratch, "ci-site")
        shell = subprocess.run(["bash", "-e", "-c", steps["assemble"]["run"]], cwd=machine, capture_output=True, text=True,
                               env={**os.environ, **ci_remote, "LECTERN_SWIFTC": str(compiler), "PATH": os.path.dirname(binary) + ":" + os.environ["PATH"]})
        check(shell.returncode == 0 and summary(shell.stderr) == (0, 4), f"the workflow's assemble step runs nothing after the shards ({summary(shell.stderr)})")
        check(same_tree(alone / "output", machine / "output"), "and writes the one-machine site")
    finally:
        ci_server.stop()

    # Local hygiene: the store is pruned to its budget; clean removes the state folder.
    pruned = fresh_course(scratch, "pruned")
    done = lectern(binary, pruned, "render")
    cache = pruned / ".lectern/cache"
    entries = [p for p in cache.iterdir() if not p.name.startswith(".")]
    check(len(entries) == 4, "the local store holds one entry per lecture")
    yml = pruned / "lectern.yml"
    yml.write_text(yml.read_text() + "cache:\n  size: 1 B\n")
    f = pruned / "lectures/04-table.md"
    f.write_text(f.read_text().replace("(1...4)", "(1...6)"))
    done = lectern(binary, pruned, "render")
    left = [p for p in cache.iterdir() if not p.name.startswith(".")]
    check(len(left) == 0, f"past its budget the store lets go of its least recently used entries ({len(left)} left)")
    done = lectern(binary, pruned, "clean")
    check(done.returncode == 0 and not (pruned / ".lectern").exists() and (pruned / "output/index.html").exists(),
          "lectern clean removes .lectern/ and leaves the site")


if __name__ == "__main__":
    main()
