"""What stays when a traject is erased: an anonymous record that it was, when, by whom and why.

It holds no label, no name and nothing from the case: the traject's uuid, the organisation, the dates and
how many records of each kind were removed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nieuwe_route.keuzes import SnelleKeuzes
from organisaties.models import Organisatie

# What the screens count, before and after an erasure: (model label, how n of them read).
SOORTEN = [
    ("kwesties.Betrokkene", lambda n: ngettext("%(n)s persoon in de kring", "%(n)s mensen in de kring", n)),
    ("voorbereiding.Gesprek", lambda n: ngettext("%(n)s voorbereidend gesprek", "%(n)s voorbereidende gesprekken", n)),
    ("voorbereiding.Inbreng", lambda n: ngettext("%(n)s idee of inbreng", "%(n)s ideeën en inbreng", n)),
    ("kaders.Kader", lambda n: ngettext("%(n)s kader", "%(n)s kaders", n)),
    ("besluitvorming.Bijeenkomst", lambda n: ngettext("%(n)s bijeenkomst", "%(n)s bijeenkomsten", n)),
    ("besluitvorming.ConsentRonde", lambda n: ngettext("%(n)s consentronde", "%(n)s consentrondes", n)),
    ("besluitvorming.Reactie", lambda n: ngettext("%(n)s antwoord in een ronde", "%(n)s antwoorden in rondes", n)),
    ("besluitvorming.Plan", lambda n: ngettext("%(n)s plan", "%(n)s plannen", n)),
    ("links.PersoonlijkeLink", lambda n: ngettext("%(n)s persoonlijke link", "%(n)s persoonlijke links", n)),
]


def beschrijf(aantallen):
    """Counts per model label as short lines in the order of SOORTEN ("5 mensen in de kring", ...), leaving out zeros."""
    return [tekst(n) % {"n": n} for label, tekst in SOORTEN if (n := aantallen.get(label, 0))]


class Reden(models.TextChoices):
    VERZOEK = "verzoek_betrokkene", _("Verzoek van betrokkene (AVG art. 17)")
    BEWAARTERMIJN = "bewaartermijn_verstreken", _("Bewaartermijn verstreken")
    TEN_ONRECHTE = "ten_onrechte", _("Ten onrechte aangemaakt")
    ANDERS = "anders", _("Anders")


class Verwijdering(SnelleKeuzes, models.Model):
    Reden = Reden

    traject_uuid = models.UUIDField(unique=True)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="verwijderingen")
    verwijderd_op = models.DateTimeField(default=timezone.now)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Erased by manage.py bewaartermijn, not by a person.
    automatisch = models.BooleanField(default=False)
    reden = models.CharField(_("reden"), max_length=30, choices=Reden.choices)
    toelichting = models.TextField(_("toelichting"), max_length=1000, blank=True)
    traject_aangemaakt_op = models.DateTimeField()
    traject_afgesloten_op = models.DateTimeField(null=True, blank=True)
    # {"kwesties.Betrokkene": 5, ...}: the rows removed per model, as Django's deletion counted them.
    aantallen = models.JSONField(default=dict)
    totaal = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-verwijderd_op", "-id"]
        indexes = [models.Index(fields=["organisatie", "-verwijderd_op"], name="verwijdering_org_op")]
        constraints = [
            models.CheckConstraint(condition=Q(reden__in=Reden.values), name="verwijdering_reden_bekend"),
            models.CheckConstraint(condition=~Q(reden="anders") | ~Q(toelichting=""), name="verwijdering_anders_uitgelegd"),
        ]

    def __str__(self):
        return f"Verwijdering {self.traject_uuid}"

    def samenvatting(self):
        return beschrijf(self.aantallen)
