// Starts Swagger UI on the served OpenAPI document; a file, not inline, so the page's CSP can forbid inline scripts.
window.addEventListener("DOMContentLoaded", () => {
  window.SwaggerUIBundle({ url: "/schema/openapi.json", dom_id: "#docs", deepLinking: true });
});
