// The filter form's enhancements; without JavaScript the form works as it is.
(function () {
  "use strict";
  // Keep shared URLs short: leave empty filter fields out of the query string.
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

  // A long list of checkboxes (the regions) gets a box that keeps only the options whose names
  // (English, Russian, ISO) contain every word typed. Hidden options stay checked or not.
  function words(text) {
    return text.toLowerCase().replace(/ё/g, "е").split(/\s+/).filter(Boolean);
  }
  document.querySelectorAll("[data-option-search]").forEach(function (group) {
    var box = group.querySelector(".option-search");
    var input = box && box.querySelector("input");
    var options = group.querySelectorAll("[data-search]");
    var none = group.querySelector("[data-no-match]");
    if (!input || !options.length) return;
    var names = Array.prototype.map.call(options, function (option) {
      return option.dataset.search.replace(/ё/g, "е");
    });
    box.hidden = false;
    input.addEventListener("input", function () {
      var wanted = words(input.value);
      var shown = 0;
      options.forEach(function (option, i) {
        var match = wanted.every(function (word) { return names[i].indexOf(word) !== -1; });
        option.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown > 0;
    });
    // Enter in the search box finds; it does not send a form the reader has not finished.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  });
})();
