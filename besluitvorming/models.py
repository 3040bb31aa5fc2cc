"""Phase 4: the besluitvormingsbijeenkomst. Planning lives here; the consent rounds follow."""

import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from kaders.models import KaderSet
from kwesties.models import Traject


def standaard_informatief():
    return "\n".join([
        gettext("Welkom en voorstelronde"),
        gettext("De afspraken voor vandaag"),
        gettext("De kwestie"),
        gettext("De kaders, en wat er gebeurt als er geen veilig plan komt"),
        gettext("Informatie die nodig is om te besluiten"),
    ])


def standaard_besluitvormend():
    return "\n".join([
        gettext("Ideeën en voorstellen"),
        gettext("Vragen en reacties: wie kan hiermee leven?"),
        gettext("Consentronde per voorstel: bezwaar, zorg of geen bezwaar"),
    ])


def standaard_presentatie():
    return "\n".join([
        gettext("Het plan: wie doet wat, en wanneer"),
        gettext("De kadersteller kijkt: past het plan binnen de kaders?"),
        gettext("Vervolgafspraken: wanneer kijken we samen hoe het gaat?"),
    ])


def standaard_afspraken():
    return "\n".join([
        gettext("We laten elkaar uitpraten."),
        gettext("Iedereen telt even zwaar mee."),
        gettext("We praten over de kwestie, niet over schuld."),
        gettext("Wat hier persoonlijk gedeeld wordt, blijft hier."),
        gettext("Wie even pauze nodig heeft, zegt dat."),
        gettext("Telefoons staan op stil."),
    ])


class KadersNietVastgesteld(Exception):
    """The method's own gate: no meeting before the kaders are fixed."""


class Bijeenkomst(models.Model):
    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        BEGONNEN = "begonnen", _("Begonnen")
        AFGEROND = "afgerond", _("Afgerond")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="bijeenkomsten")
    datum = models.DateField(_("datum"), null=True, blank=True)
    begintijd = models.TimeField(_("begintijd"), null=True, blank=True)
    eindtijd = models.TimeField(_("eindtijd"), null=True, blank=True)
    plaats = models.CharField(_("plaats"), max_length=300, blank=True)
    videolink = models.URLField(_("videolink"), max_length=500, blank=True)
    agenda_informatief = models.TextField(_("informatief deel"), max_length=3000, default=standaard_informatief)
    agenda_besluitvormend = models.TextField(
        _("besluitvormend deel"), max_length=3000, default=standaard_besluitvormend
    )
    agenda_presentatie = models.TextField(_("presentatie"), max_length=3000, default=standaard_presentatie)
    afspraken = models.TextField(_("afspraken voor de bijeenkomst"), max_length=3000, default=standaard_afspraken)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GEPLAND)
    begonnen_op = models.DateTimeField(null=True, blank=True)
    begonnen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    versie = models.PositiveIntegerField(default=1)
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="gepland") | Q(begonnen_op__isnull=False), name="bijeenkomst_begonnen_heeft_tijd"
            ),
            models.CheckConstraint(
                condition=Q(eindtijd__isnull=True) | Q(begintijd__isnull=True) | Q(eindtijd__gt=F("begintijd")),
                name="bijeenkomst_eind_na_begin",
            ),
            # One meeting at a time per traject, also when two requests create it at once.
            models.UniqueConstraint(
                fields=["traject"], condition=~Q(status="afgerond"), name="een_lopende_bijeenkomst_per_traject"
            ),
        ]

    def __str__(self):
        return f"Bijeenkomst {self.traject} {self.datum or ''}".strip()

    @property
    def is_gepland(self):
        """Date and place are known: enough to invite people."""
        return self.datum is not None and bool(self.plaats or self.videolink)

    @property
    def is_begonnen(self):
        return self.status != self.Status.GEPLAND

    @staticmethod
    def regels(tekst):
        return [r.strip() for r in tekst.splitlines() if r.strip()]

    def agenda(self):
        """The three parts of the method, in order, as (title, items)."""
        return [
            (_("Informatief deel"), self.regels(self.agenda_informatief)),
            (_("Besluitvormend deel"), self.regels(self.agenda_besluitvormend)),
            (_("Presentatie"), self.regels(self.agenda_presentatie)),
        ]

    def afspraken_lijst(self):
        return self.regels(self.afspraken)

    @transaction.atomic
    def starten(self, user):
        """Begin the meeting; refused while the kaders are not vastgesteld."""
        kaderset = KaderSet.objects.select_for_update().get(traject_id=self.traject_id)
        if not kaderset.is_vastgesteld:
            raise KadersNietVastgesteld
        # Conditional update: of two clicks at the same moment, only the first sets the start time.
        Bijeenkomst.objects.filter(pk=self.pk, status=self.Status.GEPLAND).update(
            status=self.Status.BEGONNEN, begonnen_op=timezone.now(), begonnen_door=user
        )
        self.refresh_from_db(fields=["status", "begonnen_op", "begonnen_door"])


def huidige_bijeenkomst(traject):
    """The traject's meeting being prepared or held (a revision later gets a new one), created on first use."""
    lopend = Bijeenkomst.objects.filter(traject=traject).exclude(status=Bijeenkomst.Status.AFGEROND)
    bijeenkomst = lopend.first()
    if bijeenkomst is None:
        try:
            with transaction.atomic():
                bijeenkomst = Bijeenkomst.objects.create(traject=traject)
        except IntegrityError:
            bijeenkomst = lopend.get()
    bijeenkomst.traject = traject
    return bijeenkomst
