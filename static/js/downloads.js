/* A PDF that is ready is handed over at once: the export page starts the download of
   a link marked data-download-now, when the page opens ready or when its polled state
   turns ready (htmx). Once per file and tab, so a reload or going back does not
   download it again. Without JavaScript the link is there to press. */
(function () {
  "use strict";

  function start(root) {
    var link = (root || document).querySelector("a[data-download-now]");
    if (!link) { return; }
    var key = "kompas-downloaded:" + link.getAttribute("href");
    try {
      if (window.sessionStorage.getItem(key)) { return; }
      window.sessionStorage.setItem(key, "1");
    } catch (error) { /* storage refused: still hand the file over once now */ }
    link.click();
  }

  document.addEventListener("DOMContentLoaded", function () { start(document); });
  document.addEventListener("htmx:afterSettle", function (event) { start(event.target); });
}());
