// 数据来源 review: clicking a marked figure in the text shows its proposal beside it.
document.addEventListener("click", (event) => {
  const mark = event.target.closest("#source-text mark[data-target-id]");
  if (!mark) return;
  const card = document.getElementById("p-" + mark.dataset.targetId);
  if (!card) return;
  document.querySelectorAll(".proposal.focused").forEach((el) => el.classList.remove("focused"));
  card.classList.add("focused");
  card.scrollIntoView({ behavior: "smooth", block: "center" });
});
