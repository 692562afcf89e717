/* The on-time rate chart of the trends page, drawn from the JSON in #trends-data. */
(function () {
  "use strict";
  var source = document.getElementById("trends-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  if (!data.labels.length) { return; }
  new window.Chart(document.getElementById("trends-chart"), {
    type: "line",
    data: {labels: data.labels, datasets: data.datasets.map(function (d, i) {
      return {label: d.label, data: d.data, spanGaps: true, borderWidth: i === 0 ? 3 : 1.5};
    })},
    options: {scales: {y: {min: 0, max: 100, ticks: {callback: function (v) { return v + " %"; }}}}}
  });
})();
