// The share panel (content/templates/content/includes/share_panel.html):
// copy buttons for the personal link and the post texts. Progressive
// enhancement: without this script the buttons stay hidden and the read-only
// fields can be selected and copied by hand. Each copy is counted with a small
// POST (the panel is only on pages built for the signed-in member).
(function () {
  "use strict";

  function copyText(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  function selectText(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function countCopy(panel) {
    var url = panel.dataset.shareCopiedUrl;
    if (!url || !window.fetch) return;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": panel.dataset.csrfToken },
    }).catch(function () {});
  }

  function enhance(panel) {
    var status = panel.querySelector("[data-share-status]");
    panel.querySelectorAll("[data-share-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.shareCopy);
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(field).then(
          function () {
            status.textContent = button.dataset.shareCopied;
          },
          function () {
            status.textContent = selectText(field)
              ? button.dataset.shareCopied
              : panel.dataset.shareSelected;
          }
        );
        countCopy(panel);
      });
    });
  }

  document.querySelectorAll("[data-share-panel]").forEach(enhance);
})();
