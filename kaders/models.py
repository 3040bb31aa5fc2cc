import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kwesties.models import Traject
from nieuwe_route.keuzes import SnelleKeuzes


class KaderSet(SnelleKeuzes, models.Model):
    """All kaders of one traject: written while concept, fixed before the meeting."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")

    traject = models.OneToOneField(Traject, on_delete=models.CASCADE, related_name="kaderset")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    # 0 while concept; 1 at vaststelling; every change afterwards makes the next version.
    versie = models.PositiveIntegerField(default=0)
    vastgesteld_op = models.DateTimeField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    als_geen_veilig_plan = models.TextField(
        _("Wat gebeurt er als er geen veilig plan komt?"), max_length=3000, blank=True
    )
    wie_grijpt_in = models.CharField(_("Wie grijpt dan in?"), max_length=300, blank=True)
    # Optimistic lock for the "wie grijpt in" form.
    bewerkversie = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="concept") | (Q(vastgesteld_op__isnull=False) & Q(versie__gte=1)),
                name="kaderset_vastgesteld_heeft_versie",
            )
        ]

    def __str__(self):
        return f"Kaders {self.traject}"

    @property
    def is_vastgesteld(self):
        return self.status == self.Status.VASTGESTELD

    @property
    def is_gewijzigd_na_vaststelling(self):
        return self.versie > 1

    @property
    def heeft_interventie(self):
        return bool(self.als_geen_veilig_plan.strip() and self.wie_grijpt_in.strip())

    def heeft_veiligheidskader(self):
        return self.kaders.geldig().filter(soort=Kader.Soort.VEILIGHEID).exists()

    def interventie_samenvatting(self):
        return gettext("Als er geen veilig plan komt: %(wat)s\nWie grijpt in: %(wie)s") % {
            "wat": self.als_geen_veilig_plan,
            "wie": self.wie_grijpt_in,
        }

    @transaction.atomic
    def vaststellen(self, user):
        """Fix the kaders before the meeting; only possible once it is clear who steps in without a safe plan."""
        if not self.heeft_interventie:
            raise ValueError("wie grijpt in is required before vaststellen")
        nu = timezone.now()
        # Conditional update: of two clicks at the same moment, only the first fixes the set.
        gedaan = KaderSet.objects.filter(pk=self.pk, status=self.Status.CONCEPT).update(
            status=self.Status.VASTGESTELD, versie=1, vastgesteld_op=nu, vastgesteld_door=user
        )
        self.refresh_from_db(fields=["status", "versie", "vastgesteld_op", "vastgesteld_door"])
        if gedaan:
            self.wijzigingen.create(actie=KaderWijziging.Actie.VASTGESTELD, versie=1, door=user, op=nu)

    def registreer_wijziging(self, user, actie, kader=None, oud="", nieuw="", reden=""):
        """After vaststelling every change is a new version that everyone can see."""
        if not self.is_vastgesteld:
            return None
        if not reden.strip():
            raise ValueError("a change after vaststelling needs a reason")
        KaderSet.objects.filter(pk=self.pk).update(versie=F("versie") + 1)
        self.refresh_from_db(fields=["versie"])
        return self.wijzigingen.create(
            actie=actie, kader=kader, versie=self.versie, oud=oud, nieuw=nieuw, reden=reden, door=user
        )

    @transaction.atomic
    def kader_toevoegen(self, user, soort, tekst, toelichting="", reden="", client_token=None):
        kader = self.kaders.create(
            soort=soort, tekst=tekst, toelichting=toelichting, eigenaar=user, client_token=client_token
        )
        self.registreer_wijziging(user, KaderWijziging.Actie.TOEGEVOEGD, kader, nieuw=kader.samenvatting(), reden=reden)
        return kader

    @transaction.atomic
    def wijzig_interventie(self, user, als_geen_veilig_plan, wie_grijpt_in, reden=""):
        """What happens without a safe plan, and who steps in; after vaststelling a logged new version."""
        oud = KaderSet.objects.select_for_update().get(pk=self.pk).interventie_samenvatting()
        self.als_geen_veilig_plan = als_geen_veilig_plan
        self.wie_grijpt_in = wie_grijpt_in
        nieuw = self.interventie_samenvatting()
        if oud == nieuw:
            return
        self.bewerkversie = F("bewerkversie") + 1
        self.save(update_fields=["als_geen_veilig_plan", "wie_grijpt_in", "bewerkversie"])
        self.refresh_from_db(fields=["bewerkversie"])
        self.registreer_wijziging(user, KaderWijziging.Actie.INTERVENTIE, oud=oud, nieuw=nieuw, reden=reden)


class KaderQuerySet(models.QuerySet):
    def geldig(self):
        return self.filter(verwijderd_op__isnull=True)


class KaderSoort(models.TextChoices):
    WETTELIJK = "wettelijk", _("Wettelijk kader")
    FINANCIEEL = "financieel", _("Financieel kader")
    AFSPRAAK = "afspraak", _("Vastgelegde afspraak")
    VEILIGHEID = "veiligheid", _("Veiligheid: wat minimaal anders moet")
    ANDERS = "anders", _("Anders")


class Kader(SnelleKeuzes, models.Model):
    Soort = KaderSoort

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kaderset = models.ForeignKey(KaderSet, on_delete=models.CASCADE, related_name="kaders")
    soort = models.CharField(_("Soort kader"), max_length=20, choices=Soort.choices)
    tekst = models.TextField(_("Het kader, in gewone woorden"), max_length=2000)
    toelichting = models.TextField(_("Toelichting"), max_length=5000, blank=True)
    eigenaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="kaders")
    versie = models.PositiveIntegerField(default=1)
    verwijderd_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    # The add form's one-time token: a double submit finds this kader instead of making a second.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = KaderQuerySet.as_manager()

    class Meta:
        ordering = ["aangemaakt_op", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=KaderSoort.values), name="kader_soort_bekend"),
            models.CheckConstraint(condition=~Q(tekst=""), name="kader_heeft_tekst"),
        ]

    def __str__(self):
        return self.tekst[:60]

    @property
    def is_verwijderd(self):
        return self.verwijderd_op is not None

    def samenvatting(self):
        tekst = f"{self.get_soort_display()}: {self.tekst}"
        return f"{tekst}\n{self.toelichting}" if self.toelichting else tekst

    @transaction.atomic
    def wijzig(self, user, soort, tekst, toelichting="", reden=""):
        """New text; after vaststelling a change needs a reason and makes a new version of the kaders."""
        # The old text from the database: a ModelForm may already have changed this instance.
        oud = Kader.objects.select_for_update().get(pk=self.pk).samenvatting()
        self.soort, self.tekst, self.toelichting = soort, tekst, toelichting
        nieuw = self.samenvatting()
        if oud == nieuw:
            return
        self.versie = F("versie") + 1
        self.save(update_fields=["soort", "tekst", "toelichting", "versie"])
        self.refresh_from_db(fields=["versie"])
        self.kaderset.registreer_wijziging(user, KaderWijziging.Actie.GEWIJZIGD, self, oud=oud, nieuw=nieuw, reden=reden)

    @transaction.atomic
    def verwijder(self, user, reden=""):
        if self.is_verwijderd:
            return
        self.verwijderd_op = timezone.now()
        self.versie = F("versie") + 1
        self.save(update_fields=["verwijderd_op", "versie"])
        self.refresh_from_db(fields=["versie"])
        self.kaderset.registreer_wijziging(
            user, KaderWijziging.Actie.VERWIJDERD, self, oud=self.samenvatting(), reden=reden
        )

    def terugzetten(self):
        """Undo a removal; only while concept (after vaststelling the kader is added again, with a reason)."""
        if self.kaderset.is_vastgesteld:
            raise ValueError("a removed kader cannot come back after vaststelling")
        self.verwijderd_op = None
        self.versie = F("versie") + 1
        self.save(update_fields=["verwijderd_op", "versie"])
        self.refresh_from_db(fields=["versie"])


class KaderWijziging(SnelleKeuzes, models.Model):
    class Actie(models.TextChoices):
        VASTGESTELD = "vastgesteld", _("Kaders vastgesteld")
        TOEGEVOEGD = "toegevoegd", _("Kader toegevoegd")
        GEWIJZIGD = "gewijzigd", _("Kader gewijzigd")
        VERWIJDERD = "verwijderd", _("Kader verwijderd")
        INTERVENTIE = "interventie", _("'Wie grijpt in' gewijzigd")

    kaderset = models.ForeignKey(KaderSet, on_delete=models.CASCADE, related_name="wijzigingen")
    kader = models.ForeignKey(Kader, on_delete=models.SET_NULL, null=True, blank=True, related_name="wijzigingen")
    actie = models.CharField(max_length=20, choices=Actie.choices)
    versie = models.PositiveIntegerField()
    oud = models.TextField(blank=True)
    nieuw = models.TextField(blank=True)
    reden = models.TextField(max_length=1000, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-op", "-id"]
        constraints = [
            # Everyone must be able to read why a fixed kader changed.
            models.CheckConstraint(condition=Q(actie="vastgesteld") | ~Q(reden=""), name="kaderwijziging_heeft_reden"),
            models.UniqueConstraint(fields=["kaderset", "versie"], name="kaderwijziging_versie_uniek"),
        ]
