// 首页趋势图：数据来自页面中的 json_script（figures.daily_case_counts）。
(function () {
  "use strict";
  var node = document.getElementById("trend-chart");
  var source = document.getElementById("trend-data");
  if (!node || !source || typeof echarts === "undefined") { return; }
  var trend = JSON.parse(source.textContent);
  var chart = echarts.init(node, null, { renderer: "canvas" });
  chart.setOption({
    color: ["#1d4f91", "#b3261e", "#b7791f", "#2f7d32", "#6b46c1"],
    textStyle: { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif' },
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: "category", data: trend.days, axisLabel: { formatter: function (v) { return v.slice(5); } } },
    yAxis: { type: "value", minInterval: 1 },
    series: trend.series.map(function (s) {
      return { name: s.name, type: "line", smooth: true, showSymbol: false, data: s.data };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
