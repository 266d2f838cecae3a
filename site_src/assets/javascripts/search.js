// The search page: Pagefind's own UI.
//
// The index holds one token per Chinese character (see generators/search.py), so
// a query is split the same way here, whatever the browser's Intl.Segmenter
// would make of it: a single run of text becomes an exact phrase of characters
// ("营商" → "\"营 商\"", "增长6.5%" → "\"增 长 6.5%\""), which finds exactly the
// pages containing it. The spaces the index copy put around characters are
// removed from what is shown.
(function () {
  var HAN = "[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]";
  // A space the index copy put after a Han character, or before one (a <mark> may
  // stand between).
  var AFTER_HAN = new RegExp("(" + HAN + "(?:</mark>)?)\\s+(?=(?:<mark>)?\\S)", "g");
  var BEFORE_HAN = new RegExp("(\\S(?:</mark>)?)\\s+(?=(?:<mark>)?" + HAN + ")", "g");
  var BEFORE_MARK_END = new RegExp("(" + HAN + ")\\s+(?=</mark>)", "g");
  var HAN_THEN_CHAR = new RegExp("(" + HAN + ")(?=\\S)", "g");
  var CHAR_THEN_HAN = new RegExp("(\\S)(?=" + HAN + ")", "g");

  function processTerm(term) {
    var parts = term.replace(/["“”]/g, " ").trim().split(/\s+/).filter(Boolean);
    if (!parts.length || !new RegExp(HAN).test(term)) {
      return term;
    }
    var spaced = parts.map(function (part) {
      return part.replace(HAN_THEN_CHAR, "$1 ").replace(CHAR_THEN_HAN, "$1 ");
    });
    // Pagefind's exact search covers the whole query; several words are each
    // looked up on their own.
    return parts.length === 1 ? '"' + spaced[0] + '"' : spaced.join(" ");
  }

  function unspace(text) {
    if (typeof text !== "string") {
      return text;
    }
    return text
      .replace(BEFORE_MARK_END, "$1")
      .replace(AFTER_HAN, "$1")
      .replace(BEFORE_HAN, "$1")
      .replace(/<\/mark><mark>/g, "");
  }

  function processResult(result) {
    result.excerpt = unspace(result.excerpt);
    if (result.meta) {
      result.meta.title = unspace(result.meta.title);
    }
    (result.sub_results || []).forEach(function (sub) {
      sub.title = unspace(sub.title);
      sub.excerpt = unspace(sub.excerpt);
    });
    return result;
  }

  var root = new URL("..", window.location.href).pathname;
  var ui = new PagefindUI({
    element: "#ls-search",
    baseUrl: root,
    showSubResults: true,
    showImages: false,
    resetStyles: true,
    // Each result shown first fetches its page's excerpt data, 20-40 KB for a long
    // report page: five at a time (Pagefind's default) keeps a query's transfer small;
    // "load more" fetches the next five.
    pageSize: 5,
    excerptLength: 60,
    autofocus: true,
    processTerm: processTerm,
    processResult: processResult
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
