// Draws the page's chart, and its small multiples by threat type, from the JSON view with the
// page's query. The JSON carries the numbers and every word (title, period labels, axis titles,
// source line) in the page's language: this script writes none of its own. The settings form
// redraws the chart and keeps the address in step, so a copied link draws the same chart.
// No inline script, no eval.
// Chart.js itself (data-chart-library on this script's tag) is fetched only when the chart is
// about to be drawn: a phone that never scrolls to it never downloads or runs its 71 KB.
(function () {
  "use strict";
  var libraryUrl = document.currentScript && document.currentScript.dataset.chartLibrary;
  var canvas = document.getElementById("daily-chart");
  var frame = canvas && canvas.closest("[data-chart-src]");
  if (!frame || !libraryUrl) return;

  var controls = document.querySelector("[data-chart-controls]");
  var multiples = document.querySelector("[data-small-multiples]");
  var palette = ["#0b5cad", "#d1495b", "#b07d18", "#00798c", "#6a4c93", "#6e7781"];
  var FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var chart = null;

  // Numbers as the chart's pictures write them, with the separators of the page's language
  // from the chart's JSON (not Intl: its first NumberFormat costs a page 15-20 ms).
  var separators = { thousands: ",", decimal: "." };
  function number(value) {
    var parts = String(value).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, separators.thousands);
    return parts.join(separators.decimal);
  }

  // Lines of `text` no wider than `width` pixels (the source line ends with a long address).
  function wrap(context, text, width) {
    context.save();
    context.font = FONT;
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      var candidate = line ? line + " " + word : word;
      if (line && context.measureText(candidate).width > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
      while (context.measureText(line).width > width && line.length > 20) {
        // A word longer than the line (an address on a phone): cut it where it overflows.
        var cut = line.length - 1;
        while (cut > 1 && context.measureText(line.slice(0, cut)).width > width) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    });
    if (line) lines.push(line);
    context.restore();
    return lines;
  }

  // The source line, drawn inside the chart (a screenshot of it keeps the attribution).
  var sourceLine = {
    id: "sourceLine",
    beforeLayout: function (instance, args, settings) {
      instance.options.plugins.subtitle.text = wrap(instance.ctx, settings.text || "", instance.width - 8);
    },
  };

  // Periods with no statement in the record on any day: a light band behind the bars, so the
  // gap reads as a gap and not as a day on which nothing was claimed.
  var gapBands = {
    id: "gapBands",
    beforeDatasetsDraw: function (instance, args, settings) {
      var indices = settings.indices || [];
      if (!indices.length) return;
      var x = instance.scales.x, area = instance.chartArea, context = instance.ctx;
      var width = instance.data.labels.length > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : area.right - area.left;
      context.save();
      context.fillStyle = "rgba(140, 149, 159, 0.22)";
      indices.forEach(function (i) {
        context.fillRect(x.getPixelForValue(i) - width / 2, area.top, width, area.bottom - area.top);
      });
      context.restore();
    },
  };

  function unrecorded(data) {
    var gaps = data.days_without_statement || [], indices = [];
    gaps.forEach(function (n, i) { if (n && n === data.days[i]) indices.push(i); });
    return indices;
  }

  // A period the range covers only in part (the first or the month so far).
  function partial(data, i) {
    return data.period_days && data.days[i] < data.period_days[i];
  }

  function bars(data, values, label, colour, withoutFigure) {
    return {
      type: "bar", label: label, data: values, stack: "bars",
      // A partial period's bar paler: its fewer days are not a drop (the tooltip says so).
      backgroundColor: function (context) {
        return context.dataIndex !== undefined && partial(data, context.dataIndex) ? colour + "73" : colour;
      },
      withoutFigure: withoutFigure, categoryPercentage: 0.9, barPercentage: 1,
    };
  }

  // A period whose incidents gave no figure is marked on the axis, never drawn as a 0 bar.
  function noFigureMarkers(data, values) {
    return {
      type: "line", label: data.text.no_figure, stack: "markers", showLine: false, marker: true,
      data: values.map(function (value) { return value === null ? 0 : null; }),
      pointStyle: "crossRot", pointRadius: 5, pointHoverRadius: 6, borderWidth: 2,
      borderColor: "#8a1c1c", backgroundColor: "#8a1c1c",
    };
  }

  function datasets(data) {
    var measure = data.measure, sets = [];
    if (data.split === "threat") {
      data.by_threat.forEach(function (series, i) {
        sets.push(bars(data, series[measure], series.label, palette[i % palette.length], series.intercepted_without_figure));
      });
    } else {
      sets.push(bars(data, data[measure], data.text[measure], "#5b8fc7", data.intercepted_without_figure));
    }
    if (measure === "intercepted" && data.intercepted.indexOf(null) !== -1) {
      sets.push(noFigureMarkers(data, data.intercepted));
    }
    var gaps = data.days_without_statement || [];
    if (unrecorded(data).length) {
      // A period with no statement in the record on any of its days: a gap, marked on the
      // axis apart from a period whose statements claimed nothing.
      sets.push({
        type: "line", label: data.text.no_statement, stack: "gaps", showLine: false, marker: true,
        data: gaps.map(function (n, i) { return n && n === data.days[i] ? 0 : null; }),
        pointStyle: "line", pointRadius: 6, pointHoverRadius: 6, borderWidth: 3,
        borderColor: "#8c959f", backgroundColor: "#8c959f",
      });
    }
    if (data.average) {
      // Its own stack, so the average never piles onto the bars.
      sets.push({
        type: "line", label: data.text.average, stack: "average", data: data[measure + "_average"],
        borderColor: "#102a43", backgroundColor: "#102a43", borderWidth: 2, pointRadius: 0, spanGaps: false,
      });
    }
    return sets;
  }

  // A period's reported intercepted is a sum of the figures given: where its incidents gave
  // none the value is null ("no figure reported", never 0), and incidents without one are counted.
  function tooltipLabel(data) {
    return function (item) {
      var set = item.dataset;
      var missing = set.withoutFigure && data.measure === "intercepted" ? set.withoutFigure[item.dataIndex] : 0;
      var text = set.label + ": " + (item.raw === null ? data.text.no_figure : number(item.raw));
      if (missing) text += " (" + data.text.without_figure.replace("%(n)s", number(missing)) + ")";
      return text;
    };
  }

  // The period's label, and how many of its days have no statement in the record.
  function tooltipTitle(data) {
    return function (items) {
      if (!items.length) return "";
      var i = items[0].dataIndex, title = [data.labels[i]];
      var gaps = data.days_without_statement || [];
      if (partial(data, i)) {
        title.push(data.text.partial_period.replace("%(days)s", number(data.days[i])).replace("%(full)s", number(data.period_days[i])));
      }
      if (gaps[i]) {
        title.push(data.text.days_without_statement.replace("%(n)s", number(gaps[i])).replace("%(days)s", number(data.days[i])));
      }
      return title;
    };
  }

  function options(data, extra) {
    var phone = window.matchMedia("(max-width: 40rem)").matches;
    var base = {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: {
          stacked: true,
          title: { display: true, text: data.text.x_axis },
          ticks: {
            maxRotation: 0, autoSkip: true, maxTicksLimit: phone ? 3 : 7,
            callback: function (value, index) { return data.ticks[index]; },
          },
          grid: { display: false },
        },
        y: {
          stacked: true, beginAtZero: true,
          title: { display: true, text: data.text.y_axis },
          ticks: { precision: 0, callback: function (value) { return number(value); } },
        },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          filter: function (item) { return !item.dataset.marker; },
          callbacks: {
            title: tooltipTitle(data),
            label: tooltipLabel(data),
          },
        },
        sourceLine: { text: data.source },
        gapBands: { indices: unrecorded(data) },
        subtitle: { display: true, position: "bottom", align: "start", font: { size: 12 }, color: "#57606a", padding: { top: 6 }, text: "" },
      },
    };
    return Object.assign(base, extra || {});
  }

  function draw(data) {
    separators = data.separators || separators;
    var title = document.querySelector("[data-chart-title]");
    if (title) title.textContent = data.title;
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      data: { labels: data.periods, datasets: datasets(data) },
      options: options(data),
      plugins: [sourceLine, gapBands],
    });
    canvas.dataset.drawn = "true";
    if (multiples) drawMultiples(data);
  }

  // Small multiples: each threat type's bars on one shared scale, drawn when scrolled into view.
  function drawMultiples(data) {
    var grid = multiples.querySelector("[data-multiples-grid]");
    grid.textContent = "";
    var measure = data.measure, top = 0;
    data.by_threat.forEach(function (series) {
      series[measure].forEach(function (value) { if (value > top) top = value; });
    });
    var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        entry.target.$draw();
      });
    }, { rootMargin: "200px" }) : null;
    data.by_threat.forEach(function (series, i) {
      var figure = document.createElement("figure");
      figure.className = "multiple";
      var caption = document.createElement("figcaption");
      var heading = series.slug === "other-threats" ? document.createElement("span") : document.createElement("a");
      if (heading.tagName === "A") heading.href = multiples.dataset.threatLink + encodeURIComponent(series.slug);
      heading.textContent = series.label;
      caption.appendChild(heading);
      var values = series[measure], missing = measure === "intercepted" && values.indexOf(null) !== -1;
      // (A period without incidents is 0, not a figure given: period_figure in figures.py.)
      if (missing && values.every(function (value, k) { return value === null || !series.incidents[k]; })) {
        // No period of this threat gave a figure: said in words, not left as an empty chart.
        var note = document.createElement("span");
        note.className = "hint no-figure";
        note.setAttribute("data-no-figure", "");
        note.textContent = " — " + data.text.no_figure;
        caption.appendChild(note);
      }
      var box = document.createElement("div");
      box.className = "multiple-frame";
      var small = document.createElement("canvas");
      small.setAttribute("role", "img");
      small.setAttribute("aria-label", series.label + ": " + data.title);
      box.appendChild(small);
      figure.appendChild(caption);
      figure.appendChild(box);
      grid.appendChild(figure);
      figure.$draw = function () {
        new Chart(small, {
          type: "bar",
          data: { labels: data.periods, datasets: [bars(data, values, series.label, palette[i % palette.length], series.intercepted_without_figure)].concat(missing ? [noFigureMarkers(data, values)] : []) },
          options: options(data, {
            scales: {
              x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 2, callback: function (v, index) { return data.ticks[index]; } }, grid: { display: false } },
              y: { beginAtZero: true, max: top || 1, ticks: { precision: 0, maxTicksLimit: 4, callback: function (value) { return number(value); } } },
            },
            plugins: {
              legend: { display: false },
              tooltip: { filter: function (item) { return !item.dataset.marker; }, callbacks: { title: tooltipTitle(data), label: tooltipLabel(data) } },
            },
          }),
        });
        small.dataset.drawn = "true";
      };
      if (observer) observer.observe(figure); else figure.$draw();
    });
    multiples.hidden = data.by_threat.length < 2;
  }

  function fail(error) {
    var note = frame.querySelector(".field-error") || document.createElement("p");
    note.className = "field-error";
    note.textContent = frame.dataset.chartError;
    frame.appendChild(note);
    console.error(error);
  }

  // The first drawing waits until the chart comes near the screen (within 200 px): on a phone
  // it sits below the headline figures, and drawing it at load was most of the blocking time
  // Lighthouse counted there. The numbers are fetched at once all the same.
  var near = new Promise(function (resolve) {
    if (!("IntersectionObserver" in window)) return resolve();
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      resolve();
    }, { rootMargin: "200px" });
    observer.observe(frame);
  });

  var library = null;
  function loadLibrary() {
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = libraryUrl;
        tag.onload = resolve;
        tag.onerror = function () { reject(new Error("chart library: " + libraryUrl)); };
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  // Settings changed quickly start several requests, whose answers may come back in any order:
  // only the latest request's is drawn, so the chart always shows what the settings (and the
  // address) say.
  var latest = 0;
  function load(url) {
    var request = ++latest;
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("chart data: HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        return near.then(loadLibrary).then(function () {
          if (request === latest) draw(data);
        });
      })
      .catch(function (error) {
        if (request === latest) fail(error);
      });
  }

  // The settings: redraw, and put them in the address and in every link to this chart.
  if (controls) {
    controls.querySelector("[data-chart-submit]").hidden = true;
    controls.addEventListener("change", function () {
      var query = new URLSearchParams(new FormData(controls)).toString();
      history.replaceState(null, "", location.pathname + "?" + query);
      document.querySelectorAll("[data-chart-link]").forEach(function (link) {
        link.href = link.pathname + "?" + query;
      });
      frame.dataset.chartSrc = frame.dataset.chartSrc.split("?")[0] + "?" + query;
      load(frame.dataset.chartSrc);
    });
  }
  load(frame.dataset.chartSrc);
})();
