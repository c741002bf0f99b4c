// A separate file, not an inline script, so the page's content security policy can forbid inline scripts.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  // Nothing is fetched from elsewhere: no validator badge (it calls validator.swagger.io).
  validatorUrl: null,
  persistAuthorization: false,
  tryItOutEnabled: false
});
