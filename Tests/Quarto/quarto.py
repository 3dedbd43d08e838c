"""Quarto's vocabulary end to end (issue 27), on the fixture course beside this file:

- it renders with no warning and exit 0;
- in Chromium at 1280 and 390 px: tabs (click and arrow keys; one panel shown),
  a collapsed callout and a folded solution (shut until clicked), the figure
  grid (side by side at 1280, stacked at 390), citations linked to the
  References section;
- a render with --no-solutions holds no trace of a solution in any file of the
  site (pages, slides, search index, downloads, figures, the handout read back
  with pdftotext), and the figure numbers close up;
- an unknown citation key is an error at its line (exit 1).

usage: quarto.py LECTERN
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

HERE = Path(__file__).resolve().parent
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def render(binary, course, *args):
    return subprocess.run([binary, "render", *args], cwd=course, capture_output=True, text=True, timeout=600)


def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--force-device-scale-factor=1", "--allow-file-access-from-files"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def click(d, element):
    """A real click, with the element moved out from under the sticky header first."""
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    time.sleep(0.1)
    element.click()


def in_browser(page):
    d = browser()
    try:
        for width in (1280, 390):
            d.set_window_size(width, 900)
            d.get(page.as_uri())
            time.sleep(0.5)
            tabs = d.find_elements(By.CSS_SELECTOR, "[data-tabset] [role=tab]")
            panels = d.find_elements(By.CSS_SELECTOR, "[data-tabset] [role=tabpanel]")
            check(len(tabs) == 2 and tabs[0].is_displayed(), f"{width}px: the tabset shows its two tabs")
            check(panels[0].is_displayed() and not panels[1].is_displayed(), f"{width}px: one panel at a time")
            click(d, tabs[0])
            tabs[0].send_keys(Keys.ARROW_RIGHT)
            time.sleep(0.1)
            check(tabs[1].get_attribute("aria-selected") == "true" and panels[1].is_displayed() and not panels[0].is_displayed(),
                  f"{width}px: the right arrow moves to the next tab")
            check(d.switch_to.active_element == tabs[1], f"{width}px: and focuses it")
            click(d, tabs[0])
            check(panels[0].is_displayed() and not panels[1].is_displayed(), f"{width}px: a click chooses a tab")
            heading = d.find_elements(By.CSS_SELECTOR, "[data-tabset] .tab-heading")[0]
            check(d.execute_script("var r = arguments[0].getBoundingClientRect(); return r.width <= 1 && r.height <= 1", heading),
                  f"{width}px: tab headings are hidden behind the tabs (kept for screen readers)")
            callout = d.find_element(By.CSS_SELECTOR, "details.callout")
            check(callout.get_attribute("open") is None, f"{width}px: the collapsed callout starts shut")
            click(d, callout.find_element(By.TAG_NAME, "summary"))
            check(callout.get_attribute("open") is not None, f"{width}px: and opens on a click")
            solution = d.find_element(By.CSS_SELECTOR, "details.solution")
            check(solution.get_attribute("open") is None and "Solution to Exercise" in solution.text, f"{width}px: the solution is folded under its exercise")
            subs = d.find_elements(By.CSS_SELECTOR, "#fig-panels figure.subfigure")
            a, b = subs[0].rect, subs[1].rect
            if width == 1280:
                check(abs(a["y"] - b["y"]) < 2 and b["x"] > a["x"] + a["width"] - 2, "1280px: the sub-figures sit side by side")
            else:
                check(b["y"] >= a["y"] + a["height"] - 2 and abs(a["x"] - b["x"]) < 2, "390px: the sub-figures stack")
            page_width = d.execute_script("return document.documentElement.scrollWidth")
            check(page_width <= width, f"{width}px: nothing makes the page scroll sideways ({page_width})")
            cite = d.find_element(By.CSS_SELECTOR, "a.citation[href='#ref-box1973']")
            check(d.find_element(By.ID, "ref-box1973").is_enabled() and "Box" in cite.text, f"{width}px: a citation links to its reference")
        # A link to an anchor inside a hidden panel opens that panel.
        d.get(page.as_uri() + "#numpy")
        time.sleep(0.4)
        numpy = d.find_element(By.ID, "tabset-1-2")
        check(numpy.is_displayed(), "a link into a hidden tab opens it")
    finally:
        d.quit()


def leaks(site):
    """Files of the site that hold a solution's marker (the handout read back as text)."""
    found = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".pdf":
            data = subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout
        if b"SOLUTION-MARKER" in data:
            found.append(str(path.relative_to(site)))
    return found


def main():
    binary = os.path.abspath(sys.argv[1])
    scratch = Path(tempfile.mkdtemp(prefix="lectern-quarto-"))
    try:
        course = scratch / "course"
        shutil.copytree(HERE / "course", course)
        done = render(binary, course)
        check(done.returncode == 0, f"the fixture renders ({done.returncode}: {done.stderr[-300:]})")
        check("warning" not in done.stderr, f"with no warning ({[l for l in done.stderr.splitlines() if 'warning' in l]})")
        site = course / "output"
        check(leaks(site) != [], "with solutions, the solution is in the site (the test can see one)")
        page = (site / "01-constructs.html").read_text()
        check('href="#fig-pipe">Figure\u00a02</a>' in page, "the solution's figure counts before the pipeline's")
        in_browser(site / "01-constructs.html")

        student = scratch / "student"
        done = render(binary, course, "--no-solutions", "--out", str(student))
        check(done.returncode == 0, f"a render with --no-solutions succeeds ({done.stderr[-300:]})")
        found = leaks(student)
        check(found == [], f"no file of the student site holds a solution ({found})")
        page = (student / "01-constructs.html").read_text()
        check('href="#fig-pipe">Figure\u00a01</a>' in page and "Solution to" not in page, "figure numbers close up; no solution box")
        check("Exercise\u00a01" in page, "the exercise is still there")
        md = (student / "01-constructs.md").read_text()
        check("::: {.solution}" not in md and "Posterior mean" in md, "the .md download has the exercise and not its solution")

        yml = course / "lectern.yml"
        yml.write_text(yml.read_text() + "solutions: false\n")
        done = render(binary, course, "--out", str(scratch / "student2"))
        check(done.returncode == 0 and leaks(scratch / "student2") == [], "solutions: false in lectern.yml does the same")

        lecture = course / "lectures/01-constructs.md"
        text = lecture.read_text()
        lecture.write_text(text.replace("[@box1973];", "[@box1937];"))
        done = render(binary, course)
        line = next(i + 1 for i, l in enumerate(text.splitlines()) if "[@box1973];" in l)
        check(done.returncode == 1 and f"lectures/01-constructs.md:{line}: error: the bibliography has no entry 'box1937' (did you mean 'box1973'?)" in done.stderr,
              f"an unknown key is an error at its line, exit 1 ({done.returncode}: {done.stderr[-300:]})")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed:", *failures, sep="\n  ")
        sys.exit(1)
    print("quarto vocabulary: all checks passed")


if __name__ == "__main__":
    main()
