// Regions and threat types suggested as the reader types into a search box, as a datalist.
// Without this script the box is a plain search; the JSON comes from /search/suggest.json,
// labelled in the page's language.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.suggest;
  if (!url || !window.fetch) return;
  document.querySelectorAll('input[name="q"]').forEach(function (input, index) {
    var list = document.createElement("datalist");
    var timer = null;
    list.id = "search-suggestions-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (text.length < 2) {
          list.replaceChildren();
          return;
        }
        // The address carries the page's language (?lang=) unless the page is in English.
        fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text))
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.suggestions.map(function (item) {
              var option = document.createElement("option");
              option.value = item.name;
              option.label = item.label + " (" + item.kind_label + ")";
              return option;
            }));
          })
          .catch(function () { list.replaceChildren(); });
      }, 150);
    });
  });
})();
