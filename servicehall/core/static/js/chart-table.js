// 图表数据表：按钮显示或隐藏图表下方的数据表（表格由服务器按图表的同一数据生成）。
(function () {
  "use strict";
  document.querySelectorAll("[data-table-toggle]").forEach(function (button) {
    var table = document.getElementById(button.getAttribute("data-table-toggle"));
    if (!table) { return; }
    button.addEventListener("click", function () {
      table.hidden = !table.hidden;
      button.setAttribute("aria-expanded", table.hidden ? "false" : "true");
      button.textContent = table.hidden ? "显示数据表" : "隐藏数据表";
    });
  });
})();
