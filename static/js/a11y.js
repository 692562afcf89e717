/* A wide table's scroll box (.table-responsive) that scrolls on this screen becomes a named,
   focusable region, so that a keyboard can scroll it and a screen reader says what it holds. */
(function () {
  "use strict";

  function nameOf(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (var el = box.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    var heading = document.querySelector("main h1");
    return heading ? heading.textContent.trim() : "";
  }

  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-labelledby")) box.setAttribute("aria-label", nameOf(box));
        box.dataset.scrollRegion = "";
      } else if ("scrollRegion" in box.dataset) {
        // Fits again (a wider window): no longer a stop for the keyboard.
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:afterSettle", mark);
  window.addEventListener("resize", mark);
})();
