// The browsable API documentation: Swagger UI (vendored from npm) on /api/openapi.json.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return; // the plain list below stays
  }
  window.SwaggerUIBundle({
    url: root.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    docExpansion: "none",
    defaultModelsExpandDepth: 0,
    // Same-origin calls from "Try it out" carry the session cookie; writes need a token.
    withCredentials: true,
  });
});
