// The API's documentation page: Swagger UI over the schema named by data-schema-url.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) {
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: true,
    // Calls made from the page go with the browser's session cookie (same origin).
    withCredentials: true,
  });
})();
