// Client-side filters of a long page (report: section, unit, status; unit: year,
// role). The contract, shared with every template that adds a filter:
// - the page has one <form class="ls-filters"> holding <select name="NAME"> controls,
//   each with a <label>, and an <output> announcing the count (aria-live);
// - each filterable item carries data-f-NAME="v1 v2 …" (space-separated values).
// An item is shown when, for every select with a value, its data-f-NAME holds that
// value, or when an item inside it is shown (a key task keeps its parent). Headings
// whose part of the page holds items but no shown item are hidden too, and so are
// .ls-scroll boxes (tables) with items and none shown. The state is the URL query
// (?unit=…&year=…), so a filtered view can be shared; it is restored on load.
(function () {
  var form = document.querySelector("form.ls-filters");
  if (!form) {
    return;
  }
  var page = form.closest(".ls-page") || document.body;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[name]"));
  var output = form.querySelector("output");
  var HEADING = /^H[2-6]$/;
  var each = function (list, fn) {
    Array.prototype.forEach.call(list, fn);
  };

  function items() {
    var selector = selects
      .map(function (s) {
        return "[data-f-" + s.name + "]";
      })
      .join(",");
    return selector ? Array.prototype.slice.call(page.querySelectorAll(selector)) : [];
  }

  function matches(item, wanted) {
    return wanted.every(function (w) {
      var values = (item.getAttribute("data-f-" + w.name) || "").split(/\s+/);
      return values.indexOf(w.value) !== -1;
    });
  }

  function apply() {
    var wanted = selects
      .filter(function (s) {
        return s.value;
      })
      .map(function (s) {
        return { name: s.name, value: s.value };
      });
    var all = items();
    var shown = 0;
    page.querySelectorAll("[data-f-hidden]").forEach(function (el) {
      el.removeAttribute("data-f-hidden");
    });
    var keep = new Set();
    all.forEach(function (item) {
      if (matches(item, wanted)) {
        shown += 1;
        for (var el = item; el && el !== page; el = el.parentElement) {
          keep.add(el);
        }
      }
    });
    all.forEach(function (item) {
      if (!keep.has(item)) {
        item.setAttribute("data-f-hidden", "");
      }
    });
    hideEmpty(all, keep);
    if (output) {
      output.textContent = wanted.length
        ? "显示 " + shown + " 项(共 " + all.length + " 项)"
        : "共 " + all.length + " 项";
    }
    document.dispatchEvent(new Event("ls-filtered"));
    return wanted;
  }

  // Headings (direct children of the page) over a range that holds items but no
  // shown item; tables whose rows are all hidden. Linear in the page's size.
  function hideEmpty(all, keep) {
    var holds = new Set();
    var boxes = new Set();
    all.forEach(function (item) {
      var top = item;
      while (top.parentElement && top.parentElement !== page) {
        top = top.parentElement;
      }
      holds.add(top);
      var box = item.closest(".ls-scroll");
      if (box) {
        boxes.add(box);
      }
    });
    var children = Array.prototype.slice.call(page.children);
    children.forEach(function (head, i) {
      if (!HEADING.test(head.tagName)) {
        return;
      }
      var level = Number(head.tagName[1]);
      var any = false;
      for (var j = i + 1; j < children.length; j += 1) {
        var el = children[j];
        if (HEADING.test(el.tagName) && Number(el.tagName[1]) <= level) {
          break;
        }
        if (holds.has(el)) {
          any = true;
          if (keep.has(el)) {
            return;
          }
        }
      }
      if (any) {
        head.setAttribute("data-f-hidden", "");
      }
    });
    boxes.forEach(function (box) {
      if (!keep.has(box)) {
        box.setAttribute("data-f-hidden", "");
      }
    });
  }

  function save(wanted) {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      params.delete(s.name);
    });
    wanted.forEach(function (w) {
      params.set(w.name, w.value);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  // -- Values read from the page (data-derive), so the HTML carries no attributes.
  var options = {};
  function offer(name, value, text, order) {
    options[name] = options[name] || new Map();
    if (!options[name].has(value)) {
      options[name].set(value, { text: text, order: order });
    }
  }
  function tag(el, name, values) {
    if (!el.hasAttribute("data-f-" + name)) {
      el.setAttribute("data-f-" + name, values.join(" "));
    }
  }
  // Report: an item's sections are the list and section headings above it; its
  // units are the unit pages it links to.
  function deriveReport() {
    var chain = [];
    var position = 0;
    each(page.children, function (el) {
      if (HEADING.test(el.tagName) && el.id && (el.tagName === "H2" || el.classList.contains("ls-section"))) {
        var level = Number(el.tagName[1]);
        chain = chain.filter(function (h) {
          return h.level < level;
        });
        var text = "\u3000".repeat(Math.max(0, level - 2)) + el.textContent.trim();
        chain.push({ level: level, id: el.id, text: text, position: position++ });
        return;
      }
      var found = el.matches("section.ls-task") ? [el] : [];
      if (el.classList.contains("ls-scroll")) {
        found = Array.prototype.slice.call(el.querySelectorAll("tbody tr[id]"));
      }
      found.forEach(function (item) {
        var sections = chain.map(function (h) {
          offer("section", h.id, h.text, h.position); // only headings over items
          return h.id;
        });
        var nested = item.matches("section") ? item.querySelectorAll("section.ls-task") : [];
        [item].concat(Array.prototype.slice.call(nested)).forEach(function (one) {
          tag(one, "section", sections);
          var units = [];
          each(one.querySelectorAll("a.ls-unit"), function (a) {
            var id = a.getAttribute("href").replace(/\/$/, "").split("/").pop();
            var name = (a.getAttribute("title") || "").replace(/^规范名称:/, "") || a.textContent.trim();
            offer("unit", id, name, name);
            if (units.indexOf(id) === -1) {
              units.push(id);
            }
          });
          tag(one, "unit", units);
        });
      });
    });
  }
  // Unit: each row's year (its year cell, or its report heading) and roles (its
  // role cell).
  function deriveUnit() {
    var year = "";
    each(page.children, function (el) {
      if (el.tagName === "H2") {
        var match = el.textContent.match(/^\s*(\d{4})/);
        year = match ? match[1] : "";
        return;
      }
      var table = el.classList.contains("ls-scroll") && el.querySelector("table");
      if (!table || !table.tHead) {
        return;
      }
      var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
        return th.textContent.trim();
      });
      var yearAt = heads.indexOf("年度");
      var roleAt = heads.indexOf("角色");
      if (yearAt < 0 && !year) {
        return; // a table before the first report (the progress scorecard) is no item
      }
      each(table.tBodies[0].rows, function (row) {
        var y = yearAt >= 0 ? row.cells[yearAt].textContent.trim() : year;
        tag(row, "year", [y]);
        offer("year", y, y, -Number(y));
        if (roleAt >= 0) {
          var cell = row.cells[roleAt].cloneNode(true);
          each(cell.querySelectorAll("mark"), function (m) {
            m.remove();
          });
          var roles = cell.textContent.split(/[、\s]+/).filter(Boolean);
          roles.forEach(function (r) {
            offer("role", r, r, r);
          });
          tag(row, "role", roles);
        }
      });
    });
  }
  function fillOptions() {
    selects.forEach(function (s) {
      var found = options[s.name];
      if (!found || s.options.length > 1) {
        return; // the page wrote its own options
      }
      Array.from(found.entries())
        .sort(function (a, b) {
          var x = a[1].order;
          var y = b[1].order;
          return typeof x === "string" ? x.localeCompare(y, "zh") : x - y;
        })
        .forEach(function (entry) {
          s.add(new Option(entry[1].text, entry[0]));
        });
    });
  }
  var derive = form.getAttribute("data-derive");
  if (derive === "report") {
    deriveReport();
  } else if (derive === "unit") {
    deriveUnit();
  }
  fillOptions();
  form.hidden = false;

  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (s) {
    var value = params.get(s.name);
    if (value && Array.prototype.some.call(s.options, function (o) { return o.value === value; })) {
      s.value = value;
    }
  });
  form.addEventListener("change", function () {
    save(apply());
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save(apply());
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      save(apply());
    }, 0);
  });
  apply();
})();
