// The recording panel of a consent round: after an answer is noted, the cursor moves on to the
// next person, so a facilitator can go round the table with the keyboard. Without JavaScript the
// forms post and come back to the console.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function () {
    var rij = document.querySelector(".ronde-rij[data-genoteerd]");
    if (!rij) { return; }
    rij.removeAttribute("data-genoteerd");
    var volgende = rij.nextElementSibling;
    var knop = volgende && volgende.querySelector("[data-ronde-knop]");
    if (knop) { knop.focus(); }
  });
})();
