"""Preview benchmark: from the write of an edit to a lecture to the new site
version on the preview's WebSocket, against `lectern render LECTURE` of the
same edit on a second copy of the course (whose cache then misses exactly that
lecture), alternating, ROUNDS times each; medians printed.
Usage: preview.py LECTERN COURSE_COPY_A COURSE_COPY_B [02|05] [ROUNDS]"""
import base64, os, re, socket, statistics, subprocess, sys, time

lectern, preview_course, render_course = sys.argv[1:4]
which = sys.argv[4] if len(sys.argv) > 4 else "02"
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 1
# Per lecture: each edit as (name, text now, text in round r); each round edits the previous round's text.
EDITS = {
    "02": ("lectures/02-box-factory.md", [
        ("prose edit", "A factory makes boxes.", "A factory makes boxes (edit {r})."),
        ("last cell (bin count of the last figure)", "bins: 48", "bins: 4{r}"),
        ("the model cell (a Model closure reading an earlier cell's data)", "let lineFit = try contaminated.sample()",
         "let lineFit = try contaminated.sample()  // edit {r}"),
        ("middle cell (the template-fit binning)", "let data = Histogram(events[0].1, bins: 25, range: window)",
         "let data = Histogram(events[0].1, bins: 25, range: window)  // edit {r}"),
        ("middle cell, its printout (the fit's text)", "(true: 200)\"", "(true: 200, edit {r})\""),
        ("middle cell, a value later cells read (a signal fraction)", "[0.10, 0.05, 0.0].map", "[0.10, 0.05, 0.00{r}1].map"),
        ("first cell", "let n = 50, k = 45\n", "let n = 50, k = 45  // edit {r}\n"),
    ]),
    "05": ("lectures/05-ml-particle-physics.md", [
        ("prose edit", "## Gradients and stochastic gradient descent", "## Gradients and stochastic gradient descent ({r})"),
        ("last cell (the limits' generator)", "var limitRNG = Xoshiro256(seed: 54)", "var limitRNG = Xoshiro256(seed: 54)  // edit {r}"),
        ("middle cell (the tagging features)", "let jets = 50_000\n", "let jets = 50_000  // edit {r}\n"),
        ("first cell", "let xs = Uniform(-3, 3).sample(count: 4000)\n", "let xs = Uniform(-3, 3).sample(count: 4000)  // edit {r}\n"),
    ]),
}
lecture, edits = EDITS[which]
port = 4000 + os.getpid() % 1000


def connect():
    s = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /__lectern/live HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
    assert b" 101 " in data.split(b"\r\n")[0], data
    return s, data.split(b"\r\n\r\n", 1)[1]


def message(s, data, timeout):
    """The next text frame (servers do not mask), and what follows it."""
    s.settimeout(timeout)
    while True:
        while len(data) < 2:
            data += s.recv(65536)
        length, start = data[1] & 0x7F, 2
        if length == 126:
            while len(data) < 4:
                data += s.recv(65536)
            length, start = int.from_bytes(data[2:4], "big"), 4
        while len(data) < start + length:
            data += s.recv(65536)
        opcode, payload, data = data[0] & 0x0F, data[start:start + length], data[start + length:]
        if opcode == 1:
            return payload.decode(), data


def edit(course, old, new):
    path = os.path.join(course, lecture)
    text = open(path).read()
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)   # as editors save


def render(course):
    t0 = time.time()
    subprocess.run([lectern, "render", lecture], cwd=course, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.time() - t0


log = open(os.path.join(preview_course, "preview.log"), "w")
server = subprocess.Popen([lectern, "preview", "--no-open", "--port", str(port), lecture], cwd=preview_course,
                          stdout=subprocess.DEVNULL, stderr=log)
try:
    deadline = time.time() + 600
    while "checkpoints for fast edits" not in open(log.name).read() and "kept" not in open(log.name).read():
        assert time.time() < deadline and server.poll() is None, open(log.name).read()
        time.sleep(0.2)
    # The warm-up (a full run that keeps checkpoints) is done when its line is printed.
    while not re.search(r"kept \d+ checkpoints", open(log.name).read()):
        assert time.time() < deadline and server.poll() is None, open(log.name).read()
        time.sleep(0.2)
    render(render_course)   # warm the comparison's cache: the edit is then its only miss
    s, data = connect()
    first, data = message(s, data, 10)   # the site's version now
    assert first.startswith("version "), first
    rows = {name: ([], [], "") for name, _, _ in edits}
    now = {name: old for name, old, _ in edits}
    for r in range(rounds):
        for name, _, template in edits:
            new = template.format(r=r)
            t0 = time.time()
            edit(preview_course, now[name], new)
            reply, data = message(s, data, 900)
            seconds = time.time() - t0
            assert reply.startswith("version ") and reply != first, reply
            first = reply
            time.sleep(0.3)
            how = [l for l in open(log.name).read().splitlines() if lecture in l][-1].strip()
            edit(render_course, now[name], new)
            now[name] = new
            rows[name][0].append(seconds)
            rows[name][1].append(render(render_course))
            rows[name] = (rows[name][0], rows[name][1], how)
    print(f"preview benchmark: {lecture}, {os.cpu_count()} cores, release build, medians of {rounds}")
    print(f"{'edit':44} {'preview':>9} {'render':>9} {'ratio':>7}  how the preview ran it (last round)")
    for name, (p, r, how) in rows.items():
        p, r = statistics.median(p), statistics.median(r)
        print(f"{name:44} {p:8.2f}s {r:8.2f}s {r / p:6.1f}x  {how.split('  ', 1)[-1]}")
finally:
    server.send_signal(2)
    server.wait(timeout=30)
