// Checks as you type, where they help: an amount or organisation number that cannot be
// right is said at once (while typing, never when the field is left, so that nothing
// moves under the pointer on the way to the send button), and the budget lines are
// summed against the amount applied for. After a refused send, the error summary takes
// the focus and links to each field that is wrong. The server checks everything again;
// without JavaScript the form works the same.
(function () {
  // Cards on a phone: each cell of a list or a table of figures is labelled with its
  // column's heading (the stylesheet shows the labels on a narrow screen only).
  document.querySelectorAll("table.list, table.figures").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) return;
    table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (cell.tagName === "TD" && !cell.dataset.label && heads[column] && cell.colSpan === 1) {
          cell.dataset.label = heads[column];
        }
        column += cell.colSpan || 1;
      });
    });
    table.setAttribute("data-cards", "");
  });
  var summary = document.getElementById("feil");
  if (summary) {
    var wrong = Array.prototype.filter.call(document.querySelectorAll("[aria-invalid=true]"),
                                            function (field) { return field.id; });
    if (wrong.length) {
      var list = document.createElement("ul"), said = [];
      list.className = "error-links";
      wrong.forEach(function (field) {
        var error = document.getElementById(field.id + "-feil");
        var label = document.querySelector("label[for='" + field.id + "']");
        var text = (error ? error.textContent : label ? label.textContent : field.name).trim();
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = "#" + field.id; link.textContent = text; said.push(text);
        link.addEventListener("click", function (event) { event.preventDefault(); field.focus(); });
        item.appendChild(link); list.appendChild(item);
      });
      var before = summary.querySelector("ul");
      if (before) {  // what the server said of no single field stays, after the links
        Array.prototype.forEach.call(before.children, function (item) {
          if (said.indexOf(item.textContent.trim()) < 0) list.appendChild(item.cloneNode(true));
        });
        before.replaceWith(list);
      } else {
        summary.appendChild(list);
      }
    }
    summary.focus();
  }
  function amount(text) {  // as the server reads it: 300 000, 300000,50, kr 1 250 000,- (a dot is refused)
    var found = /^(?:kr\.?\s*)?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d{1,2})|,-)?(?:\s*kr\.?)?$/i.exec(text.trim());
    return found ? parseFloat(found[1].replace(/\D/g, "") + "." + (found[2] || "0")) : null;
  }
  function orgNo(text) {
    var digits = text.replace(/\s/g, ""), weights = [3, 2, 7, 6, 5, 4, 3, 2], sum = 0;
    if (!/^\d{9}$/.test(digits)) return false;
    for (var i = 0; i < 8; i++) sum += weights[i] * parseInt(digits[i], 10);
    var check = 11 - (sum % 11);
    return (check === 11 ? 0 : check) === parseInt(digits[8], 10);
  }
  var messages = {amount: "Skriv et beløp i kroner, for eksempel 450 000 eller 450000,50 (komma før øre).",
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
