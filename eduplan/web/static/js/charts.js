// Charts declared in HTML: <div id="…" data-chart='{…ECharts option…}'>. Initialised on page
// load and whenever htmx swaps new content in (htmx.onLoad covers both).
(function () {
  function init(root) {
    if (!root || !root.querySelectorAll) { return; }
    var nodes = Array.prototype.slice.call(root.querySelectorAll("[data-chart]"));
    if (root.matches && root.matches("[data-chart]")) { nodes.unshift(root); }
    nodes.forEach(function (el) {
      if (el.dataset.ready || !window.echarts) { return; }
      var previous = echarts.getInstanceByDom(el);
      if (previous) { previous.dispose(); }
      try {
        window.eduplan.chart(el.id, JSON.parse(el.getAttribute("data-chart")));
      } catch (err) {
        el.textContent = "图表无法显示：" + err.message;
      }
    });
  }
  if (window.htmx) {
    htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document.body); });
  }
})();
