/* On a phone a table wider than the screen becomes one block per row, each cell headed
   by its column (DKFDS's table--responsive-headers, below 768 px), so the key columns
   (a deadline, an acknowledgement, a follow-up) are never hidden off to the right.
   Each cell gets its column's name as data-title here; without JavaScript the table
   scrolls inside its box instead. Every table of the main content takes part; one may
   opt out with data-keep-columns. */
(function () {
  "use strict";

  function headings(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!row) { return null; }
    var names = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      var span = cell.colSpan || 1;
      for (var i = 0; i < span; i += 1) { names.push(cell.textContent.trim()); }
    });
    return names;
  }

  function stack(table) {
    if (table.hasAttribute("data-keep-columns") || table.classList.contains("table--responsive-headers")) { return; }
    var names = headings(table);
    if (!names) { return; }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-title") && names[column]) { cell.setAttribute("data-title", names[column]); }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("table--responsive-headers");
    var box = table.closest(".kompas-table-scroll");
    if (box) { box.classList.add("kompas-table-stacked"); }
  }

  function all(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("main table.table"), stack);
  }

  document.addEventListener("DOMContentLoaded", function () { all(document); });
  document.addEventListener("htmx:afterSettle", function (event) { all(event.target); });
}());
