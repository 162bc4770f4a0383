// Keep shared URLs short: leave empty filter fields out of the query string.
(function () {
  "use strict";
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if ((field.type === "text" || field.type === "date" || field.type === "number" || field.tagName === "SELECT") && !field.multiple && field.value === "") {
          field.disabled = true;
        }
      });
    });
  });
  // Going back to a page whose fields were disabled on submit: enable them again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.filters [disabled]").forEach(function (field) { field.disabled = false; });
  });
})();
