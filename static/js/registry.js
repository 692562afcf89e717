/* Behaviour of every page, loaded from a file so that the Content-Security-Policy can refuse
   inline scripts: no on* attribute, no <script> body in the templates. */
(function () {
  "use strict";

  // <select data-autosubmit>: submit its form on change (the language menu, filters).
  document.addEventListener("change", function (event) {
    var field = event.target.closest && event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.submit(); }
  });

  // <button data-print>: print the page (receipts).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });

  // A page with [data-htmx-show-400]: show the server's 400 message in place instead of ignoring it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (document.querySelector("[data-htmx-show-400]") && event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
