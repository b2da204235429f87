// Small helpers shared by every page. htmx sends the CSRF header from <body hx-headers>.
document.addEventListener("htmx:responseError", function (evt) {
  // show server error fragments (4xx/5xx) in the target instead of failing silently
  var target = evt.detail.target;
  if (target && evt.detail.xhr && evt.detail.xhr.responseText) {
    target.innerHTML = evt.detail.xhr.responseText;
  }
});

window.eduplan = {
  chart: function (id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) { return null; }
    var chart = echarts.init(el, null, {renderer: "canvas"});
    option.animation = false;  // screenshots and tests see the final picture
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.ready = "1";
    return chart;
  }
};
