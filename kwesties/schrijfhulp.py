"""Writing hints for a neutral kwestie (METHOD.md): offered, never enforced."""

import re

from django.utils.translation import gettext as _

from .models import KWESTIE_BEGIN

# Swaps the field itself uses to reach B1 (plain Dutch).
B1_WOORDEN = {
    "echter": "maar",
    "indien": "als",
    "ter inzage": "om in te kijken",
    "voltooid": "klaar",
    "inlichten": "laten weten",
    "sanctie": "gevolg",
    "middels": "met",
    "teneinde": "om",
    "alsmede": "en",
    "derhalve": "daarom",
    "woonachtig": "wonend",
    "omtrent": "over",
}
SCHULD_WOORDEN = [
    "schuld", "faalt", "gefaald", "nalatig", "onverantwoordelijk", "altijd", "nooit",
    "weigert", "manipuleert", "liegt", "onmacht", "ongeschikt", "verwaarloost",
]
LABELS = ["moeder", "vader", "de man", "de vrouw", "cliënt", "client", "betrokkene"]
LANGE_ZIN = 20


def _woorden(tekst, lijst):
    laag = tekst.lower()
    return [w for w in lijst if re.search(r"\b" + re.escape(w) + r"\b", laag)]


def hints(vraag, beschrijving=""):
    """Return short suggestions in plain Dutch; an empty list means nothing stands out."""
    gevonden = []
    vraag = (vraag or "").strip()
    tekst = f"{vraag}\n{beschrijving or ''}"
    if vraag and not vraag.lower().startswith(KWESTIE_BEGIN.strip().lower()):
        gevonden.append(_("Begin de centrale vraag met ‘Wat is ervoor nodig dat …?’. Zo staat de kwestie in het midden."))
    if vraag and not vraag.endswith("?"):
        gevonden.append(_("De centrale vraag is een vraag: eindig met een vraagteken."))
    schuld = _woorden(tekst, SCHULD_WOORDEN)
    if schuld:
        gevonden.append(
            _("Deze woorden kunnen klinken als schuld of oordeel: %(woorden)s. Beschrijf liever wat er gebeurt.")
            % {"woorden": ", ".join(schuld)}
        )
    labels = _woorden(tekst, LABELS)
    if labels:
        gevonden.append(
            _("Noem mensen bij hun naam, niet met een label als %(woorden)s.") % {"woorden": ", ".join(labels)}
        )
    moeilijk = _woorden(tekst, list(B1_WOORDEN))
    if moeilijk:
        gevonden.append(
            _("Makkelijkere woorden: %(paren)s.")
            % {"paren": "; ".join(f"{w} → {B1_WOORDEN[w]}" for w in moeilijk)}
        )
    zinnen = [z for z in re.split(r"[.!?]+\s", beschrijving or "") if z.strip()]
    if any(len(z.split()) > LANGE_ZIN for z in zinnen):
        gevonden.append(
            _("Sommige zinnen zijn lang (meer dan %(n)s woorden). Korte zinnen lezen makkelijker.") % {"n": LANGE_ZIN}
        )
    return gevonden
