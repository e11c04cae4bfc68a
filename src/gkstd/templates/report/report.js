/* gkstd batch check report: sort and filter the table of catalogs; open every <details>
   for printing.  It reads the page only: no data is written into this script. */
(function () {
  "use strict";
  var table = document.getElementById("catalog-table");
  var body = table && table.tBodies[0];
  var query = document.getElementById("q");
  var domain = document.getElementById("fd");
  var grade = document.getElementById("fg");
  var shown = document.getElementById("shown");
  var collator = new Intl.Collator(document.documentElement.lang || "zh-CN", { numeric: true });

  function cellValue(row, col, numeric) {
    var text = row.cells[col].textContent.trim();
    if (!numeric) return text;
    var value = parseFloat(text);
    return isNaN(value) ? -Infinity : value;
  }

  function sortBy(button) {
    var th = button.parentNode;
    var col = Number(button.getAttribute("data-col"));
    var numeric = button.hasAttribute("data-num");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: cellValue(row, col, numeric), index: index };
    });
    rows.sort(function (a, b) {
      var order = numeric ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : collator.compare(a.key, b.key);
      if (!ascending) order = -order;
      return order || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r.row); });
    body.appendChild(fragment);
  }

  function filter() {
    var words = query.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var d = domain.value;
    var g = grade.value;
    var count = 0;
    var rows = body.rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var text = row.textContent.toLowerCase();
      var show = (!d || row.getAttribute("data-domain") === d) &&
        (!g || row.getAttribute("data-grade") === g) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !show;
      if (show) count++;
    }
    var template = shown.getAttribute("data-tpl") || "{n} / {m}";
    shown.textContent = template.replace("{n}", String(count)).replace("{m}", String(rows.length));
  }

  if (table && body) {
    var buttons = table.tHead.querySelectorAll("button[data-col]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () { sortBy(button); });
    });
    if (query && domain && grade && shown) {
      query.addEventListener("input", filter);
      domain.addEventListener("change", filter);
      grade.addEventListener("change", filter);
    }
  }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    opened = Array.prototype.slice.call(all);
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
