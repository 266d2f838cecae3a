// Every plain data table is sortable by clicking its header (vendored tablesort).
// A table wider than its column becomes a list of cards (luoshi.css .ls-cards),
// each cell labelled with its column's heading, so a phone shows every value
// without sideways scrolling; without this script the table scrolls instead.
document$.subscribe(function () {
  var boxes = [];
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    if (!table.tHead) {
      return;
    }
    new Tablesort(table);
    var box = table.closest(".ls-scroll"); // Material wraps the table in two divs
    if (!box) {
      return;
    }
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return th.textContent.trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (heads[i]) {
            cell.setAttribute("data-label", heads[i]);
          }
        });
      });
    });
    boxes.push(box);
  });
  function fit() {
    boxes.forEach(function (box) {
      box.classList.remove("ls-cards");
    });
    // On a phone a table of four or more columns is squeezed (long text breaks
    // anywhere) before it overflows: it becomes cards too.
    var phone = window.matchMedia("(max-width: 44.9375em)").matches;
    var wide = boxes.filter(function (box) {
      var table = box.querySelector("table");
      var columns = table && table.tHead ? table.tHead.rows[0].cells.length : 0;
      return (table && table.offsetWidth > box.clientWidth + 1) || (phone && columns > 3);
    });
    wide.forEach(function (box) {
      box.classList.add("ls-cards");
    });
  }
  fit();
  document.addEventListener("ls-filtered", fit); // shown again by a filter
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(fit, 150);
  });
});
