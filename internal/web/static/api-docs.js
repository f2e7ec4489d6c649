/*
 * Haizhi 海智 — starts Swagger UI on the API documentation page, without inline script.
 *
 *   <link rel="stylesheet" href="{{asset "swagger-ui.css"}}">
 *   <div id="swagger-ui" data-spec-url="/api/v1/openapi.json"></div>
 *   <script src="{{asset "swagger-ui.js"}}" defer></script>
 *   <script src="{{asset "api-docs.js"}}" defer></script>
 */
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || !window.SwaggerUIBundle) {
    return;
  }
  window.SwaggerUIBundle({
    url: el.getAttribute("data-spec-url") || "/api/v1/openapi.json",
    domNode: el,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null, // never send the document to an outside validator
    withCredentials: true,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0
  });
})();
