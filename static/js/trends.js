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
      // A series holds one convention's cycles only (null at the other's): spanning its gaps joins
      // its own cycles, never a Basel cycle to a Stockholm one.
      var first = i === 0 || data.datasets[i - 1].convention !== d.convention;
      return {label: d.label, data: d.data, spanGaps: true, borderWidth: first ? 3 : 1.5};
    })},
    options: {scales: {y: {min: 0, max: 100, ticks: {callback: function (v) { return v + " %"; }}}}}
  });
})();
