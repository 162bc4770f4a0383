// The compare page's charts: each region's series from the chart JSON view, drawn on one y
// scale (the largest period of any region) so their heights compare. Every word comes from the
// JSON, in the page's language; no inline script.
(function () {
  "use strict";
  var frames = Array.prototype.slice.call(document.querySelectorAll("[data-compare-src]"));
  if (!frames.length || typeof Chart === "undefined") return;

  // Numbers with the separators of the page's language from the chart's JSON (as charts.js).
  var separators = { thousands: ",", decimal: "." };
  function number(value) {
    var parts = String(value).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, separators.thousands);
    return parts.join(separators.decimal);
  }

  // The title in lines no wider than the chart: Chart.js draws it on one line, and on a phone
  // its end ("5 Dec 2022 – 4 Dec 2026") fell off the canvas.
  var TITLE_LINES = 3;
  var wrapTitle = {
    id: "wrapTitle",
    beforeLayout: function (chart, args, settings) {
      var context = chart.ctx, width = chart.width - 8, lines = [], line = "";
      context.save();
      context.font = Chart.helpers.toFont(chart.options.plugins.title.font).string;
      (settings.text || "").split(" ").forEach(function (word) {
        var candidate = line ? line + " " + word : word;
        if (line && context.measureText(candidate).width > width) {
          lines.push(line);
          line = word;
        } else {
          line = candidate;
        }
      });
      if (line) lines.push(line);
      context.restore();
      // Every chart's title takes the same height (and every chart shows its legend), so that
      // their plot areas, on one scale, are the same height too.
      while (lines.length < TITLE_LINES) lines.push("");
      chart.options.plugins.title.text = lines;
    },
  };

  function draw(frame, data, top) {
    var measure = data.measure;
    var values = data[measure];
    var canvas = frame.querySelector("canvas");
    var sets = [{ type: "bar", label: data.text[measure], data: values, backgroundColor: "#5b8fc7", categoryPercentage: 0.9, barPercentage: 1 }];
    if (measure === "intercepted" && values.indexOf(null) !== -1) {
      // A period whose incidents gave no figure: a cross on the axis, never a 0 bar.
      sets.push({ type: "line", label: data.text.no_figure, showLine: false, pointStyle: "crossRot", pointRadius: 5, borderWidth: 2, borderColor: "#8a1c1c",
        data: values.map(function (v) { return v === null ? 0 : null; }) });
    }
    new Chart(canvas, {
      data: { labels: data.periods, datasets: sets },
      options: {
        maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { title: { display: true, text: data.text.x_axis }, grid: { display: false },
            ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 4, callback: function (v, i) { return data.ticks[i]; } } },
          y: { beginAtZero: true, suggestedMax: top || 1, title: { display: true, text: data.text.y_axis },
            ticks: { precision: 0, callback: function (v) { return number(v); } } },
        },
        plugins: {
          legend: { display: true, position: "bottom", labels: { boxWidth: 12 } },
          title: { display: true, text: data.title, align: "start" },
          wrapTitle: { text: data.title },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? data.labels[items[0].dataIndex] : ""; },
            label: function (item) { return item.dataset.label + ": " + (item.raw === null ? data.text.no_figure : number(item.raw)); },
          } },
        },
      },
      plugins: [wrapTitle],
    });
    canvas.dataset.drawn = "true";
  }

  // Each chart once it comes near the screen, in a task of its own: on a phone they sit below
  // the totals, and drawing them all at load kept its main thread busy (Lighthouse's mobile
  // total blocking time 400 ms).
  function whenNear(element, callback) {
    if (!("IntersectionObserver" in window)) {
      setTimeout(callback, 0);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      setTimeout(callback, 0);
    }, { rootMargin: "200px" });
    observer.observe(element);
  }

  Promise.all(frames.map(function (frame) {
    return fetch(frame.dataset.compareSrc, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error("chart data: HTTP " + r.status);
      return r.json();
    });
  })).then(function (all) {
    var top = 0;
    separators = all[0].separators || separators;
    all.forEach(function (data) {
      data[data.measure].forEach(function (v) { if (v > top) top = v; });
    });
    document.querySelector("[data-compare]").dataset.scale = String(top);
    frames.forEach(function (frame, i) { whenNear(frame, function () { draw(frame, all[i], top); }); });
  }).catch(function (error) {
    frames.forEach(function (frame) {
      var note = document.createElement("p");
      note.className = "field-error";
      note.textContent = frame.dataset.chartError;
      frame.appendChild(note);
    });
    console.error(error);
  });
})();
