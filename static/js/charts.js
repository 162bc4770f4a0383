// Draws the daily chart from the page's JSON view (same filter); no inline script, no eval.
(function () {
  "use strict";
  var canvas = document.getElementById("daily-chart");
  var frame = canvas && canvas.closest("[data-chart-src]");
  if (!frame || typeof Chart === "undefined") return;

  var controls = document.querySelector("[data-chart-controls]");
  var palette = ["#0b5cad", "#d1495b", "#edae49", "#00798c", "#6a4c93", "#a0a0a0"];
  var labels = { intercepted: "Reported intercepted", incidents: "Incidents" };

  function state() {
    if (!controls) return { measure: "intercepted", average: true, split: false };
    return {
      measure: controls.querySelector("input[name=chart-measure]:checked").value,
      average: controls.querySelector("input[name=chart-average]").checked,
      split: controls.querySelector("input[name=chart-split]").checked,
    };
  }

  function datasets(data, view) {
    var sets = [];
    if (view.split) {
      data.by_threat.forEach(function (series, i) {
        sets.push({ type: "bar", label: series.label, data: series[view.measure], backgroundColor: palette[i % palette.length], stack: "day", withoutFigure: series.intercepted_without_figure });
      });
    } else {
      sets.push({ type: "bar", label: labels[view.measure] + " per day", data: data[view.measure], backgroundColor: "#7fa7d4", stack: "day", withoutFigure: data.intercepted_without_figure });
    }
    if (view.average) {
      // Its own stack (the default, "line"), so the average never piles onto the bars.
      sets.push({
        type: "line", label: "7-day average", data: data[view.measure + "_average"],
        borderColor: "#102a43", backgroundColor: "#102a43", borderWidth: 2, pointRadius: 0, spanGaps: false,
      });
    }
    return sets;
  }

  // A day's reported intercepted is a sum of the figures given: where its incidents gave none
  // the value is null ("no figure reported", never 0), and incidents without one are counted.
  function tooltipLabel(item) {
    var set = item.dataset;
    var missing = set.withoutFigure && state().measure === "intercepted" ? set.withoutFigure[item.dataIndex] : 0;
    var value = item.raw === null ? "no figure reported" : Number(item.raw).toLocaleString("en");
    var text = set.label + ": " + value;
    if (missing) text += " (" + missing + (missing === 1 ? " incident" : " incidents") + " without a figure)";
    return text;
  }

  function draw(data) {
    var chart = new Chart(canvas, {
      data: { labels: data.days, datasets: datasets(data, state()) },
      options: {
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: tooltipLabel } } },
      },
    });
    if (controls) {
      controls.hidden = false;
      controls.addEventListener("change", function () {
        chart.data.datasets = datasets(data, state());
        chart.update();
      });
    }
    canvas.dataset.drawn = "true";
  }

  fetch(frame.dataset.chartSrc, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("chart data: HTTP " + response.status);
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      var note = document.createElement("p");
      note.className = "field-error";
      note.textContent = "The chart could not be drawn; the table below has the same numbers.";
      frame.appendChild(note);
      console.error(error);
    });
})();
