// 首页趋势图：数据来自页面中的 json_script（figures.daily_case_counts、figures.weekly_case_counts）。
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var COLORS = ["#1d4f91", "#b3261e", "#b7791f", "#2f7d32", "#6b46c1"];
  var FONT = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

  function draw(chartId, dataId, xKey, smooth) {
    var node = document.getElementById(chartId);
    var source = document.getElementById(dataId);
    if (!node || !source) { return; }
    var trend = JSON.parse(source.textContent);
    var chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      color: COLORS,
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 40, bottom: 32 },
      xAxis: { type: "category", data: trend[xKey], boundaryGap: false,
               axisLabel: { formatter: function (v) { return v.slice(5); } } },
      yAxis: { type: "value", minInterval: 1 },
      series: trend.series.map(function (s) {
        return { name: s.name, type: "line", smooth: smooth, showSymbol: false, data: s.data };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  draw("weekly-chart", "weekly-data", "weeks", false);
  draw("trend-chart", "trend-data", "days", true);
})();
