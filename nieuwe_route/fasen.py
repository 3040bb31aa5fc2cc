"""The four phases of the method as the spine of a traject.

This module sits above the apps (it reads kwesties and kaders), so that no app
has to import one above it.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


@dataclass
class Fase:
    nummer: int
    naam: str
    status: str  # "klaar", "nu", "later", "geblokkeerd"
    uitleg: str
    url: str = ""
    volgende: list = field(default_factory=list)

    @property
    def status_tekst(self):
        return {
            "klaar": _("Klaar"),
            "nu": _("Nu aan de beurt"),
            "later": _("Later"),
            "geblokkeerd": _("Wacht op iets"),
        }[self.status]


def _namen(mensen, max_namen=4):
    namen = [b.voornaam for b in mensen[:max_namen]]
    if len(mensen) > max_namen:
        namen.append(_("en %(aantal)s anderen") % {"aantal": len(mensen) - max_namen})
    return ", ".join(str(n) for n in namen)


def fasen(traject, kring, gesproken_ids=frozenset(), bijeenkomst=None):
    """What is done, what is next, what blocks, for one traject.

    `kring` is the list of people in the kring, `gesproken_ids` the ids of those who had
    their voorbereidend gesprek, `bijeenkomst` the meeting being prepared (or None).
    """
    aantal_in_kring = len(kring)
    kwestie = traject.kwestie
    kaderset = traject.kaderset
    kwestie_klaar = kwestie.is_vastgesteld and aantal_in_kring > 0
    kaders_klaar = kaderset.is_vastgesteld
    facilitator = "facilitator" in getattr(traject, "mijn_rollen", ())
    if kwestie_klaar:
        f1 = Fase(1, _("Kwestie en kring"), "klaar", _("De centrale vraag is vastgesteld."))
    else:
        todo = []
        if not kwestie.is_vastgesteld:
            todo.append(_("Centrale vraag opschrijven en vaststellen"))
        if aantal_in_kring == 0:
            todo.append(_("Mensen aan de kring toevoegen"))
        f1 = Fase(1, _("Kwestie en kring"), "nu", _("Wie ligt hier wakker van, en wat is de vraag?"), volgende=todo)
    f1.url = reverse("kwesties:kwestie", args=[traject.uuid])

    if kaders_klaar:
        f2 = Fase(2, _("Kaders"), "klaar", _("De kaders zijn vastgesteld (versie %(versie)s).") % {"versie": kaderset.versie})
    else:
        todo = [_("Kaders opschrijven")]
        if not kaderset.heeft_interventie:
            todo.append(_("Beschrijven wat er gebeurt als er geen veilig plan komt, en wie ingrijpt"))
        todo.append(_("Kaders vaststellen"))
        f2 = Fase(2, _("Kaders"), "nu", _("De kadersteller zet de kaders vast vóór de bijeenkomst."), volgende=todo)
    f2.url = reverse("kaders:overzicht", args=[traject.uuid])

    nog_niet = [b for b in kring if b.pk not in gesproken_ids]
    if not kwestie_klaar:
        f3 = Fase(3, _("Voorbereidende gesprekken"), "later", _("Een gesprek met iedereen in de kring."))
    elif not nog_niet:
        f3 = Fase(3, _("Voorbereidende gesprekken"), "klaar", _("Met iedereen in de kring is gesproken."))
    else:
        f3 = Fase(
            3,
            _("Voorbereidende gesprekken"),
            "nu",
            _("%(gedaan)s van de %(aantal)s mensen in de kring hadden hun gesprek.")
            % {"gedaan": aantal_in_kring - len(nog_niet), "aantal": aantal_in_kring},
            volgende=[_("Nog een gesprek met: %(namen)s") % {"namen": _namen(nog_niet)}],
        )
    if facilitator:
        f3.url = reverse("voorbereiding:overzicht", args=[traject.uuid])

    naam4 = _("Besluitvormings­bijeenkomst")  # a soft hyphen: the word breaks well in a narrow column
    if not kaders_klaar:
        f4 = Fase(4, naam4, "geblokkeerd", _("Samen besluiten, binnen de kaders."),
                  volgende=[_("Kan pas beginnen als de kaders zijn vastgesteld")])
    elif bijeenkomst is not None and bijeenkomst.is_afgerond:
        plan = getattr(bijeenkomst, "plan", None)
        versie = plan.versie if plan is not None else None
        f4 = Fase(4, naam4, "klaar", _("Het plan is vastgesteld (versie %(versie)s).") % {"versie": versie})
    elif bijeenkomst is not None and bijeenkomst.is_begonnen:
        f4 = Fase(4, naam4, "nu", _("De bijeenkomst is begonnen."))
    elif bijeenkomst is not None and bijeenkomst.datum:
        f4 = Fase(4, naam4, "later", _("Gepland op %(datum)s.") % {"datum": date_format(bijeenkomst.datum)})
    else:
        f4 = Fase(4, naam4, "later", _("Samen besluiten, binnen de kaders."), volgende=[_("De bijeenkomst plannen")])
    if f4.status == "klaar":
        f4.url = reverse("besluitvorming:plan", args=[traject.uuid])
    elif f4.status == "nu" and facilitator:
        f4.url = reverse("besluitvorming:console", args=[traject.uuid])
    else:
        f4.url = reverse("besluitvorming:bijeenkomst", args=[traject.uuid])
    return [f1, f2, f3, f4]


def fase_van(traject):
    """A one-line phase for the overview list (no extra queries: uses select_related data)."""
    if not traject.kwestie.is_vastgesteld:
        return 1, _("Kwestie en kring")
    if not traject.kaderset.is_vastgesteld:
        return 2, _("Kaders")
    if getattr(traject, "bijeenkomst_begonnen", False):
        return 4, _("Besluitvormingsbijeenkomst")
    return 3, _("Voorbereidende gesprekken")
