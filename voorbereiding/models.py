"""Phase 3: the facilitator's preparatory conversations and what comes out of them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwesties.models import Betrokkene, Traject
from nieuwe_route.keuzes import SnelleKeuzes

# The conversation guide of the method, offered beside the notes and never ticked off.
GESPREKSWIJZER = [
    (_("Weet hij of zij waar hij aan toe is?"), _("Wat zijn de kaders, en waarover kan wel en niet worden besloten?")),
    (_("Is duidelijk hoe er besloten wordt?"), _("Wat wordt er besloten, door wie, en hoe gaat dat in de bijeenkomst?")),
    (_("Is er ruimte voor emoties?"), _("Wat houdt hem of haar bezig? Wat maakt boos, verdrietig of bang?")),
    (_("Wie kan er nog meedenken?"), _("Wie ligt hier nog meer wakker van? Wie staat naast hem of haar?")),
    (_("Welke informatie is nodig?"), _("Wat moet iedereen weten om goed te kunnen besluiten, en van wie komt dat?")),
    (_("Voelt hij of zij zich veilig genoeg?"), _("Wat is daarvoor nodig: een tolk, iemand ernaast, niet in dezelfde ruimte als iemand?")),
]


class GesprekQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(verwijderd_op__isnull=True)


class Gesprek(SnelleKeuzes, models.Model):
    """One voorbereidend gesprek with one or a few people of the kring."""

    class Vorm(models.TextChoices):
        IN_PERSOON = "in_persoon", _("Samen in één ruimte")
        TELEFOON = "telefoon", _("Telefonisch")
        VIDEO = "video", _("Videogesprek")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="gesprekken")
    datum = models.DateField(_("datum"), default=timezone.localdate)
    vorm = models.CharField(_("vorm"), max_length=20, choices=Vorm.choices, default=Vorm.IN_PERSOON)
    deelnemers = models.ManyToManyField(Betrokkene, related_name="gesprekken", verbose_name=_("wie waren erbij?"))
    begeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Two fields that must never be mistaken for each other: the private one never leaves the facilitators.
    notities_prive = models.TextField(_("alleen voor de begeleiders"), max_length=10000, blank=True)
    notities_gedeeld = models.TextField(_("mag gedeeld worden in de bijeenkomst"), max_length=10000, blank=True)
    # People this conversation brought into the kring ("wie kan er nog meedenken?").
    aangedragen = models.ManyToManyField(Betrokkene, related_name="aangedragen_in", blank=True)
    versie = models.PositiveIntegerField(default=1)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    verwijderd_op = models.DateTimeField(null=True, blank=True)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = GesprekQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "-aangemaakt_op"]
        indexes = [models.Index(fields=["traject", "-datum"])]

    def __str__(self):
        return f"{self.datum} {self.get_vorm_display()}"

    def verwijder(self):
        self.verwijderd_op = timezone.now()
        self.save(update_fields=["verwijderd_op"])

    def herstel(self):
        self.verwijderd_op = None
        self.save(update_fields=["verwijderd_op"])


class InformatieVerzoekQuerySet(models.QuerySet):
    def open(self):
        return self.filter(beantwoord_op__isnull=True)


class InformatieVerzoek(models.Model):
    """Information the meeting needs: what, from whom, by when, and the answer once it came."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="informatieverzoeken")
    gesprek = models.ForeignKey(
        Gesprek, on_delete=models.SET_NULL, null=True, blank=True, related_name="informatieverzoeken"
    )
    wat = models.TextField(_("welke informatie is nodig?"), max_length=1000)
    van_wie = models.CharField(_("van wie?"), max_length=200)
    uiterlijk = models.DateField(_("wanneer moet het er zijn?"), null=True, blank=True)
    antwoord = models.TextField(_("het antwoord"), max_length=5000, blank=True)
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    versie = models.PositiveIntegerField(default=1)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = InformatieVerzoekQuerySet.as_manager()

    class Meta:
        ordering = ["beantwoord_op", "uiterlijk", "aangemaakt_op"]

    def __str__(self):
        return self.wat

    @property
    def is_open(self):
        return self.beantwoord_op is None

    @property
    def is_te_laat(self):
        return self.is_open and self.uiterlijk is not None and self.uiterlijk < timezone.localdate()

    def beantwoorden(self, antwoord):
        self.antwoord = antwoord
        self.beantwoord_op = timezone.now()
        self.versie = models.F("versie") + 1
        self.save(update_fields=["antwoord", "beantwoord_op", "versie"])
        self.refresh_from_db(fields=["versie"])

    def heropenen(self):
        self.beantwoord_op = None
        self.versie = models.F("versie") + 1
        self.save(update_fields=["beantwoord_op", "versie"])
        self.refresh_from_db(fields=["versie"])


class InbrengQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(verwijderd_op__isnull=True)

    def ideeen(self):
        return self.actief().filter(soort=Inbreng.Soort.IDEE)


class Inbreng(SnelleKeuzes, models.Model):
    """An idea or someone's own words for the meeting, heard in a conversation or sent through a personal link.

    Ideas become candidate proposals in the meeting.
    """

    class Soort(models.TextChoices):
        IDEE = "idee", _("Idee of voorstel")
        WOORDEN = "woorden", _("Eigen woorden voor de bijeenkomst")

    class Bron(models.TextChoices):
        GESPREK = "gesprek", _("In een voorbereidend gesprek")
        LINK = "link", _("Zelf ingestuurd")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="inbreng")
    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="inbreng")
    gesprek = models.ForeignKey(Gesprek, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbreng")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.IDEE)
    bron = models.CharField(max_length=20, choices=Bron.choices, default=Bron.GESPREK)
    tekst = models.TextField(_("tekst"), max_length=3000)
    met_naam = models.BooleanField(_("naam mag erbij staan"), default=True)
    # Only what the author marked to share is ever shown on another person's link page.
    delen = models.BooleanField(_("anderen in de kring mogen dit vooraf lezen"), default=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    verwijderd_op = models.DateTimeField(null=True, blank=True)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = InbrengQuerySet.as_manager()

    class Meta:
        ordering = ["aangemaakt_op", "id"]
        indexes = [models.Index(fields=["traject", "aangemaakt_op"])]

    def __str__(self):
        return self.tekst[:60]

    def verwijder(self):
        self.verwijderd_op = timezone.now()
        self.save(update_fields=["verwijderd_op"])

    def herstel(self):
        self.verwijderd_op = None
        self.save(update_fields=["verwijderd_op"])

    def afzender(self, anoniem_tekst=_("Iemand uit de kring")):
        """The author's first name, or a neutral phrase when they chose to stay anonymous."""
        return self.betrokkene.voornaam if self.met_naam else anoniem_tekst
