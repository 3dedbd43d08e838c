"""In a real browser, every slide deck of the rendered course, opened from
file:// as a student would open it offline: every slide of every deck is
walked at 1280x720 and must fit (nothing outside the slide, no scrolling),
math is typeset, speaker notes exist and the speaker view opens, the arrow
keys move forward and back, the overview opens, and the deck prints one
slide a page.
Usage: deck.py OUTPUT_DIR [SHOTS_DIR]
With SHOTS_DIR, also saves a screenshot of every slide (light, and the first
slides dark) to look at."""
import os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, failures, finish  # noqa: E402

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

site = os.path.abspath(sys.argv[1])
shots = sys.argv[2] if len(sys.argv) > 2 else None
decks = sorted(p for p in os.listdir(site) if p.endswith(".slides.html"))
assert len(decks) >= 5, f"expected the course's decks in {site}: {decks}"


options = webdriver.ChromeOptions()
# The speaker view is a window the deck writes itself, whose load never
# "completes" for the driver: waits below are on the deck's own signals.
options.page_load_strategy = "none"
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,720",
             "--allow-file-access-from-files", "--disable-popup-blocking", "--disable-background-timer-throttling",
             "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
# The viewport itself 1280x720 (the window's size would include its frame).
driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
driver.set_script_timeout(20)
wait = WebDriverWait(driver, 20, poll_frequency=0.05)


def ready(d):
    """The deck asked for last has laid itself out (not the one before it)."""
    try:
        return d.execute_script("return document.documentElement.dataset.deckReady === 'true' && location.href.indexOf(arguments[0]) >= 0",
                                expected[0])
    except Exception:
        return False


expected = [""]


def open_deck(url):
    expected[0] = url.split("/")[-1].split("#")[0]
    driver.get(url)
    wait.until(ready)

# What lies outside the current slide: every element's box against the
# slide's box (in the slide's own coordinates, so reveal's scaling cancels),
# and the slide's own scroll height against its height.
OVERFLOW = """
const s = Reveal.getCurrentSlide();
const box = s.getBoundingClientRect();
const scale = box.height / s.offsetHeight || 1;
const out = [];
if (s.scrollHeight > s.clientHeight + 1) out.push('scrolls ' + s.scrollHeight + ' > ' + s.clientHeight);
for (const e of s.querySelectorAll('.slide-body *, h1, h2')) {
  if (e.closest('aside.notes') || e.closest('.katex-mathml')) continue;
  // Inside a formula only the formula's own box counts (KaTeX clips its wide radical and brace paths).
  if (e.parentElement && e.parentElement.closest('.katex')) continue;
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  if (r.bottom > box.bottom + 2 * scale || r.right > box.right + 2 * scale || r.left < box.left - 2 * scale) {
    out.push(e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') +
             ' ' + Math.round((r.bottom - box.top) / scale) + 'px');
    if (out.length > 3) break;
  }
}
return out;"""

try:
    total = 0
    for deck in decks:
        url = "file://" + os.path.join(site, deck)
        open_deck(url)
        count = driver.execute_script("return Reveal.getTotalSlides()")
        check(count >= 5, f"{deck}: {count} slides")
        overflowing, scrolling = [], []
        untypeset = []
        for h in range(count):
            driver.execute_script("Reveal.slide(arguments[0], 0, -1)", h)
            time.sleep(0.03)
            out = driver.execute_script(OVERFLOW)
            if out:
                line = driver.execute_script("return Reveal.getCurrentSlide().dataset.line")
                overflowing.append(f"slide {h + 1} (line {line}): {out}")
            if driver.execute_script("return Reveal.getCurrentSlide().classList.contains('scrollable')"):
                scrolling.append(h + 1)
            raw = driver.execute_script(r"""
                const s = Reveal.getCurrentSlide().cloneNode(true);
                s.querySelectorAll('aside.notes, pre, code, .katex').forEach(e => e.remove());
                return /\$\$|\\\(|\\frac|\\sum/.test(s.textContent);""")
            if raw:
                untypeset.append(h + 1)
            if shots:
                driver.save_screenshot(os.path.join(shots, f"{deck[:-12]}-{h + 1:02d}.png"))
        total += count
        check(not overflowing, f"{deck}: every slide fits 1280x720 {overflowing[:4]}")
        check(not scrolling, f"{deck}: no slide needs to scroll {scrolling}")
        check(not untypeset, f"{deck}: math typeset on every slide {untypeset}")
        katex = driver.execute_script("return document.querySelectorAll('.slides .katex').length")
        check(katex > 0, f"{deck}: {katex} formulas typeset at build time")
        notes = driver.execute_script("return document.querySelectorAll('.slides aside.notes').length")
        check(notes > 0, f"{deck}: {notes} slides carry speaker notes")

        # Keys: right moves on, left moves back; the overview opens with Escape.
        driver.execute_script("Reveal.slide(0)")
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.ARROW_RIGHT)
        time.sleep(0.1)
        body.send_keys(Keys.ARROW_RIGHT)
        time.sleep(0.1)
        after = driver.execute_script("return Reveal.getIndices().h")
        body.send_keys(Keys.ARROW_LEFT)
        time.sleep(0.1)
        back = driver.execute_script("return Reveal.getIndices().h")
        check(after >= 1 and back == after - 1 or (after == 1 and back == 0), f"{deck}: → moves on (to {after}), ← back (to {back})")
        body.send_keys(Keys.ESCAPE)
        time.sleep(0.2)
        check(driver.execute_script("return Reveal.isOverview()"), f"{deck}: Escape opens the overview")
        body.send_keys(Keys.ESCAPE)
        if shots and deck == decks[1]:
            driver.execute_script("localStorage.setItem('lectern-theme', 'dark')")
            for h in range(3):
                open_deck(url + f"?dark={h}#/{h}")
                time.sleep(0.1)
                driver.save_screenshot(os.path.join(shots, f"{deck[:-12]}-dark-{h + 1:02d}.png"))
            driver.execute_script("localStorage.removeItem('lectern-theme')")

    # The speaker view: 's' opens a window with the current slide's notes, the next slide and a timer.
    deck = decks[1]
    open_deck("file://" + os.path.join(site, deck))
    main = driver.current_window_handle
    slide = driver.execute_script("""
        const all = Array.from(document.querySelectorAll('.slides > section'));
        return all.findIndex(s => s.querySelector('aside.notes'));""")
    driver.execute_script("Reveal.slide(arguments[0])", slide)
    driver.find_element(By.TAG_NAME, "body").send_keys("s")
    WebDriverWait(driver, 10).until(lambda d: len(d.window_handles) > 1)
    driver.switch_to.window([h for h in driver.window_handles if h != main][0])
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "const n = document.querySelector('.speaker-controls-notes .value'); return !!n && n.textContent.trim().length > 0"))
    shown = driver.execute_script("""return {
        notes: document.querySelector('.speaker-controls-notes .value').textContent.trim().length,
        next: !!document.querySelector('#upcoming-slide iframe'),
        timer: !!document.querySelector('.speaker-controls-time')}""")
    check(shown["notes"] > 0 and shown["next"] and shown["timer"], f"the speaker view shows notes, the next slide and a timer {shown}")
    driver.close()
    driver.switch_to.window(main)

    # Printing: ?print-pdf lays out one slide a page.
    open_deck("file://" + os.path.join(site, decks[0]) + "?print-pdf")
    # reveal.js lays the pages out after it is ready; wait for them to settle.
    try:
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.querySelectorAll('.pdf-page').length") > 0)
    except Exception:
        pass
    time.sleep(0.5)
    pages = driver.execute_script("return document.querySelectorAll('.pdf-page').length")
    count = driver.execute_script("return Reveal.getTotalSlides()")
    check(pages == count, f"print-pdf: {pages} pages for {count} slides")
    print(f"{total} slides walked in {len(decks)} decks")
finally:
    driver.quit()

finish("deck")
