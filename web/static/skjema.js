// Checks as you type, where they help: an amount or organisation number that cannot be
// right is said at once (while typing, never when the field is left, so that nothing
// moves under the pointer on the way to the send button), and the budget lines are
// summed against the amount applied for. The server checks everything again; without
// JavaScript the form works the same.
(function () {
  function amount(text) {
    var plain = text.replace(/^\s*kr\.?/i, "").replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    return /^\d{1,12}(\.\d{1,2})?$/.test(plain) ? parseFloat(plain) : null;
  }
  function orgNo(text) {
    var digits = text.replace(/\s/g, ""), weights = [3, 2, 7, 6, 5, 4, 3, 2], sum = 0;
    if (!/^\d{9}$/.test(digits)) return false;
    for (var i = 0; i < 8; i++) sum += weights[i] * parseInt(digits[i], 10);
    var check = 11 - (sum % 11);
    return (check === 11 ? 0 : check) === parseInt(digits[8], 10);
  }
  var messages = {amount: "Skriv et beløp i kroner, for eksempel 450 000 eller 450 000,50.",
                  orgno: "Organisasjonsnummeret må ha 9 siffer og et gyldig kontrollsiffer."};
  function note(field) {
    var id = field.id + "-sjekk", found = document.getElementById(id);
    if (!found) {
      found = document.createElement("p");
      found.id = id; found.className = "field-error"; found.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", found);
    }
    return found;
  }
  function settled(kind, value) {  // enough typed to judge: an amount at once, an org.nr. at 9 digits or a non-digit
    var digits = value.replace(/\s/g, "");
    return kind === "amount" ? !/[.,]$/.test(digits) : digits.length >= 9 || /\D/.test(digits);
  }
  document.querySelectorAll("input[data-check]").forEach(function (field) {
    field.addEventListener("input", function () {
      var kind = field.dataset.check, value = field.value.trim();
      var ok = value === "" || !settled(kind, value) || (kind === "amount" ? amount(value) !== null : orgNo(value));
      note(field).textContent = ok ? "" : messages[kind];
      if (ok) field.removeAttribute("aria-invalid"); else field.setAttribute("aria-invalid", "true");
    });
  });
  var total = document.querySelector("[data-budget-sum]");
  if (total) {
    var requested = document.getElementById(total.dataset.budgetSum);
    var lines = document.querySelectorAll("input[data-budget-line]");
    var update = function () {
      var sum = 0;
      lines.forEach(function (line) { sum += amount(line.value || "0") || 0; });
      var wanted = amount(requested.value || "0") || 0;
      total.textContent = "Sum av årene: kr " + sum.toLocaleString("nb-NO") +
        (sum === wanted ? " – lik søkt beløp." : " – søkt beløp er kr " + wanted.toLocaleString("nb-NO") + ".");
    };
    lines.forEach(function (line) { line.addEventListener("input", update); });
    requested.addEventListener("input", update);
  }
})();
