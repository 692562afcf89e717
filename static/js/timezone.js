/* Send the browser's time zone with forms that show or record times (input[name=tz]), and
   remember it in a cookie for pages without a form. */
(function () {
  "use strict";
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll('input[name="tz"]').forEach(function (el) { el.value = tz; });
    document.cookie = "registry_tz=" + encodeURIComponent(tz) + ";path=/;max-age=31536000;samesite=lax";
  } catch (e) { /* an old browser: the server's default time zone applies */ }
})();
