// Small helpers shared by every page. htmx sends the CSRF header from <body hx-headers>.
// No inline script or style attribute runs under the Content-Security-Policy, so what
// pages used to say inline is said with data attributes and applied here:
//   data-autosubmit      a select that submits its form when changed
//   data-back            a link that goes back in history
//   data-width="42.5"    a bar's width in percent;  data-height="280"  an element's height in px
//   data-menu-toggle     the button that opens and closes the top menu on a narrow screen
(function () {
  function applySizes(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var w = parseFloat(el.getAttribute("data-width"));
      if (!isNaN(w)) { el.style.width = Math.max(0, Math.min(100, w)) + "%"; }
    });
    root.querySelectorAll("[data-height]").forEach(function (el) {
      var h = parseFloat(el.getAttribute("data-height"));
      if (!isNaN(h)) { el.style.height = h + "px"; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { applySizes(document); });
  document.addEventListener("htmx:afterSwap", function (evt) { applySizes(evt.detail.target || document); });
  document.addEventListener("htmx:oobAfterSwap", function (evt) { applySizes(evt.detail.target || document); });

  document.addEventListener("change", function (evt) {
    var el = evt.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) { el.form.submit(); }
  });

  document.addEventListener("click", function (evt) {
    var back = evt.target.closest && evt.target.closest("[data-back]");
    if (back && window.history.length > 1) { evt.preventDefault(); window.history.back(); return; }
    var toggle = evt.target.closest && evt.target.closest("[data-menu-toggle]");
    if (toggle) {
      var bar = toggle.closest(".topbar");
      var open = bar.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
  });

  document.addEventListener("htmx:responseError", function (evt) {
    // show server error fragments (4xx/5xx) in the target instead of failing silently
    var target = evt.detail.target;
    if (target && evt.detail.xhr && evt.detail.xhr.responseText) {
      target.innerHTML = evt.detail.xhr.responseText;
      applySizes(target);
    }
  });

  window.eduplan = {
    chart: function (id, option) {
      var el = document.getElementById(id);
      if (!el || !window.echarts) { return null; }
      applySizes(el.parentNode || document);
      var chart = echarts.init(el, null, {renderer: "canvas"});
      option.animation = false;  // screenshots and tests see the final picture
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
      el.dataset.ready = "1";
      return chart;
    }
  };
})();
