#!/usr/bin/env python3
"""Turns a lecture (Lectern Markdown) into a DocC article on stdout, for the
API reference: the title becomes the article's heading, `//|` cell options
and `{swift}` markers go (an inline value shows its expression), heading
attributes and in-page links are dropped, and fenced-div lines are removed
with their content kept. Used by scripts/docs for the "Swift for NumPy
users" guide, so the reference and the course page are one text."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
front, body = "", text
if text.startswith("---\n"):
    end = text.index("\n---\n", 4)
    front, body = text[4:end], text[end + 5:]
title = re.search(r'^title:\s*"?(.*?)"?\s*$', front, re.M)
subtitle = re.search(r'^subtitle:\s*"?(.*?)"?\s*$', front, re.M)
lines = [f"# {title.group(1) if title else 'Guide'}", ""]
if subtitle:
    lines += [subtitle.group(1) + ".", ""]
lines += ["This article is the course page of the same name, which runs with the",
          "course; the page shows each cell's output.", ""]
in_code = False
for line in body.split("\n"):
    if line.startswith("```"):
        in_code = not in_code
        lines.append(line)
        continue
    if in_code:
        if not line.lstrip().startswith("//|"):
            lines.append(line)
        continue
    if line.startswith(":::"):
        continue
    line = re.sub(r"`\{swift\}\s*([^`]*)`", r"`\1`", line)
    line = re.sub(r"^(#+ .*?)\s*\{#[^}]*\}\s*$", r"\1", line)
    if line.startswith("#"):
        line = line.replace("`", "")
    line = re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", line)
    lines.append(line)
print("\n".join(lines).rstrip() + "\n")
