"""In a real browser, the rendered course site as a reader meets it: search,
phones, copy buttons, dark mode, print, keyboard, contrast, math without scripts.
Usage: site.py OUTPUT_DIR [SHOTS_DIR]
With SHOTS_DIR, also saves a screenshot of every page in both themes at 1280
and 390 px (full height), to look at."""
import functools, http.server, json, os, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, failures, finish  # noqa: E402

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

site = os.path.abspath(sys.argv[1])
shots = sys.argv[2] if len(sys.argv) > 2 else None
pages = sorted(p for p in os.listdir(site) if p.endswith(".html") and p != "index.html" and not p.endswith(".slides.html"))
assert len(pages) >= 5, f"expected the course's pages in {site}: {pages}"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}/"

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,900"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20, poll_frequency=0.05)


def open_page(page, width=1280, height=900, theme=None):
    driver.set_window_size(width, height)
    driver.get(base + page)
    driver.execute_script("localStorage.removeItem('lectern-theme'); delete document.documentElement.dataset.theme;")
    if theme:
        driver.execute_script(f"localStorage.setItem('lectern-theme', '{theme}')")
        driver.get(base + page)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


try:
    # Search: a word only lecture 04 uses, typed; the first result opens its section.
    open_page(pages[0])
    box = driver.find_element(By.ID, "search")
    box.click()
    box.send_keys("overtraining")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li[role=option] a"))
    first = driver.find_element(By.CSS_SELECTOR, "#search-results li[role=option] a")
    href = first.get_attribute("href")
    check("04-ml-for-physics.html#" in href, f"search finds 'overtraining' in lecture 04 ({href})")
    box.send_keys(Keys.ENTER)
    wait.until(lambda d: "04-ml-for-physics.html" in d.current_url)
    fragment = driver.execute_script("return decodeURIComponent(location.hash.slice(1))")
    section_text = driver.execute_script("""
        const h = document.getElementById(arguments[0]); if (!h) return '';
        let text = h.textContent, n = h.nextElementSibling;
        while (n && !/^H[1-3]$/.test(n.tagName)) { text += ' ' + n.textContent; n = n.nextElementSibling; }
        return text;""", fragment)
    check("overtrain" in section_text.lower(), f"the result opens the section that has the word (#{fragment})")
    # The index (prose, captions, tables, values and code) loads on the first search; compressed as a
    # server sends it, it stays well under the KaTeX fonts every page with math loads.
    import gzip
    index_size = len(gzip.compress(open(os.path.join(site, "assets", "search-index.js"), "rb").read()))
    fonts = sum(os.path.getsize(os.path.join(site, "assets/katex/fonts", f)) for f in os.listdir(os.path.join(site, "assets/katex/fonts")))
    check(index_size < fonts / 8, f"the search index ({index_size} B gzipped) is well under the KaTeX fonts ({fonts} B)")

    # Keyboard: the skip link comes first, "/" focuses the search.
    open_page(pages[1])
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    check(driver.execute_script("return document.activeElement.className") == "skip-link", "Tab reaches the skip link first")
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    check(driver.execute_script("return document.activeElement.id") == "search", "'/' focuses the search")

    # Keyboard alone: Tab walks the page, and every stop is on screen with a visible focus ring
    # (the Enlarge buttons and the scrolling boxes included, on a phone).
    for width in (1280, 390):
        open_page(pages[1], width=width, height=844)
        body = driver.find_element(By.TAG_NAME, "body")
        unseen, stops = [], 0
        for _ in range(200):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            state = driver.execute_script("""
                const e = document.activeElement, st = getComputedStyle(e), r = e.getBoundingClientRect();
                return [e.tagName + '.' + e.className, st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 1, r.width > 0 && r.height > 0];""")
            if state[0].startswith("BODY"):
                break  # past the last stop: the focus left the page
            stops += 1
            if not (state[1] and state[2]):
                unseen.append(state[0])
        check(stops > 20 and not unseen, f"at {width} px, all {stops} Tab stops show where the focus is {unseen[:5]}")

    # Copy: the button's handler gives the code as shown, without //| option lines.
    open_page(pages[1])
    copied = driver.execute_script("""
        const b = [...document.querySelectorAll('.copyable .copy-button')].find(b => b.parentNode.querySelector('pre.code'));
        return [window.lecternCopyText(b), b.parentNode.querySelector('pre.code').textContent];""")
    check(copied[0] == copied[1] and len(copied[0]) > 20 and "//|" not in copied[0], "the copy button copies the code without //| lines")
    n_buttons = driver.execute_script("return document.querySelectorAll('.copy-button').length")
    n_blocks = driver.execute_script("return document.querySelectorAll('article pre.code, article pre.output').length")
    check(n_buttons == n_blocks and n_blocks > 0, f"every code block and output has a copy button ({n_buttons}/{n_blocks})")

    # Dark mode: the toggle changes the background and a figure's axis colour, and is remembered.
    open_page(pages[1])
    def colours():
        return driver.execute_script("""
            const axis = document.querySelector('figure svg [stroke="currentColor"]');
            return [getComputedStyle(document.body).backgroundColor, axis ? getComputedStyle(axis).stroke : null];""")
    light = colours()
    driver.find_element(By.CSS_SELECTOR, ".theme-toggle").click()
    dark = colours()
    check(light[0] != dark[0] and light[1] and light[1] != dark[1], f"dark mode changes the background and the axes ({light} -> {dark})")
    driver.refresh()
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
    check(colours() == dark, "the chosen theme persists across pages and reloads")
    driver.execute_script("localStorage.removeItem('lectern-theme')")
    # The system's dark preference alone (no choice made) gives the dark theme too.
    open_page(pages[1])
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    check(colours() == dark, f"prefers-color-scheme: dark gives the dark theme ({colours()})")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    # Print: no navigation, no search; figures and code not cut.
    open_page(pages[1])
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = driver.execute_script("""
        return ['.sidebar', '.site-header', '.pager'].map(s => getComputedStyle(document.querySelector(s)).display);""")
    check(all(d == "none" for d in hidden), f"print hides the navigation ({hidden})")
    wraps = driver.execute_script("return getComputedStyle(document.querySelector('pre.code')).whiteSpace")
    check(wraps == "pre-wrap", "printed code wraps instead of being cut")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    # Phones: no page-wide horizontal scrolling on any page; the menu opens the course.
    for page in pages + ["index.html"]:
        open_page(page, width=390, height=844)
        over = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        check(over[0] <= over[1], f"{page} at 390 px has no horizontal overflow ({over[0]} <= {over[1]})")
    open_page(pages[2], width=390, height=844)
    check(not driver.find_element(By.ID, "sidebar").is_displayed(), "on a phone the course is behind the menu")
    driver.find_element(By.CSS_SELECTOR, ".menu-toggle").click()
    links = driver.find_elements(By.CSS_SELECTOR, "#sidebar > ol > li > a")
    check(driver.find_element(By.ID, "sidebar").is_displayed() and len(links) == len(pages), "the menu lists every lecture")
    current = driver.find_element(By.CSS_SELECTOR, "#sidebar li.current > a")
    check(current.get_attribute("aria-current") == "page", "the current lecture is marked")

    # Figures: shown at their own width (96 px to the inch, capped by the column), so text is one
    # size across a page's figures; on a phone never below 9 px (they scroll instead); ink in the theme.
    figure_js = """
        return [...document.querySelectorAll('figure svg')].map(s => {
            const box = s.viewBox.baseVal, r = s.getBoundingClientRect(), scale = r.width / box.width;
            const sizes = [...s.querySelectorAll('text, tspan')].map(t => parseFloat(t.getAttribute('font-size'))).filter(x => x > 0);
            const main = sizes.length ? Math.max(...sizes.filter(x => x <= 10)) * scale : 0;
            const scroller = s.parentElement;
            return {natural: +s.getAttribute('width'), shown: r.width, column: scroller.clientWidth,
                    smallest: sizes.length ? Math.min(...sizes) * scale : 99, tick: main,
                    scrolls: scroller.scrollWidth > scroller.clientWidth + 1};
        });"""
    for page in pages:
        open_page(page)
        figures = driver.execute_script(figure_js)
        uncapped = [f for f in figures if f["natural"] <= f["column"]]
        check(all(abs(f["shown"] - f["natural"]) < 1 for f in uncapped),
              f"{page} at 1280 px: {len(uncapped)} figures narrower than the column are shown at their fig-width")
        ticks = sorted({round(f["tick"], 1) for f in uncapped if f["tick"]})
        check(len(ticks) <= 1, f"{page} at 1280 px: tick text is one size in every uncapped figure ({ticks} px)")
    # Phones (390 and 320 px): every figure is shown whole, and one whose text is then below 9 px
    # has its "Enlarge" button in view; every equation and table fits, or scrolls by keyboard too
    # with a visible note saying so.
    phone_js = """
        const out = {figures: [], boxes: []};
        for (const f of document.querySelectorAll('article figure')) {
            const s = f.querySelector('svg'); if (!s) continue;
            const r = s.getBoundingClientRect(), box = s.viewBox.baseVal, scale = r.width / box.width;
            const sizes = [...s.querySelectorAll('text, tspan')].map(t => parseFloat(t.getAttribute('font-size'))).filter(x => x > 0);
            const b = f.querySelector('.figure-zoom'), br = b && b.getBoundingClientRect();
            out.figures.push({id: f.id, whole: r.left >= -0.5 && r.right <= innerWidth + 0.5 && r.width <= f.clientWidth + 0.5,
                              smallest: sizes.length ? Math.min(...sizes) * scale : 99,
                              button: !!b && !b.hidden && br.width > 0 && br.right <= innerWidth + 0.5});
        }
        for (const e of document.querySelectorAll('article .math.display, article .table-wrap')) {
            const next = e.nextElementSibling;
            out.boxes.push({what: e.className, fits: e.scrollWidth <= e.clientWidth + 1, inside: e.getBoundingClientRect().right <= innerWidth + 0.5,
                            keyboard: e.tabIndex === 0, note: !!next && next.classList.contains('scroll-note') && next.getBoundingClientRect().height > 0});
        }
        return out;"""
    for width in (390, 320):
        for page in pages:
            open_page(page, width=width, height=844)
            seen = driver.execute_script(phone_js)
            cut = [f["id"] or "?" for f in seen["figures"] if not f["whole"]]
            hidden = [f["id"] or "?" for f in seen["figures"] if f["smallest"] < 8.99 and not f["button"]]
            enlarge = sum(f["button"] for f in seen["figures"])
            check(not cut and not hidden, f"{page} at {width} px: {len(seen['figures'])} figures whole, {enlarge} with Enlarge in view (cut {cut}, small without it {hidden})")
            bad = [b["what"] for b in seen["boxes"] if not b["inside"] or not (b["fits"] or (b["keyboard"] and b["note"]))]
            wide = sum(not b["fits"] for b in seen["boxes"])
            check(not bad, f"{page} at {width} px: {len(seen['boxes'])} equations and tables fit or scroll with a note ({wide} scroll) {bad}")
    # Enlarge opens the figure full-screen at its own width; Escape closes it.
    open_page(pages[1], width=390, height=844)
    driver.execute_script("document.querySelector('.figure-zoom:not([hidden])').scrollIntoView({block: 'center'})")
    driver.find_element(By.CSS_SELECTOR, ".figure-zoom:not([hidden])").click()
    view = driver.execute_script("""
        const d = document.getElementById('figure-view'), s = d.querySelector('svg'), b = d.querySelector('.figure-view-body');
        return {open: d.open, width: s.getBoundingClientRect().width, natural: +s.getAttribute('width'), pans: b.scrollWidth > b.clientWidth,
                focus: document.activeElement === b, title: d.querySelector('.figure-view-title').textContent};""")
    check(view["open"] and abs(view["width"] - view["natural"]) < 1 and view["pans"] and view["focus"] and view["title"].startswith("Figure"),
          f"Enlarge shows the figure at its own width ({view['width']:.0f} px), to pan, with its caption ({view['title'][:30]}…)")
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    check(not driver.execute_script("return document.getElementById('figure-view').open"), "Escape closes the enlarged figure")
    open_page(pages[0], theme="dark")
    ink = driver.execute_script("""
        const s = document.querySelector('figure svg');
        const axis = [...s.querySelectorAll('path')].find(p => p.getAttribute('stroke') === 'currentColor');
        const text = s.querySelector('text');
        return [getComputedStyle(axis).stroke, getComputedStyle(text).fill, getComputedStyle(document.body).color];""")
    check(ink[0] == ink[2] and ink[1] == ink[2], f"dark theme: a figure's axes and text take the page's text colour ({ink})")

    # Accessibility: headings in order, figures named, text contrast AA in both themes.
    contrast_js = """
        function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); }
        function lum(c) { const v = c.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                          return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
        function background(e) { for (; e; e = e.parentElement) { const b = rgb(getComputedStyle(e).backgroundColor); if (b) return b; } return [255, 255, 255]; }
        const worst = []; let least = 99;
        for (const sel of ['article p', '.byline', '.subtitle', 'article a', 'figcaption', '.sidebar a', 'pre.code', 'pre.output', '.co', '.kw', '.st', '.nu', '.ty', 'th', 'td']) {
            const e = document.querySelector(sel); if (!e) continue;
            const f = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
            const ratio = (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
            least = Math.min(least, ratio);
            if (ratio < 4.5) worst.push(sel + ' ' + ratio.toFixed(2));
        }
        return [worst, least];"""
    for theme in ("light", "dark"):
        for page in pages:
            open_page(page, theme=theme)
            low, least = driver.execute_script(contrast_js)
            check(not low, f"{page} ({theme}): text contrast is at least 4.5:1 (lowest {least:.2f}) {low}")
    for page in pages:
        open_page(page)
        levels = driver.execute_script("return [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')].map(h => +h.tagName[1])")
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        check(levels and levels[0] == 1 and not skips, f"{page}: heading levels in order {skips}")
        unnamed = driver.execute_script("return [...document.querySelectorAll('figure svg')].filter(s => !(s.getAttribute('aria-label') || '').trim()).length")
        check(unnamed == 0, f"{page}: every figure has an accessible name")
        tex = driver.execute_script("return [...document.querySelectorAll('figure svg')].map(s => s.getAttribute('aria-label')).filter(l => /[\\\\$]|_\\{|\\^\\{/.test(l))")
        check(not tex, f"{page}: figure names are plain text, no TeX {tex[:2]}")

    # Figure colours: in both themes, every data colour a figure uses (the Okabe–Ito palette, grey and
    # black, as CSS shows them) is drawn somewhere in that figure at 3:1 or more against the page, and
    # every translucent fill is outlined by a solid stroke of its colour at 3:1 (WCAG 1.4.11).
    colour_js = contrast_js.split("const worst")[0] + """
        const page = background(document.querySelector('article'));
        const palette = ['#0072b2', '#d55e00', '#009e73', '#e69f00', '#cc79a7', '#56b4e9', '#f0e442', '#7f7f7f', '#000', '#000000'];
        function ratio(c) { const f = lum(c), b = lum(page); return (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05); }
        function over(c, a) { return c.map((x, i) => a * x + (1 - a) * page[i]); }
        const out = [];
        document.querySelectorAll('article figure svg').forEach((svg, n) => {
            const best = {}, fills = {};
            for (const e of svg.querySelectorAll('*')) {
                for (const kind of ['fill', 'stroke']) {
                    const own = (e.getAttribute(kind) || '').toLowerCase();
                    if (!palette.includes(own)) continue;
                    const st = getComputedStyle(e), c = rgb(st[kind]); if (!c) continue;
                    const alpha = parseFloat(kind === 'fill' ? st.fillOpacity : st.strokeOpacity) * parseFloat(st.opacity);
                    const r = ratio(over(c, alpha));
                    if (!e.querySelector('*')) best[own] = Math.max(best[own] || 0, alpha > 0.99 ? r : Math.min(r, 99));
                    if (kind === 'stroke' && alpha > 0.99) best['edge ' + own] = Math.max(best['edge ' + own] || 0, r);
                    if (kind === 'fill' && alpha < 0.99) fills[own] = true;
                }
            }
            // Attributes set on a group apply to its children: count the group's colour on them.
            for (const g of svg.querySelectorAll('g[fill], g[stroke]')) {
                for (const kind of ['fill', 'stroke']) {
                    const own = (g.getAttribute(kind) || '').toLowerCase();
                    if (!palette.includes(own) || !g.querySelector('*')) continue;
                    const st = getComputedStyle(g), c = rgb(st[kind]); if (!c) continue;
                    const alpha = parseFloat(kind === 'fill' ? st.fillOpacity : st.strokeOpacity);
                    const r = ratio(over(c, alpha));
                    best[own] = Math.max(best[own] || 0, r);
                    if (kind === 'stroke' && alpha > 0.99) best['edge ' + own] = Math.max(best['edge ' + own] || 0, r);
                    if (kind === 'fill' && alpha < 0.99) fills[own] = true;
                }
            }
            for (const [colour, r] of Object.entries(best)) if (!colour.startsWith('edge ')) out.push([n + 1, colour, r, 'drawn']);
            for (const colour of Object.keys(fills)) out.push([n + 1, colour, best['edge ' + colour] || 0, 'outline of its translucent fill']);
        });
        return out;"""
    for theme in ("light", "dark"):
        counted, low = 0, []
        for page in pages:
            open_page(page, theme=theme)
            for figure, colour, r, how in driver.execute_script(colour_js):
                counted += 1
                if r < 3:
                    low.append(f"{page[:2]} fig {figure} {colour} {how} {r:.2f}:1")
        check(counted > 40 and not low, f"{theme}: every data colour of every figure is drawn at 3:1 or more ({counted} colour uses) {low[:8]}")

    # Search finds a caption word, a code identifier and the words around an inline value, and its
    # snippets show values, references and math as text (no holes, no TeX, no @label).
    open_page(pages[0])
    box = driver.find_element(By.ID, "search")
    box.click()
    def search(query):
        return driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const wait = () => { const r = window.lecternSearch(arguments[0]); if (r.length || Date.now() > start + 5000) done(r); else setTimeout(wait, 50); };
            const start = Date.now(); wait();""", query)
    found = search("stations distance downtown excess")
    check(any("02-box-factory" in r["href"] for r in found), f"a caption's words find lecture 02's figure ({[r['title'] for r in found[:3]]})")
    found = search("onTriangle")
    check(found and found[0]["code"] and "onTriangle" in found[0]["snippet"], f"a code identifier finds the cell that uses it ({[r['title'] for r in found[:2]]})")
    found = search("equal-tailed credible interval")
    snippets = " ".join(r["snippet"] for r in search("slope") + search("interval") + found)
    holes = [h for h in (" , ", " . ", "is ,", "from to", "$", "\\", "@tbl-", "@fig-", "@eq-") if h in snippets]
    check(found and not holes, f"snippets have no holes, TeX or raw references {holes}")
    valued = search("little below the")
    shown = valued[0]["snippet"] if valued else ""
    check("(a+k)/(a+b+n) = 0." in shown, f"a snippet shows the math and the inline value next to its words ({shown[:120]})")

    # axe-core (vendored from PyPI's axe-playwright-python, MPL 2.0): no violation of any impact,
    # on every page, light and dark, at 1280 and 390 px.
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    axe = open(os.path.join(os.path.dirname(spec.origin), "axe.min.js"), encoding="utf-8").read()
    driver.set_script_timeout(120)
    for page in pages + ["index.html"]:
        for width in (1280, 390):
            for theme in ("light", "dark"):
                open_page(page, width=width, height=900, theme=theme)
                driver.execute_script(axe)
                violations = driver.execute_async_script("""
                    const done = arguments[arguments.length - 1];
                    axe.run(document).then(r => done(r.violations.map(v => v.id + ' (' + v.impact + ', ' + v.nodes.length + '): ' +
                        v.nodes.slice(0, 2).map(n => n.target.join(' ')).join('; '))));""")
                check(not violations, f"axe-core: {page} {width} px {theme}: no violations {violations}")

    print("search index:", index_size, "bytes gzipped (page weight: bench/page-weight.py)")

    # Math needs no script: with JavaScript off, formulas are typeset (KaTeX at build time).
    quiet = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1400"]:
        quiet.add_argument(flag)
    quiet.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    noscript = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=quiet)
    try:
        noscript.get(base + pages[1])
        shown = noscript.find_elements(By.CSS_SELECTOR, ".math .katex-html")
        widths = [e.size["width"] for e in shown[:20]]
        raw = noscript.execute_script("return [...document.querySelectorAll('.math')].filter(e => !e.querySelector('.katex')).length")
        check(len(shown) > 20 and all(w > 0 for w in widths) and raw == 0, f"with scripts off, {len(shown)} formulas are typeset ({raw} not)")
        if shots:
            noscript.save_screenshot(os.path.join(shots, "noscript-" + pages[1][:-5] + ".png"))
    finally:
        noscript.quit()

    if shots:
        os.makedirs(shots, exist_ok=True)
        for page in pages + ["index.html"]:
            for width in (1280, 390):
                for theme in ("light", "dark"):
                    open_page(page, width=width, theme=theme)
                    height = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, min(height, 16000))
                    time.sleep(0.2)
                    driver.save_screenshot(os.path.join(shots, f"{page[:-5]}-{width}-{theme}.png"))
        print("screenshots in", shots)
finally:
    driver.quit()
    server.shutdown()

finish("site")
