// Lectern's slides: reveal.js at 1280×720, with Quarto's incremental lists
// and speaker notes, and prose that does not fit moved to the notes.
(function () {
  "use strict";
  // `incremental: true` and ::: {.incremental}: every item of such a list is a fragment.
  document.querySelectorAll(".incremental li").forEach(function (li) { li.classList.add("fragment"); });
  document.querySelectorAll(".reveal .slides > section").forEach(function (section) {
    if (!section.querySelector(":scope > h1, :scope > h2, :scope > h3")) section.classList.add("untitled");
  });
  // What the build's estimate let through and the browser finds too tall:
  // first the figures shrink together (to no less than 40 % of their size
  // and 140 px), then paragraphs go to the notes, last first; a slide that
  // still overflows scrolls.
  function fit(section) {
    var body = section.querySelector(":scope > .slide-body");
    if (!body) return;
    function excess() { return Math.max(body.scrollHeight - body.clientHeight, section.scrollHeight - section.clientHeight); }
    // A display formula wider than the slide is set smaller until it fits.
    body.querySelectorAll(".math.display, .katex-display").forEach(function (math) {
      var room = body.clientWidth, wide = math.scrollWidth;
      if (wide > room + 1) math.style.fontSize = (100 * room / wide * 0.98) + "%";
    });
    if (excess() <= 1) return;
    var svgs = Array.prototype.slice.call(body.querySelectorAll("figure svg"));
    for (var round = 0; round < 6 && svgs.length && excess() > 1; round++) {
      var heights = svgs.map(function (svg) { return svg.getBoundingClientRect().height / scale(); });
      var sum = heights.reduce(function (a, b) { return a + b; }, 0);
      var factor = Math.max(0, 1 - (excess() + 2) / sum);
      svgs.forEach(function (svg, i) {
        var natural = parseFloat(svg.dataset.naturalHeight || heights[i]);
        svg.dataset.naturalHeight = natural;
        var h = Math.max(heights[i] * factor, Math.min(natural, Math.max(140, natural * 0.4)));
        svg.style.height = h + "px";
        svg.style.width = "auto";
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
  function scale() {
    var slides = document.querySelector(".reveal .slides");
    return slides.getBoundingClientRect().width / 1280 || 1;
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
    Reveal.layout();
    document.documentElement.dataset.deckReady = "true";
  });
  if (print) document.documentElement.classList.add("print-pdf");
})();
