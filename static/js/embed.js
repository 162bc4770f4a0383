// The embedded chart's height, passed from the frame to the page around it. One file, two
// roles: inside the embed page (/embed/chart/, <html data-embed>) it reports the page's height
// whenever it changes; on another site's page that pasted the embed snippet it sets the height
// of the frame that reported, and only for messages from the chart's own site.
(function () {
  "use strict";
  var TYPE = "airdefense-embed-height";

  if (document.documentElement.hasAttribute("data-embed")) {
    if (window.parent === window) return;
    var last = 0;
    var report = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: TYPE, height: height }, "*");
    };
    if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.documentElement);
    window.addEventListener("load", report);
    report();
    return;
  }

  var script = document.currentScript;
  var origin = script ? new URL(script.src, location.href).origin : location.origin;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== TYPE || typeof data.height !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(Math.max(data.height, 200), 4000) + "px";
      }
    }
  });
})();
