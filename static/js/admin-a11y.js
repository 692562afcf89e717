// Accessible names for the controls that Django's admin builds in the browser (select2 for
// autocomplete_fields, SelectFilter2 for filter_horizontal). Their markup is made by Django's
// vendored JavaScript, not by a template we could override, so it is mended here after it
// appears: on load, and whenever an inline row or a widget is added.
(function () {
  "use strict";

  function labelText(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) return label.textContent.replace(/:\s*$/, "").trim();
    // A tabular inline's select: its name is on the element itself (see registry_a11y.labelled).
    return select.getAttribute("aria-label") || "";
  }

  function nameSelect2(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) return;
    var name = labelText(select);
    if (!name) return;
    // The combobox is labelled by the rendered choice, which is empty until one is chosen.
    container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field')
      .forEach(function (el) {
        if (el.getAttribute("aria-label") !== name) el.setAttribute("aria-label", name);
      });
    // Select2 puts its "clear" button straight into the <ul> of chosen items; a list may
    // hold only list items, so the button gets one of its own.
    container.querySelectorAll("ul > .select2-selection__clear").forEach(function (button) {
      var item = document.createElement("li");
      item.className = "select2-selection__clear-item";
      button.parentNode.insertBefore(item, button);
      item.appendChild(button);
    });
  }

  function mend() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameSelect2);
    // SelectFilter2's search icons carry an aria-label, which a plain span may not have.
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (el) {
      el.setAttribute("role", "img");
    });
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      mend();
    });
  }

  window.addEventListener("load", function () {
    mend();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
