/* Stops a form that is larger than the server accepts before it is sent, so that nothing
   typed is lost: the form stays on the screen with a message at its top. The limit comes
   from <body data-max-form-bytes>. Without JavaScript the server's 400 page says the same. */
(function () {
  "use strict";
  var limit = parseInt(document.body.getAttribute("data-max-form-bytes"), 10);
  if (!limit || !window.TextEncoder) { return; }
  var encoder = new TextEncoder();

  function size(form) {
    var total = 0;
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { total += encoder.encode(name + "=" + value).length + 1; }
    });
    return total;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") { return; }
    if (form.enctype === "multipart/form-data") { return; } /* files have their own limits */
    if (size(form) <= limit) { return; }
    event.preventDefault();
    var message = form.querySelector(".kompas-too-large");
    if (!message) {
      message = document.createElement("div");
      message.className = "alert alert-error kompas-too-large";
      message.setAttribute("role", "alert");
      message.innerHTML = '<div class="alert-body"><p class="alert-text"></p></div>';
      form.insertBefore(message, form.firstChild);
    }
    message.querySelector(".alert-text").textContent = document.body.getAttribute("data-too-large-text");
    message.scrollIntoView({block: "center"});
  }, true);
}());
