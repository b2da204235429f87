// The plan review screen: tabs, the section tree, opening a target's panel from a
// highlight, and adding a missed target from a text selection.
//
// Offsets: every piece of the source text is one element with one text node and a
// data-offset attribute (the offset of its first character in Plan.text), so a selection
// maps to exact offsets even across highlights. Python counts code points, JavaScript
// UTF-16 units: cpLen() converts.
(function () {
  "use strict";
  var source = document.getElementById("source-text");
  var panel = document.getElementById("target-panel");
  if (!source || !panel) { return; }
  var planId = source.dataset.planId;
  var canReview = source.dataset.canReview === "true";
  var addButton = document.getElementById("add-target-button");
  var emptyPanel = panel.innerHTML;

  // ---- tabs --------------------------------------------------------------------------
  var tabs = Array.prototype.slice.call(document.querySelectorAll("[data-tab]"));
  var panels = Array.prototype.slice.call(document.querySelectorAll("[data-tab-panel]"));
  function showTab(name) {
    panels.forEach(function (p) { p.hidden = p.dataset.tabPanel !== name; });
    tabs.forEach(function (a) {
      a.classList.toggle("active", a.dataset.tab === name);
      a.setAttribute("aria-selected", a.dataset.tab === name ? "true" : "false");
    });
  }
  tabs.forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      history.replaceState(null, "", "#" + a.dataset.tab);
      showTab(a.dataset.tab);
    });
  });
  var initial = (location.hash || "").slice(1);
  showTab(tabs.some(function (a) { return a.dataset.tab === initial; }) ? initial : "review");

  // ---- the section tree ----------------------------------------------------------------
  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
  }
  document.querySelectorAll("[data-testid=section-link]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      var line = document.getElementById("ln-" + a.dataset.line);
      if (!line) { return; }
      e.preventDefault();
      showTab("review");
      source.scrollTop = line.offsetTop - source.offsetTop - 8;
      flash(line);
    });
  });

  // ---- opening a target ----------------------------------------------------------------
  function openTarget(id) {
    htmx.ajax("GET", "/plans/" + planId + "/targets/" + id, {target: "#target-panel", swap: "innerHTML"});
  }
  function marksOf(id) {
    return source.querySelectorAll('mark[data-targets~="' + id + '"]');
  }
  function markActive() {
    var shown = panel.querySelector("[data-target-id]");
    var id = shown ? shown.dataset.targetId : null;
    source.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    if (id) { marksOf(id).forEach(function (m) { m.classList.add("active"); }); }
  }
  function selectionIsEmpty() {
    var sel = window.getSelection();
    return !sel || sel.isCollapsed;
  }
  source.addEventListener("click", function (e) {
    var mark = e.target.closest("mark[data-target-id]");
    if (mark && selectionIsEmpty()) { openTarget(mark.dataset.targetId); }
  });
  source.addEventListener("keydown", function (e) {
    var mark = e.target.closest && e.target.closest("mark[data-target-id]");
    if (mark && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      openTarget(mark.dataset.targetId);
    }
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest("[data-show-target]");
    if (link) {
      e.preventDefault();
      var id = link.dataset.showTarget;
      showTab("review");
      var first = marksOf(id)[0];
      if (first) { first.scrollIntoView({block: "center"}); flash(first); }
      openTarget(id);
      return;
    }
    if (e.target.closest("[data-panel-close]")) {
      panel.innerHTML = emptyPanel;
      markActive();
    }
  });
  // A conflict (409) or a form with mistakes (422) comes back as a panel to show: swap it
  // like a success, so its out-of-band lines refresh the highlights too.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if ((status === 409 || status === 422) && e.detail.target === panel) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:afterSettle", markActive);
  document.body.addEventListener("htmx:oobAfterSwap", markActive);

  // ---- adding a target from a selection ------------------------------------------------
  if (!canReview || !addButton) { return; }

  function cpLen(s) {  // code points in a UTF-16 string
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0xD800 || c > 0xDBFF) { n++; }
    }
    return n;
  }
  function offsetAt(node, off) {
    if (node.nodeType === Node.TEXT_NODE) {
      var parent = node.parentNode;
      if (parent.classList.contains("ln")) {  // the placeholder of an empty line
        return off === 0 ? +parent.dataset.offset : +parent.dataset.end;
      }
      return +parent.dataset.offset + cpLen(node.data.slice(0, off));
    }
    if (node === source) {
      if (off < node.children.length) { return +node.children[off].dataset.offset; }
      return node.lastElementChild ? +node.lastElementChild.dataset.end : 0;
    }
    if (node.classList && node.classList.contains("ln")) {
      if (off < node.childNodes.length) { return offsetAt(node.childNodes[off], 0); }
      return +node.dataset.end;
    }
    if (node.dataset && node.dataset.offset !== undefined) {  // a piece
      return off === 0 ? +node.dataset.offset : +node.dataset.offset + cpLen(node.textContent);
    }
    var piece = node.closest ? node.closest("[data-offset]") : null;
    return piece ? +piece.dataset.offset : null;
  }
  function hideButton() { addButton.hidden = true; }
  function checkSelection() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) { hideButton(); return; }
    var range = sel.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) { hideButton(); return; }
    var start = offsetAt(range.startContainer, range.startOffset);
    var end = offsetAt(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) { hideButton(); return; }
    addButton.dataset.start = start;
    addButton.dataset.end = end;
    var card = addButton.offsetParent || source.parentNode;
    var rects = range.getClientRects();
    var last = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    var box = card.getBoundingClientRect();
    addButton.style.top = (last.bottom - box.top + 6) + "px";
    addButton.style.left = Math.max(8, Math.min(last.right - box.left - 40, box.width - 150)) + "px";
    addButton.hidden = false;
  }
  source.addEventListener("mouseup", function () { setTimeout(checkSelection, 0); });
  source.addEventListener("keyup", function (e) { if (e.shiftKey) { checkSelection(); } });
  source.addEventListener("scroll", hideButton);
  addButton.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep the selection
  addButton.addEventListener("click", function () {
    var url = "/plans/" + planId + "/targets/new?start=" + addButton.dataset.start + "&end=" + addButton.dataset.end;
    hideButton();
    htmx.ajax("GET", url, {target: "#target-panel", swap: "innerHTML"}).then(function () {
      var first = panel.querySelector("input[name=indicator_name]");
      if (first) { first.focus(); }
    });
  });
  window.eduplanPlan = {offsetAt: offsetAt, openTarget: openTarget};
})();
