// The phone menu (site/templates/includes/header.html). Progressive
// enhancement: without this script the button stays hidden and the menu stays
// open, as on a wide screen. With it, narrow screens (see the CSS) show the
// brand and a "Menu" button that opens and closes the navigation.
(function () {
  "use strict";

  function enhance(header) {
    var button = header.querySelector(".menu-button");
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("site-menu--open", open);
    }

    button.hidden = false;
    header.classList.add("site-header--enhanced");
    setOpen(false);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  document.querySelectorAll("[data-menu]").forEach(enhance);
})();
