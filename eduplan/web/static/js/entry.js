// 数据填报: a cell's validation message (422) and conflict (409) replace the cell like a
// normal response, so the returned input keeps working (htmx leaves 4xx unswapped).
document.addEventListener("htmx:beforeSwap", function (evt) {
  var xhr = evt.detail.xhr;
  var target = evt.detail.target;
  if (!xhr || !target || !target.closest || !target.closest(".entry-grid")) { return; }
  if (xhr.status === 409 || xhr.status === 422) {
    evt.detail.shouldSwap = true;
    evt.detail.isError = false;
  }
});
