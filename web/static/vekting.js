// The weighted score as the assessor chooses points (the page works without it: the
// server computes the total when the scores are saved).
document.querySelectorAll("[data-scoring]").forEach(function (table) {
  var out = table.querySelector("output");
  function update() {
    var sum = 0, weights = 0, complete = true;
    table.querySelectorAll("select[data-weight]").forEach(function (select) {
      var weight = parseFloat(select.dataset.weight);
      if (select.value === "") { complete = false; return; }
      sum += weight * parseInt(select.value, 10); weights += weight;
    });
    out.textContent = complete && weights > 0 ? (sum / weights).toFixed(2).replace(".", ",") + " av 5" : "–";
  }
  table.addEventListener("change", update);
  update();
});
