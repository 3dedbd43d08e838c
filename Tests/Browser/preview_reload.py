"""In a real browser: open `lectern preview`, edit the lecture on disk, and
see the new output in the DOM without reloading by hand, scroll kept; then
the same for the lecture's slides (the slide kept), and its handout rebuilt.
Usage: preview_reload.py LECTERN FIXTURE"""
import os, shutil, signal, subprocess, sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, finish  # noqa: E402

lectern, fixture = sys.argv[1:3]
course = tempfile.mkdtemp(prefix="lectern-browser-")
os.makedirs(os.path.join(course, "lectures"))
lecture = os.path.join(course, "lectures", "incremental.md")
shutil.copy(fixture, lecture)
with open(os.path.join(course, "lectern.yml"), "w") as f:
    f.write("format: [html, revealjs, pdf]\n")
log_path = os.path.join(course, "preview.log")
port = 4500 + os.getpid() % 400
server = subprocess.Popen([lectern, "preview", "--no-open", "--port", str(port)], cwd=course,
                          stdout=subprocess.DEVNULL, stderr=open(log_path, "w"))
driver = None


try:
    deadline = time.time() + 180
    while "preview: http" not in open(log_path).read():
        assert server.poll() is None and time.time() < deadline, open(log_path).read()
        time.sleep(0.2)
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    started = time.time()
    driver.get(f"http://127.0.0.1:{port}/incremental.html")
    first_page = time.time() - started
    def body():
        # The page may be reloading at this very moment: no element handle
        # to go stale, and a failed read is an empty page, not an error.
        try:
            return driver.execute_script("return document.body ? document.body.innerText : ''") or ""
        except Exception:
            return ""
    # A cold course: the first page comes at once from what the cache has
    # (here nothing: the text, saying the cells are running), and reloads by
    # itself when the lecture has run.
    check("Running." in body() or "cell three: 255" in body(), f"the first page is served at once ({first_page:.2f} s)")
    deadline = time.time() + 120
    while "cell three: 255" not in body() and time.time() < deadline:
        time.sleep(0.2)
    check("cell three: 255" in body() and "Running." not in body(), "the page reloads by itself with the cells' outputs")
    # Wait until the page's reload socket is open, then scroll and edit.
    time.sleep(1.0)
    driver.execute_script("window.scrollTo(0, 400)")
    scrolled = driver.execute_script("return window.scrollY")
    text = open(lecture).read().replace("total += 200", "total += 300")
    with open(lecture + ".tmp", "w") as f:
        f.write(text)
    os.rename(lecture + ".tmp", lecture)
    t0 = time.time()
    try:
        WebDriverWait(driver, 90, poll_frequency=0.1).until(lambda d: "cell three: 355" in body())
        check(True, f"the edited output appeared without a manual reload ({time.time() - t0:.2f} s)")
    except Exception:
        served = ""
        try:
            import urllib.request
            served = urllib.request.urlopen(f"http://127.0.0.1:{port}/incremental.html", timeout=5).read().decode()
        except Exception as e:
            served = f"(could not fetch: {e})"
        check(False, f"the edited output appeared without a manual reload after {time.time() - t0:.1f} s; "
                     f"the server's page has it: {'cell three: 355' in served}; preview log:\n" + open(log_path).read()[-2000:])
    time.sleep(0.5)
    y = driver.execute_script("return window.scrollY")
    check(scrolled > 0 and abs(y - scrolled) <= 2, f"the scroll position is kept ({scrolled} -> {y})")
    log = open(log_path).read()
    check("from the checkpoint" in log or "from its checkpoint" in log, "the edit ran from a checkpoint")

    # The deck: open the slide with cell three's output, edit, and the deck
    # reloads on that same slide with the new output; the handout is printed again.
    handout = os.path.join(course, ".lectern", "preview", "incremental.pdf")
    deadline = time.time() + 60
    while not os.path.exists(handout) and time.time() < deadline:
        time.sleep(0.2)
    check(os.path.exists(handout), "the preview prints the handout")
    before = os.path.getmtime(handout) if os.path.exists(handout) else 0
    driver.get(f"http://127.0.0.1:{port}/incremental.slides.html")
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.documentElement.dataset.deckReady === 'true'"))
    slide = driver.execute_script("""
        return Array.from(document.querySelectorAll('.slides > section')).findIndex(s => s.textContent.includes('cell three: 355'));""")
    driver.execute_script("Reveal.slide(arguments[0])", slide)
    time.sleep(1.0)
    text = open(lecture).read().replace("total += 300", "total += 400")
    with open(lecture + ".tmp", "w") as f:
        f.write(text)
    os.rename(lecture + ".tmp", lecture)
    t0 = time.time()
    def deck_shows_edit(d):
        try:
            return d.execute_script("return document.documentElement.dataset.deckReady === 'true' && "
                                    "Reveal.getCurrentSlide().textContent.includes('cell three: 455')")
        except Exception:
            return False
    try:
        WebDriverWait(driver, 90, poll_frequency=0.1).until(deck_shows_edit)
        check(True, f"the deck reloaded with the edit, on the slide it was on ({slide + 1}) ({time.time() - t0:.2f} s)")
    except Exception:
        check(False, f"the deck reloaded with the edit on slide {slide + 1}; now on {driver.execute_script('return Reveal.getIndices().h') + 1}")
    deadline = time.time() + 60
    while os.path.getmtime(handout) <= before and time.time() < deadline:
        time.sleep(0.2)
    check(os.path.getmtime(handout) > before, "the handout is printed again after the edit")
finally:
    if driver:
        driver.quit()
    server.send_signal(signal.SIGINT)
    status = server.wait(timeout=30)
    check(status == 130, f"Ctrl-C ends the preview (exit {status})")
    shutil.rmtree(course, ignore_errors=True)

finish("preview")
