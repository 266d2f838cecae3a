// Indicator pages: baseline, target and reported value by year and place, each bar
// labelled with its value; the axis says the unit. The data sits in a JSON script
// element written by the build (never as HTML). Many labels: bars run sideways, so
// every label stays readable on a phone.
// Chart.js (vendored, same site) is loaded from here, so a page names one script.
// The page holds the data and a <figure> with its caption; the canvas is made here,
// tall enough for its bars, named by the caption (the table below has the values).
(function () {
  var source = document.getElementById("ls-chart-data");
  var figure = document.querySelector("figure.ls-chart");
  if (!source || !figure) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var bars = data.labels.length * Object.keys(data.series).length;
  var box = document.createElement("div");
  box.className = "ls-chart__canvas";
  if (data.labels.length > 6) {
    box.style.height = 5 + data.labels.length * 0.6 + bars * 0.8 + "rem";
  }
  var canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", figure.textContent.trim());
  box.appendChild(canvas);
  figure.insertBefore(box, figure.firstChild);
  var me = document.currentScript || document.querySelector('script[src$="indicator-chart.js"]');
  var lib = document.createElement("script");
  lib.src = new URL("../vendor/chartjs/chart.umd.min.js", me.src).href;
  lib.onload = function () {
    lsDrawChart(source, canvas);
  };
  document.head.appendChild(lib);
})();

function lsDrawChart(source, canvas) {
  var data = JSON.parse(source.textContent);
  data.horizontal = data.labels.length > 6;
  var NAMES = { baseline: "基期值", target: "目标值", actual: "完成值" };
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var text = dark ? "#e3e5ea" : "#1f1f1f";
  var grid = dark ? "rgba(255,255,255,0.15)" : "rgba(0,0,0,0.1)";
  var colours = { baseline: dark ? "#9aa0a6" : "#6b6b6b", target: dark ? "#ff8a80" : "#b71c1c", actual: dark ? "#81c995" : "#1e6b34" };
  var format = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });
  var horizontal = Boolean(data.horizontal);
  // Each bar's value, written at its end.
  var valueLabels = {
    id: "lsValues",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = text;
      ctx.font = "12px sans-serif";
      ctx.textAlign = horizontal ? "left" : "center";
      ctx.textBaseline = horizontal ? "middle" : "bottom";
      chart.data.datasets.forEach(function (dataset, i) {
        chart.getDatasetMeta(i).data.forEach(function (bar, j) {
          var value = dataset.data[j];
          if (value === null || value === undefined) {
            return;
          }
          var x = horizontal ? bar.x + 4 : bar.x;
          var y = horizontal ? bar.y : bar.y - 2;
          ctx.fillText(format.format(value), x, y);
        });
      });
      ctx.restore();
    }
  };
  var valueAxis = {
    beginAtZero: true,
    grace: "12%",
    ticks: { color: text },
    grid: { color: grid },
    title: { display: Boolean(data.unit), text: data.unit ? "单位:" + data.unit : "", color: text }
  };
  var labelAxis = { ticks: { color: text, autoSkip: false }, grid: { display: false } };
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: Object.keys(data.series).map(function (key) {
        return { label: NAMES[key], data: data.series[key], backgroundColor: colours[key] };
      })
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { labels: { color: text } },
        tooltip: {
          callbacks: {
            label: function (item) {
              return item.dataset.label + ":" + format.format(item.raw) + (data.unit || "");
            }
          }
        }
      },
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
    },
    plugins: [valueLabels]
  });
}
