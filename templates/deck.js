// Lectern's slides: reveal.js at 1280×720, with Quarto's incremental lists
// and speaker notes, and prose that does not fit moved to the notes.
(function () {
  "use strict";
  // `incremental: true` and ::: {.incremental}: every item of such a list is a fragment.
  document.querySelectorAll(".incremental li").forEach(function (li) { li.classList.add("fragment"); });
  document.querySelectorAll(".reveal .slides > section").forEach(function (section) {
    if (!section.querySelector(":scope > h1, :scope > h2, :scope > h3")) section.classList.add("untitled");
  });
  // Figures first grow to use the slide (up to 1.6 times their own size,
  // as wide as the slide at most); then, where the slide overflows, they
  // shrink together (to no less than 40 % of their size and 140 px); then
  // paragraphs go to the notes, last first; a slide that still overflows
  // scrolls. Each figure keeps its aspect ratio: nothing is cut.
  function fit(section) {
    var body = section.querySelector(":scope > .slide-body");
    if (!body) return;
    function excess() { return Math.max(body.scrollHeight - body.clientHeight, section.scrollHeight - section.clientHeight); }
    // A display formula wider than the slide is set smaller until it fits.
    body.querySelectorAll(".math.display, .katex-display").forEach(function (math) {
      var room = body.clientWidth, wide = math.scrollWidth;
      if (wide > room + 1) math.style.fontSize = (100 * room / wide * 0.98) + "%";
    });
    var figures = Array.prototype.slice.call(body.querySelectorAll("figure svg")).map(function (svg) {
      var box = svg.viewBox && svg.viewBox.baseVal;
      var natural = svg.height.baseVal.value || 300;
      var aspect = box && box.height ? box.width / box.height : (svg.width.baseVal.value || 400) / natural;
      var column = svg.closest(".column") || body;
      return { svg: svg, natural: natural, aspect: aspect, widest: column.clientWidth };
    });
    function size(figure, h) {
      h = Math.min(h, figure.widest / figure.aspect);
      figure.svg.style.height = h + "px";
      figure.svg.style.width = (h * figure.aspect) + "px";
      figure.height = h;
    }
    figures.forEach(function (figure) { size(figure, figure.natural * 1.6); });
    for (var round = 0; round < 8 && figures.length && excess() > 1; round++) {
      var sum = figures.reduce(function (a, f) { return a + f.height; }, 0);
      var factor = Math.max(0, 1 - (excess() + 2) / sum);
      figures.forEach(function (figure) {
        size(figure, Math.max(figure.height * factor, Math.min(figure.natural, Math.max(140, figure.natural * 0.4))));
      });
    }
    if (excess() <= 1) return;
    var notes = section.querySelector(":scope > aside.notes");
    var paragraphs = Array.prototype.slice.call(body.querySelectorAll(":scope > p, :scope > .fragment > p"));
    while (excess() > 1 && paragraphs.length) {
      var p = paragraphs.pop();
      if (!notes) { notes = document.createElement("aside"); notes.className = "notes"; section.appendChild(notes); }
      notes.insertBefore(p, notes.firstChild);
    }
    if (excess() > 1) section.classList.add("scrollable");
  }
  var print = /print-pdf/.test(window.location.search);
  Reveal.initialize({
    width: 1280, height: 720, margin: 0.02, center: false, hash: true, history: false,
    slideNumber: "c/t", controls: true, progress: true, overview: true, touch: true,
    transition: "none", backgroundTransition: "none", pdfSeparateFragments: false,
    plugins: [RevealNotes]
  }).then(function () {
    document.querySelectorAll(".reveal .slides > section").forEach(function (section) {
      var hidden = section.hidden, display = section.style.display;
      section.hidden = false; section.style.display = "block";
      fit(section);
      section.hidden = hidden; section.style.display = display;
    });
    // The speaker view shows a slide's notes in a window of its own: notes
    // with math bring KaTeX's style along (the link resolves against the deck).
    var katex = document.querySelector('link[href$="katex.min.css"]');
    document.querySelectorAll(".reveal .slides aside.notes").forEach(function (notes) {
      if (!katex || !notes.querySelector(".katex")) return;
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = katex.href;
      notes.insertBefore(link, notes.firstChild);
    });
    Reveal.layout();
    document.documentElement.dataset.deckReady = "true";
  });
  if (print) document.documentElement.classList.add("print-pdf");
})();
