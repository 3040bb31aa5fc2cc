// Copy and print buttons on the page that shows a new personal link. Without JavaScript they stay
// hidden: the link can be selected by hand, and the browser's own print gives the same invitation.
(function () {
  "use strict";

  function zeg(tekst) {
    var status = document.getElementById("link-status");
    if (status) { status.textContent = tekst; }
  }

  document.querySelectorAll("[data-kopieer]").forEach(function (knop) {
    var veld = document.getElementById(knop.getAttribute("data-kopieer"));
    if (!veld) { return; }
    veld.addEventListener("focus", function () { veld.select(); });
    if (!navigator.clipboard || !window.isSecureContext) { return; }
    knop.hidden = false;
    knop.addEventListener("click", function () {
      navigator.clipboard.writeText(veld.value).then(
        function () { zeg(knop.getAttribute("data-gekopieerd")); },
        function () { veld.select(); zeg(knop.getAttribute("data-mislukt")); }
      );
    });
  });

  document.querySelectorAll("[data-afdrukken]").forEach(function (knop) {
    knop.hidden = false;
    knop.addEventListener("click", function () { window.print(); });
  });
})();
