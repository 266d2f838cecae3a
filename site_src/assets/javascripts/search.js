// The search page, on Pagefind's JS API.
//
// The index (generators/search.py, searchtext.py) holds folded text (simplified,
// half-width) as overlapping character bigrams, numbers as whole words (6.5% →
// nn6d5p). The items of a page (a task with its units and roles; a unit's names)
// follow each other in its content, each starting at an empty anchor whose word
// position cuts the content into items again. A query is folded and cut the same
// way here:
// - its words (cut at spaces and punctuation; a run of Chinese is cut into words
//   with Intl.Segmenter, a lone character kept with its neighbour) give Pagefind a
//   few bigrams, which it looks up in the chunks holding them: the pages (report
//   pieces, unit, jurisdiction and indicator pages) holding all of them;
// - the first pages' data (small: a report is indexed in pieces) are fetched and
//   each item is checked here: it must contain every word; the whole query as one
//   phrase ranks first, then the items whose words stand closest together;
// - a page whose name (a unit's published spellings, a jurisdiction's names, an
//   indicator) is the query comes before everything; other such pages after tasks.
//   Their names weigh most in Pagefind's ranking, so they are among the first pages.
// - a place (莲都, 丽水市: the names search/places.json lists) or a year (2023年) in a
//   query of other words too narrows it: the other words are searched with the word
//   every copy of that place's or year's documents holds (all documents if none
//   there; see search.py).
(function () {
  "use strict";
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff";
  var TOKEN = new RegExp("[" + HAN + "]+|\\d+(?:\\.\\d+)?%?|[a-z]+|[^\\s" + HAN + "\\da-z]+", "g");
  var IS_HAN = new RegExp("^[" + HAN + "]");
  var BREAK = "¦";
  var NAMED = { unit: "单位", jurisdiction: "行政区划", indicator: "指标" };
  var FETCHED = 6; // pages whose data one round fetches
  var SHOWN = 10;
  var MAX_TERMS = 2; // bigrams given to Pagefind (each may fetch an index chunk)

  var table = {};
  (function () {
    var chars = Array.from(window.LUOSHI_FOLD || "");
    for (var i = 0; i + 1 < chars.length; i += 2) {
      table[chars[i]] = chars[i + 1];
    }
  })();

  function fold(text) {
    return Array.from(text.normalize("NFKC"))
      .map(function (c) { return table[c] || c; })
      .join("")
      .toLowerCase();
  }

  function numberWord(number) {
    var percent = number.slice(-1) === "%";
    var parts = number.replace("%", "").split(".");
    var whole = parts[0].replace(/^0+/, "") || "0";
    var fraction = (parts[1] || "").replace(/0+$/, "");
    return "nn" + whole + (fraction ? "d" + fraction : "") + (percent ? "p" : "");
  }

  // A task's own number (nx65) is a number of its own kind (searchtext.item_number_words).
  function itemWord(number) {
    return "nx" + numberWord(number).slice(2);
  }

  function decodeNumber(word) {
    var m = /^n[nx](\d+)(?:d(\d+))?(p?)$/.exec(word);
    return m ? m[1] + (m[2] ? "." + m[2] : "") + (m[3] ? "%" : "") : word;
  }

  // The index words back into text: overlapping bigrams of one run are joined.
  function decode(indexed) {
    var out = "";
    var previous = "";
    indexed.split(/\s+/).forEach(function (word) {
      if (!word) { return; }
      if (word === BREAK) {
        out += " ";
        previous = "";
        return;
      }
      var split = /^([\u3400-\u9fff]+)([^\u3400-\u9fff]+)$/.exec(word); // Pagefind's "." after a heading
      if (split) {
        word = split[1];
      }
      var han = IS_HAN.test(word);
      if (han && word.length === 2 && previous.length === 2 && previous[1] === word[0]) {
        out += word[1];
      } else {
        out += han ? word : decodeNumber(word);
      }
      previous = han ? word : "";
      if (split) {
        out += split[2];
        previous = "";
      }
    });
    return out.trim();
  }

  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  // The words of a run of Chinese in the browser's dictionary (none without one).
  function segments(run) {
    return segmenter ? Array.from(segmenter.segment(run), function (s) { return s.segment; }) : [];
  }

  // Words of a question, not of what it asks about (莲都区的养老, 哪些托育): left out.
  // 任务 too: every result is a task (哪些任务滞后, 区经商局牵头的任务).
  // 负责 too: every unit a task names is responsible for it in some role (区发改局负责的任务
  // asks for that unit's tasks), and the pages write the role (牵头, 责任, 协办), not 负责.
  var FILLERS = ["的", "了", "吗", "呢", "吧", "啊", "有", "是", "哪些", "什么", "怎么", "怎样",
    "如何", "多少", "是否", "今年", "任务", "负责"];

  // Words a reader puts beside a unit or a topic that the browser's dictionary does not
  // know, so that it cuts them into characters and they would be glued to the word
  // before (发改委牵头 as one word): a role, a status as the pages write it.
  var KNOWN = ["牵头", "负责", "协办", "配合", "主办", "参与", "已完成", "滞后", "未启动"];

  // A word glued to a known word at its end or start is cut in two (发改委 牵头).
  function cutKnown(word) {
    for (var i = 0; i < KNOWN.length; i++) {
      var known = KNOWN[i];
      if (word.length - known.length >= 2 && word.slice(-known.length) === known) {
        return cutKnown(word.slice(0, -known.length)).concat([known]);
      }
      if (word.length - known.length >= 2 && word.indexOf(known) === 0) {
        return [known].concat(cutKnown(word.slice(known.length)));
      }
    }
    return [word];
  }

  // How a question about a task ends, not what it asks about: 托育怎么样了, 学校建设进展,
  // 医院什么时候建好, 养老服务完成了吗, 垃圾分类做得怎么样. Left out where words remain.
  // Who answers for it (垃圾分类由谁负责, 是哪个部门牵头的): the results name the units.
  var WHO = "(?:谁|哪个部门|哪个单位|哪些部门|哪些单位|什么部门|什么单位)来?(?:负责|牵头|主管|管|抓)?";
  var QUESTION_TAIL = new RegExp("(?:(?:什么时候|何时|啥时候).*|(?:做得|搞得|落实得)?(?:怎么样|怎样|如何)" +
    "|(?:完成|做完|建成|建好)(?:了吗|没有|了没有|了没)|进展如何|进度如何|进展情况|进展|进度" +
    "|的?情况|要?(?:做|干)什么|有什么|(?:是|由|归|找)*" + WHO + "的?|的(?:部门|单位)" +
    "|(?:负责|分管)?(?:了|的)?(?:哪些|什么)(?:任务|工作|事情|事)|负责的?" +
    "|的?(?:目标|指标)?(?:是|为|定了|定的是)?多少)(?:了|吗|呢|啊)*$");
  // And how it starts: 请问托育, 我想知道莲都区养老的情况, 谁负责垃圾分类, 什么时候完成
  // 老旧小区改造.
  var QUESTION_HEAD = new RegExp("^(?:请问|我想知道|我想了解|想知道|想了解|查询|查一下|关于" +
    "|(?:是|由)*" + WHO + "|负责|(?:什么时候|何时|啥时候|几时)(?:能|会|可以|才|要)?" +
    "(?:完成|建成|建好|做完|落实|实现|开工|启动)?)+");

  // A run of Chinese as words; a lone character joins the word before it (or after).
  // `alone`: the query's only run of Chinese, kept whole if it is all question (进展);
  // beside other words, such a run is left out (我想知道 莲都区).
  function hanWords(run, alone) {
    var asked = run.replace(QUESTION_HEAD, "").replace(QUESTION_TAIL, "");
    if (!asked && !alone) { return []; }
    if (asked.length !== 1) { run = asked || run; } // what leaves one character asked none (负责人)
    if (FILLERS.indexOf(run) >= 0) { return []; }
    if (run.length <= 2) { return [run]; }
    if (!segmenter) { return cutKnown(run); }
    var pieces = segments(run);
    var kept = pieces.filter(function (piece) { return FILLERS.indexOf(piece) < 0; });
    pieces = kept.length ? kept : pieces;
    var words = [];
    var glued = []; // whether a word took lone characters the dictionary did not know
    var carried = false; // a lone character was put before the next piece
    pieces.forEach(function (piece, i) {
      if (piece.length === 1 && words.length) {
        words[words.length - 1] += piece;
        glued[words.length - 1] = true;
      } else if (piece.length === 1 && i + 1 < pieces.length) {
        pieces[i + 1] = piece + pieces[i + 1];
        carried = true;
      } else {
        words.push(piece);
        glued.push(carried);
        carried = false;
      }
    });
    var cut = words.map(function (word, i) { return glued[i] ? cutUnit(word) : [word]; });
    var known = [].concat.apply([], [].concat.apply([], cut).map(cutKnown));
    // A known word cut off a glued one may be a filler (发改局负责 → 发改局).
    var content = known.filter(function (word) { return FILLERS.indexOf(word) < 0; });
    return content.length ? content : [run];
  }

  // A unit's short name is rarely in the browser's dictionary (卫健局托育 comes back as
  // single characters): a word glued from them is cut after a unit's last character
  // where two or more characters follow (卫健局 托育).
  var UNIT_ENDS = "局委办";

  function cutUnit(word) {
    for (var i = 1; i < word.length - 2; i++) {
      if (UNIT_ENDS.indexOf(word[i]) >= 0) {
        return [word.slice(0, i + 1)].concat(cutUnit(word.slice(i + 1)));
      }
    }
    return [word];
  }

  function bigramCover(word) {
    if (word.length <= 2) { return [word]; }
    var out = [];
    for (var i = 0; i + 2 <= word.length; i += 2) { out.push(word.slice(i, i + 2)); }
    if (word.length % 2) { out.push(word.slice(-2)); }
    return out;
  }

  // A measure word after a number belongs to it (540个学位 is 540 and 学位, as 学位540个
  // is printed); 第 before a number and 项 after it are how a result line names a task
  // (第82项 is 82). `measures[i]`: the measure word typed after the number token i.
  var MEASURES = "个所家项条人名户座件套张台辆间处次批只位元亩吨米万亿";

  function tokens(folded) {
    var found = [];
    var measures = {};
    var ordinals = {}; // number tokens typed after 第
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(folded))) {
      var token = match[0];
      var end = match.index + token.length;
      var afterNumber = /[\d%]/.test(folded.charAt(match.index - 1));
      var beforeNumber = /\d/.test(folded.charAt(end));
      // A measure before one character stays with it (100亿元 is 100 and 亿元, not 元).
      if (IS_HAN.test(token) && afterNumber && MEASURES.indexOf(token[0]) >= 0 && token.length !== 2) {
        measures[found.length - 1] = token[0];
        token = token.slice(1);
      }
      var ordinal = IS_HAN.test(token) && beforeNumber && token.slice(-1) === "第";
      if (ordinal) { token = token.slice(0, -1); }
      found.push(token);
      if (ordinal) { ordinals[found.length] = true; }
    }
    return { found: found, measures: measures, ordinals: ordinals };
  }

  // {words: [{text, number, terms}], phrase}
  function analyse(query) {
    var folded = fold(query);
    var words = [];
    var cut = tokens(folded);
    var found = cut.found;
    var alone = found.filter(function (token) { return IS_HAN.test(token); }).length === 1;
    found.forEach(function (token, typed) {
      if (!token) { return; }
      if (IS_HAN.test(token)) {
        hanWords(token, alone).forEach(function (w) {
          words.push({ text: w, terms: bigramCover(w), typed: typed });
        });
      } else if (/^\d/.test(token)) {
        var measure = cut.measures[typed] || "";
        var item = /^\d+$/.test(token) && (measure === "项" || cut.ordinals[typed]); // 第82项
        words.push({ text: token, number: true, item: item, measure: item ? "" : measure,
          terms: [item ? itemWord(token) : numberWord(token)], typed: typed });
      } else if (/^[a-z]/.test(token)) {
        words.push({ text: token, terms: [token], typed: typed });
      }
    });
    // The phrase is what is left of the query: 莲都区今年要做什么 names 莲都区.
    return { words: words, phrase: phraseOf(words), spaced: folded.trim() };
  }

  // The words as one phrase, a number with the measure word typed after it (25个).
  function phraseOf(words) {
    return words.map(function (w) { return w.text + (w.measure || ""); }).join("");
  }

  // Pairs that most tasks of any government document hold (推进, 加快, 建设 …): Pagefind
  // looks them up only where a query has nothing else. Every word is still checked in
  // each item; a rarer pair only narrows the pages fetched, and its index chunk is
  // smaller (推进老旧小区改造 looks up 老旧 and 小区, not 推进).
  var COMMON = ["推进", "加快", "建设", "发展", "实施", "开展", "提升", "完成", "加强", "全面",
    "深化", "工作", "项目", "工程", "持续", "推动", "落实", "以上", "达到", "确保", "力争",
    "打造", "完善", "强化", "体系", "机制", "全市", "全区", "全县", "积极", "进一", "一步"];

  // A pair most tasks hold, or a lone Latin letter (5G is the number 5 and g): looked up
  // only where nothing rarer is left (5G基站 looks up 5 and 基站, not 5 and g).
  function weak(term) {
    return COMMON.indexOf(term) >= 0 || /^[a-z]$/.test(term);
  }

  // The pairs Pagefind looks up: first one of each run the reader typed (食品安全 示范
  // gives 食品 and 示范, not 食品 and 安全), then one of each word, round by round;
  // in each step an uncommon pair before a common one.
  function pagefindTerms(words, most) {
    var terms = [];
    var typed = {};
    var add = function (term) {
      if (term && terms.indexOf(term) < 0 && terms.length < (most || MAX_TERMS)) {
        terms.push(term);
        return true;
      }
      return false;
    };
    [false, true].forEach(function (common) {
      words.forEach(function (w) {
        var term = w.terms.filter(function (t) { return common || !weak(t); })[0];
        if (!typed[w.typed] && add(term)) { typed[w.typed] = true; }
      });
    });
    [false, true].forEach(function (common) {
      for (var round = 0; terms.length < MAX_TERMS; round++) {
        var left = false;
        words.forEach(function (w) {
          var term = w.terms[round];
          if (term && (common || !weak(term))) { add(term); }
          if (term) { left = true; }
        });
        if (!left) { break; }
      }
    });
    return terms;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Where `word` stands in `text`: a number not inside a longer number.
  function positions(text, word) {
    var pattern = word.number
      ? new RegExp("(?<![\\d.])" + escapeRegExp(word.text) + (/%$/.test(word.text) ? "" : "(?![\\d%]|\\.\\d)"), "g")
      : new RegExp(escapeRegExp(word.text), "g");
    var found = [];
    var m;
    while ((m = pattern.exec(text))) {
      found.push(m.index);
      pattern.lastIndex = m.index + 1;
    }
    return found;
  }

  // null if an item lacks a word; else {phrase, span}. `number`: a task's own number,
  // which only a word typed as one (第82项) matches.
  function match(text, query, number) {
    var all = [];
    var words = query.words.filter(function (w) { return !w.item; });
    if (words.length < query.words.length) { // a task's own number, typed as one
      var own = number && query.words.some(function (w) { return w.item && itemWord(w.text) === itemWord(number); });
      if (!own) { return null; }
      if (!words.length) { return { phrase: true, span: 0, first: 0 }; }
      query = { words: words, phrase: phraseOf(words), spaced: phraseOf(words) };
    }
    for (var i = 0; i < words.length; i++) {
      var found = positions(text, words[i]);
      if (!found.length) { return null; }
      all.push(found);
    }
    var one = words.length === 1 && words[0];
    var phrase = one // one word is a phrase; a number with the measure typed (25个) only so
      ? !one.measure || positions(text, { number: true, text: one.text + one.measure }).length > 0
      : text.indexOf(query.phrase) >= 0 || query.spaced !== query.phrase && text.indexOf(query.spaced) >= 0;
    // The narrowest window holding one occurrence of every word.
    var span = Infinity;
    all[0].forEach(function (start) {
      var low = start;
      var high = start + query.words[0].text.length;
      for (var j = 1; j < all.length; j++) {
        var best = null;
        all[j].forEach(function (p) {
          var l = Math.min(low, p);
          var h = Math.max(high, p + query.words[j].text.length);
          if (best === null || h - l < best[1] - best[0]) { best = [l, h]; }
        });
        low = best[0];
        high = best[1];
      }
      span = Math.min(span, high - low);
    });
    return { phrase: phrase, span: span, first: Math.min.apply(null, all.map(function (a) { return a[0]; })) };
  }

  // The items of a page: its content cut at the anchors' word positions.
  function items(data) {
    var words = (data.content || "").split(/\s+/);
    if (words.length && /^¦\.?$/.test(words[words.length - 1])) { words.pop(); } // see search.py
    var anchors = data.anchors || [];
    return anchors.map(function (anchor, i) {
      var end = i + 1 < anchors.length ? anchors[i + 1].location : words.length;
      var own = words.slice(anchor.location, end);
      var number = /^nx\d+$/.test(own[0] || "") ? decodeNumber(own[0]) : "";
      if (number) { own = own.slice(1); }
      return { id: anchor.id, number: number, text: decode(own.join(" ")) };
    });
  }

  function named(query, names, text) {
    var exact = names.indexOf(query.phrase) >= 0 || names.indexOf(query.spaced) >= 0;
    var found = match(text, query);
    return exact || found ? { tier: exact ? 0 : 3, span: found ? found.span : 0 } : null;
  }

  function hitsOf(data, rank, query) {
    var meta = data.meta || {};
    var hits = [];
    if (meta.kind === "units") { // a district's units: an item per unit, its anchor its page
      items(data).forEach(function (item, order) {
        var names = item.text.split(" ");
        var found = named(query, names, item.text);
        if (found) {
          hits.push({ tier: found.tier, span: found.span, rank: rank, order: order, anchor: "",
            meta: { kind: "unit", title: names[0], district: meta.district, url: item.id },
            text: item.text });
        }
      });
      return hits;
    }
    if (NAMED[meta.kind]) {
      var text = decode(data.content || "");
      var found = named(query, (meta.names || "").split("|"), text);
      if (found) {
        hits.push({ tier: found.tier, span: found.span, rank: rank, order: 0, meta: meta,
          anchor: "", text: text });
      }
      return hits;
    }
    items(data).forEach(function (item, order) {
      var found = match(item.text, query, item.number);
      if (found) {
        hits.push({ tier: found.phrase ? 1 : 2, span: found.span, rank: rank, order: order,
          meta: meta, anchor: item.id, number: item.number, text: item.text, first: found.first });
      }
    });
    return hits;
  }

  function compare(a, b) {
    return a.tier - b.tier || a.span - b.span || a.rank - b.rank || a.order - b.order;
  }

  // --- the page -------------------------------------------------------------------
  var root = new URL("..", window.location.href).pathname;
  var form = document.querySelector("#ls-search");
  if (!form) { return; }
  form.innerHTML =
    '<form class="ls-search__form" role="search">' +
    '<label class="ls-search__label" for="ls-search-input">搜索任务、单位、指标和地区</label>' +
    '<input id="ls-search-input" class="pagefind-ui__search-input ls-search__input" type="search" ' +
    'autocomplete="off" placeholder="例如:养老服务、区发改局、老旧小区改造"></form>' +
    '<p class="pagefind-ui__message ls-search__message" role="status" aria-live="polite"></p>' +
    '<ol class="pagefind-ui__results ls-search__results"></ol>' +
    '<button type="button" class="pagefind-ui__button ls-search__more" hidden>显示更多结果</button>';
  var input = form.querySelector("input");
  var message = form.querySelector(".ls-search__message");
  var list = form.querySelector(".ls-search__results");
  var more = form.querySelector(".ls-search__more");
  var pagefind = null;
  var state = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(root + "pagefind/pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: root }).then(function () {
          // Pagefind takes its language from <html lang> when it starts, and for "zh"
          // cuts every query again with Intl.Segmenter (区卫 → 区 + 卫), which would
          // undo the bigrams: it starts under a language it does not cut, and the
          // page gets its own back at once.
          var html = document.documentElement;
          var lang = html.getAttribute("lang");
          html.setAttribute("lang", "und");
          var started = pf.init();
          html.setAttribute("lang", lang);
          return started;
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function excerpt(text, query) {
    var marks = [];
    query.words.forEach(function (w) {
      if (w.item) { return; } // the task's own number is in the result's title
      positions(text, w).forEach(function (p) { marks.push([p, p + w.text.length]); });
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var start = marks.length ? Math.max(0, marks[0][0] - 40) : 0;
    var end = Math.min(text.length, start + 160);
    var out = start ? "…" : "";
    var at = start;
    marks.forEach(function (m) {
      if (m[0] < at || m[1] > end) { return; }
      out += escapeHtml(text.slice(at, m[0])) + "<mark>" + escapeHtml(text.slice(m[0], m[1])) + "</mark>";
      at = m[1];
    });
    return out + escapeHtml(text.slice(at, end)) + (end < text.length ? "…" : "");
  }

  function link(hit) {
    var url = root + String(hit.meta.url || "/").replace(/^\//, "");
    return hit.anchor && hit.anchor !== "_" ? url + "#" + encodeURIComponent(hit.anchor) : url;
  }

  function render(hit, query) {
    var meta = hit.meta;
    var named = NAMED[meta.kind];
    var head = named ? meta.title : (meta.title || "") + (hit.number ? " 第" + hit.number + "项" : "");
    var facts = [named || "", meta.district || "", meta.year ? meta.year + "年" : ""];
    var li = document.createElement("li");
    li.className = "pagefind-ui__result ls-search__result";
    li.innerHTML =
      '<p class="pagefind-ui__result-title ls-search__title"><a class="pagefind-ui__result-link" href="' +
      escapeHtml(link(hit)) + '">' + escapeHtml(head) + "</a></p>" +
      '<p class="ls-search__where">' + escapeHtml(facts.filter(Boolean).join(" · ")) + "</p>" +
      '<p class="pagefind-ui__result-excerpt ls-search__excerpt">' +
      excerpt(hit.text, query) + "</p>";
    return li;
  }

  function show() {
    var shown = list.children.length;
    state.hits.slice(shown, shown + SHOWN).forEach(function (hit) {
      list.appendChild(render(hit, state.query));
    });
    var exhausted = state.fetched >= state.results.length;
    more.hidden = list.children.length >= state.hits.length && exhausted;
    var count = state.hits.length + (exhausted ? "" : "+");
    var within = state.label ? "(" + state.label + "的文件)" : "";
    var part = state.part ? "没有完全相符的结果,以下是含“" + state.part + "”的 " : "";
    message.textContent = state.hits.length
      ? "“" + state.term + "”:" + part + count + " 条结果" + within
      : "“" + state.term + "”:" + (exhausted ? "没有找到结果"
        : "已查看的页面中没有相符的结果,可点“显示更多结果”继续查找");
  }

  function fetchMore(id) {
    var slice = state.results.slice(state.fetched, state.fetched + FETCHED);
    var offset = state.fetched;
    state.fetched += slice.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      if (id !== latest) { return; }
      datas.forEach(function (data, i) {
        state.hits = state.hits.concat(hitsOf(data, offset + i, state.query));
      });
      var shownHits = state.hits.slice(0, list.children.length);
      var rest = state.hits.slice(list.children.length).sort(compare);
      state.hits = shownHits.concat(rest);
    });
  }

  // Names weigh most in Pagefind's ranking, so for a topic word the first pages may
  // all be indicators named with it: fetch a round or two more until a task is found.
  function moreTasks(id, rounds) {
    var tasks = state.hits.some(function (hit) { return hit.tier === 1 || hit.tier === 2; });
    if (tasks || !rounds || id !== latest || state.fetched >= state.results.length) {
      return Promise.resolve();
    }
    return fetchMore(id).then(function () { return moreTasks(id, rounds - 1); });
  }

  var places = null;

  function loadPlaces() {
    if (!places) {
      places = fetch(root + "search/places.json")
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (data) { return data.places || []; })
        .catch(function () { return []; });
    }
    return places;
  }

  var LEVELS = "[省市区县旗]"; // luoshi.searchpage.LEVELS
  var LEVEL = new RegExp(LEVELS + "$");
  var YEAR = /^((?:19|20)\d\d)(年度?)?/;

  // A place in one word the reader typed: the word is the place's name (莲都, 丽水市),
  // or starts with a name that ends in its level (莲都区托育). A name inside a longer
  // word is not a place (市自然资源和规划局莲都分局, 莲都经开区管委会).
  function placeIn(word, known) {
    var best = "";
    known.forEach(function (place) {
      place.names.forEach(function (name) {
        var starts = word.length > name.length && word.indexOf(name) === 0 && LEVEL.test(name);
        if ((word === name || starts) && name.length > best.length) { best = name; }
      });
    });
    var named = known.filter(function (place) { return place.names.indexOf(best) >= 0; });
    // Two places of one name: the reader's is unknown, so neither is taken.
    return named.length === 1 ? { place: named[0], name: best, rest: word.slice(best.length) } : null;
  }

  // The place and the year a query names beside other words: {rest, words, label}, or
  // null; `words` are those of the place's and the year's documents.
  function scopeOf(term, known) {
    var scope = { place: null, year: null };
    var rest = [];
    fold(term).split(/\s+/).filter(Boolean).forEach(function (word) {
      var place = scope.place ? null : placeIn(word, known);
      if (place) {
        scope.place = place.place;
        word = place.rest;
      }
      var year = scope.year ? null : YEAR.exec(word);
      if (year && (year[2] || year[0].length === word.length)) {
        scope.year = year[1];
        word = word.slice(year[0].length);
        place = scope.place ? null : placeIn(word, known); // 2023年丽水市政府工作报告
        if (place) {
          scope.place = place.place;
          word = place.rest;
        }
      }
      if (word) { rest.push(word); }
    });
    if (!scope.place) { // a name with its level inside a question: 今年莲都区有哪些养老项目
      analyse(rest.join(" ")).words.some(function (w) {
        var place = placeIn(w.text, known);
        if (place && LEVEL.test(place.name)) {
          scope.place = place.place;
          rest = rest.join(" ").replace(place.name, " ").split(" ").filter(Boolean);
        }
        return Boolean(scope.place);
      });
    }
    if (!(scope.place || scope.year)) { return null; }
    if (!analyse(rest.join(" ")).words.length) { // 2021年衢州: the place, whose page lists its years
      return scope.place && scope.year ? { only: scope.place.value } : null;
    }
    var words = [];
    var label = [];
    if (scope.place) {
      words.push(scope.place.word);
      label.push(scope.place.value);
    }
    if (scope.year) {
      words.push("zy" + scope.year + "z");
      label.push(scope.year + "年");
    }
    return { rest: rest.join(" "), words: words, label: label.join(" · ") };
  }

  // Whether a query may name a place or a year: more than one word, a level (莲都区托育)
  // or a number. Other queries do not fetch the place names.
  function mayBeScoped(term) {
    var folded = fold(term).trim();
    return /\s|\d/.test(folded) || new RegExp(LEVELS).test(folded);
  }

  // Pagefind's results for the query; within its place or year where it names one and
  // anything is found there.
  function find(pf, term, query, known) {
    return known.then(function (places) {
      var scope = scopeOf(term, places);
      return scope && scope.only ? searchIn(pf, analyse(scope.only), null) : searchIn(pf, query, scope);
    });
  }

  // `named`: the place or year the query names, even where nothing was found there.
  // `strict` (a part of a query, relax): nothing, not the results everywhere, where
  // nothing is found there, and one pair beside the place's word: within a place few
  // pages hold it, and its index chunk is most often loaded already.
  function searchIn(pf, query, scope, strict) {
    var everywhere = function () {
      var terms = pagefindTerms(query.words);
      return pf.search(terms.join(" ")).then(function (found) {
        return { results: found.results, query: query, terms: terms, named: scope };
      });
    };
    if (!scope) { return everywhere(); }
    var inner = analyse(scope.rest);
    var terms = pagefindTerms(inner.words, strict ? 1 : MAX_TERMS).concat(scope.words);
    return pf.search(terms.join(" ")).then(function (found) {
      if (!found.results.length && !strict) { return everywhere(); }
      return { results: found.results, query: inner, label: scope.label, terms: terms,
        named: scope };
    });
  }

  // Whether a pair Pagefind was given is in no page: Pagefind then leaves it out and
  // returns the pages of the others, where no item can hold the whole query. Its
  // index chunks are loaded already: asking costs no transfer.
  function absent(pf, terms) {
    return Promise.all(terms.map(function (term) { return pf.search(term); }))
      .then(function (found) { return found.some(function (f) { return !f.results.length; }); });
  }

  // Where nothing holds the whole query, the parts of it worth a search of their own,
  // at most three: the runs the reader typed (not numbers), the longest first, then the
  // longest one's own words (养老 高速公路 → 高速公路, 养老, 高速; 衢州 共同富裕 示范 →
  // 共同富裕, 示范, 共同). A run's own words are those the query cut it into, else those of
  // the browser's dictionary, else its first and last two characters (新能源汽车 →
  // 新能源, 汽车; 高速公路 → 高速, 公路).
  function partsOf(query) {
    var runs = typedRuns(query);
    var han = runs.filter(function (r) { return r.text.length > 1; })
      .sort(function (a, b) { return b.text.length - a.text.length; });
    if (!han.length || (runs.length === 1 && han[0].text.length < 3)) { return []; }
    var own = han[0].words.length > 1 ? han[0].words : piecesOf(han[0].text);
    var found = han.map(function (r) { return r.text; }).concat(own);
    if (runs.length === 1) { found = found.slice(1); } // the run itself was searched
    return found.filter(function (part, i) {
      return part.length >= 2 && found.indexOf(part) === i && !weak(part) && FILLERS.indexOf(part) < 0;
    }).slice(0, 3);
  }

  // The query's words (not numbers) joined again where the reader typed them as one run
  // (共同富裕, cut into 共同 and 富裕), not where a word between was left out (莲都区的养老).
  function typedRuns(query) {
    var runs = [];
    query.words.forEach(function (w) {
      if (w.number) { return; }
      var last = runs[runs.length - 1];
      if (last && last.typed === w.typed && query.spaced.indexOf(last.text + w.text) >= 0) {
        last.text += w.text;
        last.words.push(w.text);
      } else {
        runs.push({ typed: w.typed, text: w.text, words: [w.text] });
      }
    });
    runs.forEach(function (r) {
      r.words.sort(function (a, b) { return b.length - a.length; });
    });
    return runs;
  }

  function piecesOf(word) {
    // A role or a status (已完成) is a word of the pages: no part of it is.
    if (word.length < 3 || !IS_HAN.test(word) || KNOWN.indexOf(word) >= 0) { return []; }
    var pieces = segments(word).filter(function (piece) { return piece.length >= 2; });
    return pieces.length >= 2 ? pieces : [word.slice(0, 2), word.slice(-2)];
  }

  // The results of the first part of the query that has any (partsOf), in its place or
  // year if the query named one; the reader is told which part they hold (show()).
  function relax(pf, id, scope) {
    var parts = partsOf(scope ? analyse(scope.rest) : state.query);
    var whole = state;
    var next = function (i) {
      if (i >= parts.length || id !== latest) { return Promise.resolve(); }
      var within = scope && { rest: parts[i], words: scope.words, label: scope.label };
      return searchIn(pf, analyse(parts[i]), within, true).then(function (found) {
        if (id !== latest) { return null; }
        var none = found.results.length ? absent(pf, found.terms) : Promise.resolve(true);
        return none.then(function (nothing) {
          if (nothing || id !== latest) { return nothing ? next(i + 1) : null; }
          return gather(id, whole.term, found, parts[i]).then(function () {
            if (state.hits.length || id !== latest) { return null; }
            state = whole;
            return next(i + 1);
          });
        });
      });
    };
    return next(0);
  }

  // The query's state from Pagefind's results (`found`), with the data of its first pages.
  // No more rounds where the query names a place or a year: there, its pages are
  // documents' (named pages carry no place), and its word has cost an index chunk.
  function gather(id, term, found, part) {
    state = { term: term, query: found.query, results: found.results, fetched: 0, hits: [],
      label: found.label, part: part };
    return fetchMore(id).then(function () { return moreTasks(id, found.named ? 0 : 2); });
  }

  function search(term) {
    var id = ++latest;
    var query = analyse(term);
    list.innerHTML = "";
    more.hidden = true;
    if (!query.words.length) {
      message.textContent = "";
      return Promise.resolve();
    }
    message.textContent = "正在搜索“" + term + "”…";
    // The place names are fetched beside Pagefind's start, not after it.
    var known = mayBeScoped(term) ? loadPlaces() : Promise.resolve([]);
    return load().then(function (pf) {
      return find(pf, term, query, known).then(function (found) {
        if (id !== latest) { return; }
        return gather(id, term, found, "").then(function () {
          if (state.hits.length || id !== latest) { return false; }
          return state.fetched >= state.results.length || absent(pf, found.terms);
        }).then(function (nothing) {
          if (!nothing || id !== latest) { return null; }
          state.fetched = state.results.length; // no page holds the whole query
          return relax(pf, id, found.named);
        }).then(function () {
          if (id === latest) { show(); }
        });
      });
    });
  }

  // Keystrokes are searched 150 ms after the last one; a word that arrives whole (an
  // input method's committed word, a paste) is searched at once: most Chinese is typed
  // that way, and the wait would be a sixth of the time to the first results.
  var timer = null;
  var typed = "";
  input.addEventListener("input", function (event) {
    clearTimeout(timer);
    var whole = !event.isComposing && input.value.length - typed.length > 1;
    typed = input.value;
    if (whole) {
      search(input.value);
    } else {
      timer = setTimeout(function () { search(input.value); }, 150);
    }
  });
  form.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  more.addEventListener("click", function () {
    var id = latest;
    var before = list.children.length;
    var next = before < state.hits.length ? Promise.resolve() : fetchMore(id);
    next.then(function () { if (id === latest) { show(); } });
  });
  input.addEventListener("focus", load, { once: true });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = typed = query;
    search(query);
  } else {
    input.focus();
  }
})();
