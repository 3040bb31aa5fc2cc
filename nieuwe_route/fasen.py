"""The four phases of the method as the spine of a traject.

This module sits above the apps (it reads kwesties and kaders), so that no app
has to import one above it.
"""

from dataclasses import dataclass, field

from django.urls import reverse
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


def fasen(traject, aantal_in_kring):
    """What is done, what is next, what blocks, for one traject."""
    kwestie = traject.kwestie
    kaderset = traject.kaderset
    kwestie_klaar = kwestie.is_vastgesteld and aantal_in_kring > 0
    kaders_klaar = kaderset.is_vastgesteld

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

    f3 = Fase(
        3,
        _("Voorbereidende gesprekken"),
        "nu" if kwestie_klaar else "later",
        _("Een gesprek met iedereen in de kring."),
        volgende=[_("Gesprekken voeren met %(aantal)s mensen in de kring") % {"aantal": aantal_in_kring}]
        if aantal_in_kring
        else [],
    )
    f4 = Fase(
        4,
        _("Besluitvormings­bijeenkomst"),  # a soft hyphen: the word breaks well in a narrow column
        "later" if kaders_klaar else "geblokkeerd",
        _("Samen besluiten, binnen de kaders."),
        volgende=[] if kaders_klaar else [_("Kan pas beginnen als de kaders zijn vastgesteld")],
    )
    return [f1, f2, f3, f4]


def fase_van(traject):
    """A one-line phase for the overview list (no extra queries: uses select_related data)."""
    if not traject.kwestie.is_vastgesteld:
        return 1, _("Kwestie en kring")
    if not traject.kaderset.is_vastgesteld:
        return 2, _("Kaders")
    return 3, _("Voorbereidende gesprekken")
