// Lectern's page script: math, theme, the phone menu, copy buttons, figure
// downloads and the course search. Everything works offline, from file://.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "./";

  // Math that Lectern marked with \( \) and \[ \] (KaTeX, served locally).
  function typeset() {
    if (typeof renderMathInElement !== "function") return;
    renderMathInElement(document.querySelector("article") || document.body, {
      delimiters: [
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false }
      ],
      ignoredClasses: ["code", "output"],
      throwOnError: false
    });
  }

  // Theme: the system's unless the reader chose; the choice is remembered.
  function isDark() {
    var chosen = document.documentElement.dataset.theme;
    if (chosen) return chosen === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function setUpTheme() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    function show() { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      document.documentElement.dataset.theme = next;
      try { localStorage.setItem("lectern-theme", next); } catch (e) {}
      show();
    });
    show();
  }

  // The course menu on narrow screens.
  function setUpMenu() {
    var button = document.querySelector(".menu-toggle");
    if (!button) return;
    function set(open) {
      document.body.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () { set(!document.body.classList.contains("menu-open")); });
    document.querySelectorAll(".sidebar a").forEach(function (a) { a.addEventListener("click", function () { set(false); }); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") set(false); });
  }

  // Copy buttons on code and outputs. The code shown has no //| option lines.
  window.lecternCopyText = function (button) {
    var pre = button.parentNode.querySelector("pre");
    return pre ? pre.textContent : "";
  };
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) {}
      document.body.removeChild(area);
      ok ? resolve() : reject();
    });
  }
  function setUpCopy() {
    document.querySelectorAll("article pre.code, article pre.output").forEach(function (pre) {
      var box = document.createElement("div");
      box.className = "copyable";
      pre.parentNode.insertBefore(box, pre);
      box.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", pre.classList.contains("code") ? "Copy the code" : "Copy the output");
      button.addEventListener("click", function () {
        copy(window.lecternCopyText(button)).then(function () { button.textContent = "Copied"; },
                                                  function () { button.textContent = "Select and copy"; });
        setTimeout(function () { button.textContent = "Copy"; }, 1600);
      });
      box.appendChild(button);
    });
  }

  // "SVG" under a figure: the inline figure itself, as a file.
  function setUpFigureFiles() {
    document.querySelectorAll("a.figure-file[data-file]").forEach(function (a) {
      a.hidden = false;
      a.addEventListener("click", function () {
        var svg = a.closest("figure").querySelector("svg");
        if (!svg) return;
        var clone = svg.cloneNode(true);
        clone.removeAttribute("role"); clone.removeAttribute("aria-label");
        var text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
        a.href = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
        a.download = a.getAttribute("data-file");
      });
    });
  }

  // Figures on narrow screens: each is shown whole, fitted to the column; when that makes its
  // text smaller than 9 px (its --legible-width, set at build time, is wider than the column),
  // an "Enlarge" button opens it full-screen at its own size, to pan (and pinch) around.
  function legibleWidth(figure) {
    var box = figure.querySelector(".figure-scroll");
    return box ? parseFloat(getComputedStyle(box).getPropertyValue("--legible-width")) || 0 : 0;
  }
  function setUpFigureViews() {
    var figures = [].slice.call(document.querySelectorAll("article figure"));
    figures.forEach(function (figure) {
      var svg = figure.querySelector(".figure-scroll > svg");
      if (!svg || !legibleWidth(figure)) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "figure-zoom";
      button.textContent = "Enlarge ⤢";
      var number = figure.querySelector(".figure-number");
      button.setAttribute("aria-label", "Enlarge " + (number ? number.textContent : "the figure"));
      button.hidden = true;
      button.addEventListener("click", function () { openFigure(figure); });
      figure.insertBefore(button, figure.firstChild);
      svg.addEventListener("click", function () { if (!button.hidden) openFigure(figure); });
    });
    function measure() {
      figures.forEach(function (figure) {
        var button = figure.querySelector(".figure-zoom"), svg = figure.querySelector(".figure-scroll > svg");
        if (!button || !svg) return;
        var small = svg.getBoundingClientRect().width + 0.5 < Math.min(legibleWidth(figure), +svg.getAttribute("width") || Infinity);
        button.hidden = !small;
        figure.classList.toggle("shrunk", small);
      });
    }
    measure();
    window.addEventListener("resize", measure);
  }
  function openFigure(figure) {
    var dialog = document.getElementById("figure-view");
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.id = "figure-view";
      dialog.className = "figure-view";
      dialog.setAttribute("aria-label", "Figure, full size");
      dialog.innerHTML = '<div class="figure-view-bar"><span class="figure-view-title"></span>' +
        '<button type="button" class="icon-button figure-view-close">Close ✕</button></div><div class="figure-view-body" tabindex="0"></div>';
      dialog.querySelector(".figure-view-close").addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
      document.body.appendChild(dialog);
    }
    var body = dialog.querySelector(".figure-view-body"), svg = figure.querySelector(".figure-scroll > svg").cloneNode(true);
    svg.style.width = (+svg.getAttribute("width") || legibleWidth(figure)) + "px";
    svg.style.maxWidth = "none";
    body.innerHTML = "";
    body.appendChild(svg);
    var caption = figure.querySelector("figcaption");
    dialog.querySelector(".figure-view-title").textContent = caption ? caption.textContent.replace(/\s*SVG$/, "") : "";
    dialog.showModal();
    body.focus();
  }

  // Boxes that scroll sideways (code, tables, equations) can be reached and scrolled by
  // keyboard, and a wide equation or table says so below itself.
  function setUpScrollers() {
    var boxes = [].slice.call(document.querySelectorAll("article pre, article .table-wrap, article .math.display"));
    // Each scrolling box is a region named by its kind and number (names of regions are unique).
    var kinds = { code: 0, equation: 0, table: 0 };
    var names = boxes.map(function (box) {
      var kind = box.tagName === "PRE" ? "code" : box.classList.contains("math") ? "equation" : "table";
      kinds[kind] += 1;
      return { code: "Code block ", equation: "Equation ", table: "Table " }[kind] + kinds[kind] + ", scrolls sideways";
    });
    function measure() {
      boxes.forEach(function (box, k) {
        var over = box.scrollWidth > box.clientWidth + 1;
        var hint = box.nextElementSibling && box.nextElementSibling.classList.contains("scroll-note") ? box.nextElementSibling : null;
        if (over) {
          box.tabIndex = 0;
          box.setAttribute("role", "region");
          if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", names[k]);
          if (!hint && box.tagName !== "PRE") {
            hint = document.createElement("p");
            hint.className = "scroll-note";
            hint.setAttribute("aria-hidden", "true");
            hint.textContent = "scroll sideways for the rest →";
            box.parentNode.insertBefore(hint, box.nextSibling);
          }
        } else {
          if (box.tabIndex === 0 && box.getAttribute("role") === "region") { box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label"); }
          if (hint) hint.remove();
        }
      });
    }
    measure();
    var pending = null;
    window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(measure, 100); });
  }

  // Search: the index (assets/search-index.js) loads on first use.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  var index = null, loading = null;
  function loadIndex() {
    if (index) return Promise.resolve(index);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root + "assets/search-index.js";
      script.onload = function () {
        var data = window.lecternSearchIndex || { pages: [], sections: [] };
        index = data.sections.map(function (s) {
          var code = s[4] || "";
          return { page: data.pages[s[0]], id: s[1], title: s[2] || data.pages[s[0]][1], text: s[3], code: code,
                   hay: fold(s[2] + " " + s[3]), codeHay: fold(code), titleHay: fold(s[2] + " " + data.pages[s[0]][1]) };
        });
        resolve(index);
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }
  /// The sections that contain every word of `query`, best first: the words as a phrase in the
  /// prose count most, then a word in a title, then in the prose (captions, tables and values
  /// included), least in the code.
  window.lecternSearch = function (query) {
    var terms = fold(query).split(/[^\p{L}\p{N}_]+/u).filter(function (t) { return t.length > 0; });
    if (!index || terms.length === 0) return [];
    var phrase = terms.join(" ");
    var found = [];
    index.forEach(function (entry) {
      var score = 0, inProse = true;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i], inTitle = entry.titleHay.indexOf(t) >= 0, at = entry.hay.indexOf(t), inCode = entry.codeHay.indexOf(t) >= 0;
        if (at < 0 && !inTitle && !inCode) return;
        if (at < 0 && !inTitle) inProse = false;
        score += (inTitle ? 10 : 0) + (at >= 0 ? 1 + Math.min(5, entry.hay.split(t).length - 2) : (inCode ? 0.5 : 0));
      }
      if (terms.length > 1 && entry.hay.indexOf(phrase) >= 0) score += 25;
      found.push({ entry: entry, score: score, inProse: inProse });
    });
    found.sort(function (a, b) { return b.score - a.score; });
    return found.slice(0, 10).map(function (f) {
      var e = f.entry;
      return { href: root + e.page[0] + (e.id ? "#" + encodeURIComponent(e.id) : ""), title: e.title, lecture: e.page[1],
               snippet: f.inProse ? snippet(e.text, terms) : snippet(e.code, terms), code: !f.inProse };
    });
  };
  function snippet(text, terms) {
    // The snippet starts at the words as a phrase, else at the first word found.
    var folded = fold(text), at = terms.length > 1 ? folded.indexOf(terms.join(" ")) : -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = folded.indexOf(terms[i]);
    // Whole words at both ends: a snippet never starts or stops inside one.
    var start = Math.max(0, at - 50), end = Math.min(text.length, start + 150);
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < at) start = space + 1; }
    if (end < text.length) { var last = text.lastIndexOf(" ", end); if (last > at) end = last; }
    var piece = text.slice(start, end);
    var html = escapeHTML(piece);
    terms.forEach(function (t) {
      html = html.replace(new RegExp("(" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "ig"), "<mark>$1</mark>");
    });
    return (start > 0 ? "… " : "") + html + (end < text.length ? " …" : "");
  }
  function setUpSearch() {
    var input = document.getElementById("search"), list = document.getElementById("search-results");
    if (!input || !list) return;
    var selected = -1;
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); selected = -1; }
    function select(i) {
      var items = list.querySelectorAll("li[role=option]");
      if (items.length === 0) return;
      selected = (i + items.length) % items.length;
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === selected ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[selected].id);
      items[selected].scrollIntoView({ block: "nearest" });
    }
    function update() {
      var query = input.value.trim();
      if (!query) { list.innerHTML = ""; close(); return; }
      loadIndex().then(function () {
        var results = window.lecternSearch(query);
        list.innerHTML = results.length === 0 ? '<li class="no-result">Nothing found.</li>' : results.map(function (r, i) {
          return '<li role="option" id="search-result-' + i + '" aria-selected="false"><a href="' + escapeHTML(r.href) + '">' + escapeHTML(r.title) +
            '<span class="result-where">' + escapeHTML(r.lecture) + '</span><span class="result-text' + (r.code ? " result-code" : "") + '">' + r.snippet + "</span></a></li>";
        }).join("");
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        selected = -1;
      });
    }
    input.addEventListener("focus", function () { loadIndex(); });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
      else if (e.key === "Enter") {
        var link = list.querySelectorAll("li[role=option] a")[selected < 0 ? 0 : selected];
        if (link) { e.preventDefault(); close(); window.location.href = link.href; }
      } else if (e.key === "Escape") { close(); input.blur(); }
    });
    list.addEventListener("click", function (e) { if (e.target.closest("a")) close(); });
    document.addEventListener("click", function (e) { if (!e.target.closest(".search")) close(); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "/" && document.activeElement !== input && !/input|textarea/i.test(document.activeElement.tagName)) {
        e.preventDefault(); input.focus();
      }
    });
  }

  // Tabsets (::: {.panel-tabset}): the page holds every panel under its heading; here one
  // shows at a time, chosen by the tab list (click, arrow keys, Home, End), and a link to an
  // anchor inside a hidden panel opens that panel first.
  function setUpTabsets() {
    document.querySelectorAll("[data-tabset]").forEach(function (set) {
      var list = set.querySelector(":scope > [role=tablist]");
      if (!list) return;
      var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
      function choose(tab, focus) {
        tabs.forEach(function (t) {
          var on = t === tab;
          t.setAttribute("aria-selected", on ? "true" : "false");
          t.tabIndex = on ? 0 : -1;
          var panel = document.getElementById(t.getAttribute("aria-controls"));
          if (panel) panel.hidden = !on;
        });
        if (focus) tab.focus();
      }
      tabs.forEach(function (tab, i) {
        tab.addEventListener("click", function () { choose(tab, false); });
        tab.addEventListener("keydown", function (e) {
          var next = null;
          if (e.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
          else if (e.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
          else if (e.key === "Home") next = tabs[0];
          else if (e.key === "End") next = tabs[tabs.length - 1];
          if (next) { e.preventDefault(); choose(next, true); }
        });
      });
      list.hidden = false;
      set.classList.add("tabs-ready");
      choose(tabs[0], false);
    });
    function reveal() {
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      var panel = target && target.closest(".tab-panel");
      if (panel && panel.hidden) {
        var tab = document.getElementById(panel.getAttribute("aria-labelledby"));
        if (tab) tab.click();
        target.scrollIntoView();
      }
    }
    window.addEventListener("hashchange", reveal);
    reveal();
  }

  document.addEventListener("DOMContentLoaded", function () {
    typeset();
    setUpTabsets();
    setUpTheme();
    setUpMenu();
    setUpCopy();
    setUpFigureFiles();
    setUpFigureViews();
    setUpScrollers();
    setUpSearch();
  });
})();
