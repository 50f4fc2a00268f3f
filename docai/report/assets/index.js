// docai report, index: sort by a column, filter by text, status, confidence and checks.
(function () {
  "use strict";

  function init() {
    var table = document.getElementById("documents");
    if (!table) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var text = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var headers = table.tHead.rows[0].cells;
    var query = document.getElementById("filter-text");
    var status = document.getElementById("filter-status");
    var low = document.getElementById("filter-low");
    var checks = document.getElementById("filter-checks");
    var shown = document.getElementById("shown");

    function key(row, column) {
      var cell = row.cells[column];
      return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort")
        : cell.textContent.trim();
    }

    function sortBy(column) {
      var th = headers[column];
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      var numeric = th.getAttribute("data-type") === "num";
      Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var order = rows.map(function (row, i) { return i; });
      order.sort(function (a, b) {
        var x = key(rows[a], column), y = key(rows[b], column);
        if (x === "" || y === "") return x === y ? a - b : (x === "" ? 1 : -1);  // blanks last
        var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return c ? c * dir : a - b;
      });
      var fragment = document.createDocumentFragment();
      order.forEach(function (i) { fragment.appendChild(rows[i]); });
      body.appendChild(fragment);
    }

    function filter() {
      var q = query.value.trim().toLowerCase(), count = 0;
      rows.forEach(function (row, i) {
        var visible = (!q || text[i].indexOf(q) !== -1) &&
          (!status.value || row.getAttribute("data-status") === status.value) &&
          (!low.checked || row.getAttribute("data-low") === "1") &&
          (!checks.checked || row.getAttribute("data-checks") === "1");
        row.hidden = !visible;
        if (visible) count += 1;
      });
      shown.textContent = count + " shown";
    }

    Array.prototype.forEach.call(headers, function (th, column) {
      th.querySelector("button").addEventListener("click", function () { sortBy(column); });
    });
    [query, status, low, checks].forEach(function (el) {
      el.addEventListener("input", filter);
      el.addEventListener("change", filter);
    });
    filter();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
