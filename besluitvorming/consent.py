"""The consent rules of the method (../shared/METHOD.md), as pure functions: no database, no views.

The models call these; the property tests drive them with random answers.

- Consent when no bezwaar remains; zorgen do not block, they become aandachtspunten.
- No consent and the circle split (bezwaren at or above the organisation's threshold share of
  the answers): first the substantive conversation, then a new round.
- No consent and a small minority objects: ask each of them what must be added to go along;
  their answer makes a new version of the proposal, then a new round.
"""

from dataclasses import dataclass
from fractions import Fraction

GEEN_BEZWAAR = "geen_bezwaar"
ZORG = "zorg"
BEZWAAR = "bezwaar"
GEEN_ANTWOORD = "geen_antwoord"
ANTWOORDEN = (GEEN_BEZWAAR, ZORG, BEZWAAR)

CONSENT = "consent"
GESPLITST = "gesplitst"
KLEINE_MINDERHEID = "kleine_minderheid"

STANDAARD_DREMPEL = "1/3"


class OngeldigeReactie(ValueError):
    """An answer without what the method asks of it (a zorg without attention point, a bezwaar without reason)."""


def drempel(tekst):
    """'1/3' → Fraction(1, 3); anything else falls back to the method's default."""
    try:
        waarde = Fraction(tekst)
    except (TypeError, ValueError, ZeroDivisionError):
        waarde = Fraction(STANDAARD_DREMPEL)
    return waarde if 0 < waarde <= 1 else Fraction(STANDAARD_DREMPEL)


def ontbrekend(antwoord, aandachtspunt="", reden="", wat_erbij=""):
    """The parts this answer still lacks, in order: a zorg its attention point, a bezwaar its reason and what to add."""
    teksten = {"aandachtspunt": aandachtspunt, "reden": reden, "wat_erbij": wat_erbij}
    nodig = {ZORG: ("aandachtspunt",), BEZWAAR: ("reden", "wat_erbij")}.get(antwoord, ())
    return [veld for veld in nodig if not (teksten[veld] or "").strip()]


def controleer_reactie(antwoord, aandachtspunt="", reden="", wat_erbij=""):
    """What each answer must carry; raises OngeldigeReactie naming the (first) missing part."""
    if antwoord not in ANTWOORDEN:
        raise OngeldigeReactie("antwoord")
    if missend := ontbrekend(antwoord, aandachtspunt, reden, wat_erbij):
        raise OngeldigeReactie(missend[0])


@dataclass(frozen=True)
class Telling:
    geen_bezwaar: int = 0
    zorg: int = 0
    bezwaar: int = 0
    geen_antwoord: int = 0

    @classmethod
    def van(cls, antwoorden):
        antwoorden = list(antwoorden)
        return cls(*(antwoorden.count(a) for a in (GEEN_BEZWAAR, ZORG, BEZWAAR, GEEN_ANTWOORD)))

    @property
    def antwoorden(self):
        """Real answers: the share of bezwaren is taken over these, not over who did not answer."""
        return self.geen_bezwaar + self.zorg + self.bezwaar


def uitkomst(antwoorden, drempel_tekst=STANDAARD_DREMPEL):
    """The outcome of a closed round from its answers (geen_antwoord included or not, it does not count)."""
    telling = Telling.van(antwoorden)
    if telling.bezwaar == 0:
        return CONSENT
    if Fraction(telling.bezwaar, telling.antwoorden) >= drempel(drempel_tekst):
        return GESPLITST
    return KLEINE_MINDERHEID
