// 趋势图: one line, or a line per series, over the issues (data in #trend-data).
(function () {
  var source = document.getElementById("trend-data");
  var target = document.getElementById("trend-chart");
  if (!source || !target || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var series = data.series || [{ name: data.name, y: data.y }];
  var chart = echarts.init(target);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { show: series.length > 1 },
    xAxis: { type: "category", data: data.x },
    yAxis: { type: "value", name: data.name },
    series: series.map(function (s) {
      return { name: s.name, type: "line", data: s.y, connectNulls: true };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
