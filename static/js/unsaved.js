/* Warns before leaving a page with text typed into a form and not yet sent (a long
   principle lost to a misclick on a menu link). A form counts as changed once a text
   field in it differs from what the page came with; sending it (plain or by htmx)
   clears the warning. The browser words the question itself. */
(function () {
  "use strict";
  var changed = new Set();

  function isText(element) {
    return element && (element.tagName === "TEXTAREA" ||
      (element.tagName === "INPUT" && /^(text|search|url|email|number|date)$/.test(element.type)));
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!isText(field) || !field.form || field.form.method.toLowerCase() !== "post") { return; }
    if (field.value !== field.defaultValue) { changed.add(field.form); }
  });

  function sent(form) { if (form) { changed.delete(form); } }
  document.addEventListener("submit", function (event) { sent(event.target); });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail && event.detail.elt;
    if (element && element.tagName === "FORM") { sent(element); }
  });

  window.addEventListener("beforeunload", function (event) {
    changed.forEach(function (form) { if (!form.isConnected) { changed.delete(form); } });
    if (changed.size === 0) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
}());
