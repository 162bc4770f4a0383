// Regions and threat types suggested as the reader types into a search box, as a datalist.
// Without this script the box is a plain search; the JSON comes from /search/suggest.json.
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
        fetch(url + "?q=" + encodeURIComponent(text))
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.suggestions.map(function (item) {
              var option = document.createElement("option");
              option.value = item.name;
              option.label = item.label;
              return option;
            }));
          })
          .catch(function () { list.replaceChildren(); });
      }, 150);
    });
  });
})();
