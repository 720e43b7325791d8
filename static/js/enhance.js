// Small enhancements only: the wizard works fully without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Copy buttons (shown only when the clipboard can be used).
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById("copy-status");
      if (!target || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.value).then(function () {
          if (status) { status.textContent = button.getAttribute("data-copied"); }
        }, function () {
          target.focus();
          target.select();
        });
      });
    });
    // Select the whole link when it gets focus, so it is easy to copy by hand.
    document.querySelectorAll(".secret-input").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  });
})();
