/* Warns before leaving a page with text typed into a form and not yet sent (a long
   principle lost to a misclick on a menu link). A text field counts once it differs
   from what the page came with, or when the server sent it back unsaved
   (data-unsaved: a check-in row that must be corrected). Sending its form (plain or
   by htmx) clears the warning; so does an htmx answer that replaces the field (a
   check-in row saved on its own). The browser words the question itself. */
(function () {
  "use strict";
  var changed = new Set();

  function isText(element) {
    return element && (element.tagName === "TEXTAREA" ||
      (element.tagName === "INPUT" && /^(text|search|url|email|number|date)$/.test(element.type)));
  }

  function posted(field) {
    return field.form && field.form.method.toLowerCase() === "post";
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!isText(field) || !posted(field)) { return; }
    if (field.value !== field.defaultValue || field.hasAttribute("data-unsaved")) {
      changed.add(field);
    } else { changed.delete(field); }
  });

  function marked(root) {
    if (!root || !root.querySelectorAll) { return; }
    root.querySelectorAll("[data-unsaved]").forEach(function (field) {
      if (isText(field) && posted(field)) { changed.add(field); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { marked(document); });
  document.addEventListener("htmx:load", function (event) { marked(event.detail && event.detail.elt); });

  function sent(form) {
    if (!form) { return; }
    changed.forEach(function (field) { if (field.form === form) { changed.delete(field); } });
  }
  document.addEventListener("submit", function (event) { sent(event.target); });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail && event.detail.elt;
    if (element && element.tagName === "FORM") { sent(element); }
  });

  window.addEventListener("beforeunload", function (event) {
    changed.forEach(function (field) { if (!field.isConnected) { changed.delete(field); } });
    if (changed.size === 0) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
}());
