// 历年指标趋势: the line of one figure over the published issues (data in #trend-data).
(function () {
  var source = document.getElementById("trend-data");
  var target = document.getElementById("trend-chart");
  if (!source || !target || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(target);
  chart.setOption({
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.x },
    yAxis: { type: "value" },
    series: [{ name: data.name, type: "line", data: data.y, smooth: true }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
