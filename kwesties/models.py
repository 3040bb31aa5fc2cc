import logging
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nieuwe_route.keuzes import SnelleKeuzes
from organisaties.models import Organisatie

KWESTIE_BEGIN = "Wat is ervoor nodig dat "

logger = logging.getLogger(__name__)


class TrajectQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        """Trajecten on which the user holds a role: the only ones they may open."""
        if not user.is_authenticated:
            return self.none()
        # A semi-join, not a join with DISTINCT: two roles still give one row, and the database reads
        # the user's trajecten from the (user, traject) index instead of de-duplicating a join.
        return self.filter(Exists(TrajectRol.objects.filter(traject=OuterRef("pk"), user=user)))

    def bewaartermijn_verstreken(self, organisatie, nu=None):
        """The organisation's trajecten closed longer ago than its bewaartermijn: due to be erased, oldest first."""
        return self.filter(organisatie=organisatie, afgesloten_op__lt=organisatie.bewaargrens(nu)).order_by(
            "afgesloten_op", "id"
        )


class Traject(models.Model):
    """One family's route through the method, owned by one organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="trajecten")
    label = models.CharField(
        _("naam van het traject"),
        max_length=60,
        help_text=_("Een korte aanduiding, geen volledige naam. Bijvoorbeeld: Familie J."),
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The form's one-time token: a double submit finds this traject instead of making a second.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Closed: the plan is carried out or evaluated. The bewaartermijn counts from this moment.
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    afgesloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TrajectQuerySet.as_manager()

    class Meta:
        ordering = ["-aangemaakt_op"]
        indexes = [
            models.Index(fields=["organisatie", "-aangemaakt_op"]),
            # The trajecten past their bewaartermijn, per organisation (beheer, manage.py bewaartermijn).
            models.Index(fields=["organisatie", "afgesloten_op"], name="traject_org_afgesloten"),
        ]

    def __str__(self):
        return self.label

    @transaction.atomic
    def save(self, *args, **kwargs):
        nieuw = self._state.adding
        super().save(*args, **kwargs)
        if nieuw:
            Kwestie.objects.create(traject=self, vraag=KWESTIE_BEGIN)

    @property
    def is_afgesloten(self):
        return self.afgesloten_op is not None

    def afsluiten(self, user):
        """Close the traject; False when it already was (a second click keeps the first moment)."""
        nu = timezone.now()
        gedaan = Traject.objects.filter(pk=self.pk, afgesloten_op__isnull=True).update(
            afgesloten_op=nu, afgesloten_door=user
        )
        self.refresh_from_db(fields=["afgesloten_op", "afgesloten_door"])
        if gedaan:
            logger.info("Traject %s afgesloten door gebruiker %s", self.uuid, user.uuid)
        return bool(gedaan)

    def heropenen(self, user):
        """Open a closed traject again: its bewaartermijn starts anew when it is closed the next time."""
        gedaan = Traject.objects.filter(pk=self.pk, afgesloten_op__isnull=False).update(
            afgesloten_op=None, afgesloten_door=None
        )
        self.refresh_from_db(fields=["afgesloten_op", "afgesloten_door"])
        if gedaan:
            logger.info("Traject %s heropend door gebruiker %s", self.uuid, user.uuid)
        return bool(gedaan)

    def rollen_van(self, user):
        return {r.rol for r in self.rollen.all() if r.user_id == user.pk}

    def facilitators(self):
        return [r.user for r in self.rollen.all() if r.rol == TrajectRol.Rol.FACILITATOR]

    def kaderstellers(self):
        return [r.user for r in self.rollen.all() if r.rol == TrajectRol.Rol.KADERSTELLER]


class TrajectRol(SnelleKeuzes, models.Model):
    class Rol(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator (onafhankelijke begeleider)")
        KADERSTELLER = "kadersteller", _("Kadersteller (bijvoorbeeld de gezinsvoogd)")

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="rollen")
    # Indexed below together with the traject, which also serves every lookup by user alone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trajectrollen", db_index=False
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["traject", "user", "rol"], name="uniek_trajectrol")]
        # "Does this user hold a role on this traject?" answered from the index alone (Traject.voor_gebruiker).
        indexes = [models.Index(fields=["user", "traject"], name="trajectrol_user_traject")]
        ordering = ["rol", "user__naam"]

    def __str__(self):
        return f"{self.user} – {self.get_rol_display()}"


class Kwestie(SnelleKeuzes, models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")

    traject = models.OneToOneField(Traject, on_delete=models.CASCADE, related_name="kwestie")
    vraag = models.CharField(_("centrale vraag"), max_length=500)
    beschrijving = models.TextField(_("beschrijving"), max_length=5000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    vastgesteld_op = models.DateTimeField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    versie = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="concept") | Q(vastgesteld_op__isnull=False),
                name="kwestie_vastgesteld_heeft_datum",
            )
        ]

    def __str__(self):
        return self.vraag

    @property
    def is_vastgesteld(self):
        return self.status == self.Status.VASTGESTELD

    @property
    def is_ingevuld(self):
        return self.vraag.strip() != KWESTIE_BEGIN.strip()

    @transaction.atomic
    def wijzig(self, user, vraag, beschrijving):
        """Save new text; once vastgesteld every change is kept as history."""
        if self.is_vastgesteld:
            # Compare with the database, not self: a ModelForm has already written into self.
            opgeslagen = Kwestie.objects.select_for_update().values("vraag", "beschrijving").get(pk=self.pk)
            for veld, nieuw in (("vraag", vraag), ("beschrijving", beschrijving)):
                oud = opgeslagen[veld]
                if oud != nieuw:
                    self.wijzigingen.create(veld=veld, oud=oud, nieuw=nieuw, door=user)
        self.vraag = vraag
        self.beschrijving = beschrijving
        self.versie = F("versie") + 1
        self.save(update_fields=["vraag", "beschrijving", "versie"])
        self.refresh_from_db(fields=["versie"])

    @transaction.atomic
    def vaststellen(self, user):
        if self.is_vastgesteld:
            return
        self.status = self.Status.VASTGESTELD
        self.vastgesteld_op = timezone.now()
        self.vastgesteld_door = user
        self.versie = F("versie") + 1
        self.save(update_fields=["status", "vastgesteld_op", "vastgesteld_door", "versie"])
        self.refresh_from_db(fields=["versie"])
        self.wijzigingen.create(veld="status", oud=self.Status.CONCEPT, nieuw=self.Status.VASTGESTELD, door=user)


class KwestieWijziging(models.Model):
    kwestie = models.ForeignKey(Kwestie, on_delete=models.CASCADE, related_name="wijzigingen")
    veld = models.CharField(max_length=20)
    oud = models.TextField(blank=True)
    nieuw = models.TextField(blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-op", "-id"]


class BetrokkeneQuerySet(models.QuerySet):
    def in_kring(self):
        return self.filter(verwijderd_op__isnull=True)


class Betrokkene(SnelleKeuzes, models.Model):
    """Someone in the kring: family, network or professional, all with an equal voice."""

    class Relatie(models.TextChoices):
        OUDER = "ouder", _("Ouder")
        KIND = "kind", _("Kind")
        BROER_ZUS = "broer_zus", _("Broer of zus")
        GROOTOUDER = "grootouder", _("Opa of oma")
        FAMILIE = "familie", _("Ander familielid")
        NIEUWE_PARTNER = "nieuwe_partner", _("Nieuwe partner")
        PLEEGOUDER = "pleegouder", _("Pleegouder")
        VRIEND = "vriend", _("Vriend of vriendin")
        BUUR = "buur", _("Buurman of buurvrouw")
        LEERKRACHT = "leerkracht", _("Leerkracht")
        SPORTCOACH = "sportcoach", _("Trainer of coach")
        GEZINSVOOGD = "gezinsvoogd", _("Gezinsvoogd")
        HULPVERLENER = "hulpverlener", _("Hulpverlener")
        ANDERS = "anders", _("Anders, namelijk …")

    class Deelname(models.TextChoices):
        AANWEZIG = "aanwezig", _("Is er zelf bij")
        VERTEGENWOORDIGD = "vertegenwoordigd", _("Iemand anders spreekt namens hem of haar")
        INBRENG_VOORAF = "inbreng_vooraf", _("Geeft vooraf zijn of haar inbreng")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="betrokkenen")
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=100, blank=True)
    relatie = models.CharField(_("relatie"), max_length=20, choices=Relatie.choices)
    relatie_anders = models.CharField(_("relatie in eigen woorden"), max_length=100, blank=True)
    waarom = models.TextField(_("waarom lig je hier wakker van?"), max_length=2000, blank=True)
    is_kind = models.BooleanField(_("dit is een kind"), default=False)
    deelname = models.CharField(
        _("hoe doet deze persoon mee?"), max_length=20, choices=Deelname.choices, default=Deelname.AANWEZIG
    )
    # RESTRICT: a representative is never removed from under someone they speak for; erasing the whole
    # traject removes both at once (SET_NULL would break the check constraint below halfway through).
    vertegenwoordigd_door = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="vertegenwoordigt",
        verbose_name=_("wie spreekt namens hem of haar?"),
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    taal = models.CharField(_("taal"), max_length=50, blank=True)
    tolk_nodig = models.BooleanField(_("heeft een tolk nodig"), default=False)
    niet_samen_met = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("wil niet in dezelfde ruimte zijn met")
    )
    toegankelijkheid = models.TextField(
        _("wat is er nog meer nodig om mee te kunnen doen?"), max_length=1000, blank=True
    )
    naast_wie = models.CharField(_("wie staat naast hem of haar?"), max_length=200, blank=True)
    # Safety: others in the kring do not see this person on their link page.
    verborgen_voor_anderen = models.BooleanField(_("niet laten zien aan anderen in de kring"), default=False)
    versie = models.PositiveIntegerField(default=1)
    verwijderd_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = BetrokkeneQuerySet.as_manager()

    class Meta:
        ordering = ["aangemaakt_op", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(deelname="vertegenwoordigd") | Q(vertegenwoordigd_door__isnull=False),
                name="vertegenwoordigd_heeft_vertegenwoordiger",
            ),
            models.CheckConstraint(
                condition=~Q(vertegenwoordigd_door=F("pk")),
                name="niet_zichzelf_vertegenwoordigen",
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def naam(self):
        return f"{self.voornaam} {self.achternaam}".strip()

    @property
    def relatie_tekst(self):
        if self.relatie == self.Relatie.ANDERS and self.relatie_anders:
            return self.relatie_anders
        return self.get_relatie_display()

    def behoeften(self):
        """What this person needs to take part in the meeting, as short lines (uses prefetched niet_samen_met)."""
        regels = []
        if self.tolk_nodig:
            regels.append(_("Tolk: %(taal)s") % {"taal": self.taal} if self.taal else _("Tolk nodig"))
        if self.naast_wie:
            regels.append(_("Naast zich: %(wie)s") % {"wie": self.naast_wie})
        anderen = [b.voornaam for b in self.niet_samen_met.all() if b.verwijderd_op is None]
        if anderen:
            regels.append(_("Niet in dezelfde ruimte als: %(namen)s") % {"namen": ", ".join(anderen)})
        if self.is_kind and self.deelname != self.Deelname.AANWEZIG:
            regels.append(self.get_deelname_display())
        if self.toegankelijkheid:
            regels.append(self.toegankelijkheid)
        return regels

    def verwijder(self):
        self.verwijderd_op = timezone.now()
        self.save(update_fields=["verwijderd_op"])

    def herstel(self):
        self.verwijderd_op = None
        self.save(update_fields=["verwijderd_op"])
