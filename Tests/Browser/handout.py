"""The course's handouts, read back: every lecture's PDF (poppler's pdfinfo
and pdftotext) is on A4 (the course's paper), carries the lecture's title in its running header and page numbers,
and holds what the page computed (every inline value), its folded code in
full, and the targets of its links.
Usage: handout.py OUTPUT_DIR"""
import html, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, failures, finish  # noqa: E402

site = os.path.abspath(sys.argv[1])
pages = sorted(p for p in os.listdir(site) if p.endswith(".html") and p != "index.html" and not p.endswith(".slides.html"))


def squeeze(text):
    """Text without white space or soft hyphens, minus signs as '-': what survives line breaking."""
    return re.sub(r"[\s\u00ad]+", "", text).replace("\u2212", "-")


handouts = 0
checked = {"links": 0, "folded": 0, "values": 0}
for page in pages:
    pdf = os.path.join(site, page[:-5] + ".pdf")
    if not os.path.exists(pdf):
        continue
    handouts += 1
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?", info)
    pages_count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    width, height = float(size.group(1)), float(size.group(2))
    check(abs(width - 595.3) < 2 and abs(height - 841.9) < 2, f"{page}: A4 pages ({width:.0f} x {height:.0f} pt, {pages_count} pages)")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    flat = squeeze(text)
    source = open(os.path.join(site, page), encoding="utf-8").read()
    article = source[source.index("<article>"):source.index("</article>")]

    title = html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<h1 class="title">(.*?)</h1>', source, re.S).group(1))).strip()
    first_page = text.split("\f")[0]
    check(squeeze(title)[:30] in squeeze(first_page.split("\n")[0] + first_page), f"{page}: the running header names the lecture")
    check(f"1/{pages_count}" in squeeze(first_page) and f"{pages_count}/{pages_count}" in flat, f"{page}: pages numbered 1/{pages_count} … {pages_count}/{pages_count}")

    values = [html.unescape(v) for v in re.findall(r'<span class="inline-value">(.*?)</span>', article)]
    missing = [v for v in values if squeeze(v) not in flat]
    checked["values"] += len(values)
    check(not missing, f"{page}: the {len(values)} computed inline values are printed {missing[:5]}")

    folded = re.findall(r'<details class="code-fold">.*?<code[^>]*>(.*?)</code>', article, re.S)
    lines = [html.unescape(re.sub(r"<[^>]+>", "", line)).strip() for code in folded for line in code.split("\n")]
    lines = [l for l in lines if len(l) > 12]
    absent = [l for l in lines if squeeze(l) not in flat]
    checked["folded"] += len(lines)
    check(not absent, f"{page}: {len(lines)} lines of folded code printed in full {absent[:3]}")

    links = sorted(set(html.unescape(h) for h in re.findall(r'<a href="(https?://[^"]+)"', article)))
    unprinted = [h for h in links if squeeze(h) not in flat]
    checked["links"] += len(links)
    check(not unprinted, f"{page}: {len(links)} link targets printed after their text {unprinted[:3]}")
    for word in ["Search the course", "Previous and next", "Download"]:
        check(word not in text, f"{page}: no navigation ('{word}')")

check(handouts >= 5, f"{handouts} handouts read")
check(all(n > 0 for n in checked.values()), f"the course has something of each kind to look for {checked}")
finish("handout")
