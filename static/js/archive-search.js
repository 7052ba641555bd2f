/* The static archive's search page (manage.py build_archive): Pagefind's UI over the index of this language, and
   the query of the header's search form (?q=...) searched at once. Not used by the live site. */
(function () {
  "use strict";
  if (typeof window.PagefindUI !== "function" || !document.getElementById("archive-search")) {
    return;
  }
  var ui = new window.PagefindUI({
    element: "#archive-search",
    bundlePath: "/pagefind/",
    showImages: false,
    showSubResults: true,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
