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
    // Follow-up questions as soon as the answer they depend on changes. The server's engine decides
    // which questions apply (the conditions live there only): the form as it stands is posted, not
    // saved, and the questions that apply come back as HTML. Without this script, saving the step
    // shows the follow-ups on the same page.
    var form = document.querySelector("form[data-follow-ups]");
    if (form && window.fetch && window.FormData && window.DOMParser) {
      var pending = 0;
      var questions = function (root) { return Array.prototype.slice.call(root.querySelectorAll(".question[id^='q-']")); };
      var controls = (form.getAttribute("data-controls") || "").split(" ");
      form.addEventListener("change", function (event) {
        // only an answer that a follow-up's condition reads can change the questions on the page
        if (controls.indexOf(event.target.name) < 0) { return; }
        var data = new FormData(form);
        data.append("__page", questions(form).map(function (q) { return q.id.slice(2); }).join(","));
        var mine = ++pending;
        form.setAttribute("aria-busy", "true");
        fetch(form.getAttribute("data-follow-ups"), { method: "POST", body: data, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
          .then(function (html) {
            if (mine !== pending) { return; }  // a later change is on its way
            form.removeAttribute("aria-busy");
            var wanted = questions(new DOMParser().parseFromString(html, "text/html"));
            var ids = wanted.map(function (q) { return q.id; });
            questions(form).forEach(function (q) { if (ids.indexOf(q.id) < 0) { q.remove(); } });
            var previous = null, added = 0;
            wanted.forEach(function (q) {
              var here = document.getElementById(q.id);
              if (!here) {
                here = document.importNode(q, true);
                var first = form.querySelector(".question[id^='q-']");
                if (previous) { previous.after(here); }
                else if (first) { first.before(here); }
                else { form.querySelector("button[type=submit]").before(here); }
                added += 1;
              }
              previous = here;
            });
            var status = document.getElementById("follow-ups-status");
            if (added && status) { status.textContent = form.getAttribute("data-added"); }
          })
          .catch(function () {
            // saving the step still shows the follow-ups
            if (mine === pending) { form.removeAttribute("aria-busy"); }
          });
      });
    }
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  });
})();
