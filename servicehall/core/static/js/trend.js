// 趋势图: one line, or a line per series, over the issues (data in #trend-data).
// Drawn without animation and with every point marked: the line reaches each point as soon as
// the page shows it (an animated line was seen stopping short of the last point).
(function () {
  var source = document.getElementById("trend-data");
  var target = document.getElementById("trend-chart");
  if (!source || !target || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var series = data.series || [{ name: data.name, y: data.y }];
  var chart = echarts.init(target);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { show: series.length > 1 },
    grid: { left: 56, right: 32, top: 40, bottom: 40 },
    xAxis: { type: "category", data: data.x, boundaryGap: false },
    yAxis: { type: "value", name: data.name },
    series: series.map(function (s) {
      return {
        name: s.name, type: "line", data: s.y, connectNulls: true,
        showSymbol: true, showAllSymbol: true, symbolSize: 6,
      };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
