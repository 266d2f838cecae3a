// Indicator pages: baseline against target for the rows where both are numbers.
// The data sits in a JSON script element written by the build (never as HTML).
(function () {
  var source = document.getElementById("ls-chart-data");
  var canvas = document.getElementById("ls-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "基期值", data: data.baseline, backgroundColor: "#9e9e9e" },
        { label: "目标值", data: data.target, backgroundColor: "#c62828" }
      ]
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true } }
    }
  });
})();
