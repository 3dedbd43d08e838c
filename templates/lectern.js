// Typesets the math that Lectern marked with \( \) and \[ \] (KaTeX, served locally).
document.addEventListener("DOMContentLoaded", function () {
  if (typeof renderMathInElement !== "function") return;
  renderMathInElement(document.querySelector("article") || document.body, {
    delimiters: [
      { left: "\\[", right: "\\]", display: true },
      { left: "\\(", right: "\\)", display: false }
    ],
    ignoredClasses: ["code", "output"],
    throwOnError: false
  });
});
