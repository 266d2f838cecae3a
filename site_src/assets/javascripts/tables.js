// Every plain data table is sortable by clicking its header (vendored tablesort).
document$.subscribe(function () {
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    if (table.tHead) {
      new Tablesort(table);
    }
  });
});
