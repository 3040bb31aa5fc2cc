import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwesties.models import Traject


class KaderSet(models.Model):
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
        _("wat gebeurt er als er geen veilig plan komt?"), max_length=3000, blank=True
    )
    wie_grijpt_in = models.CharField(_("wie grijpt dan in?"), max_length=300, blank=True)
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
    def heeft_interventie(self):
        return bool(self.als_geen_veilig_plan.strip() and self.wie_grijpt_in.strip())

    @transaction.atomic
    def vaststellen(self, user):
        if self.is_vastgesteld:
            return
        if not self.heeft_interventie:
            raise ValueError("wie grijpt in is required before vaststellen")
        self.status = self.Status.VASTGESTELD
        self.versie = 1
        self.vastgesteld_op = timezone.now()
        self.vastgesteld_door = user
        self.save(update_fields=["status", "versie", "vastgesteld_op", "vastgesteld_door"])
        self.wijzigingen.create(actie=KaderWijziging.Actie.VASTGESTELD, versie=1, door=user)

    def registreer_wijziging(self, user, actie, kader=None, oud="", nieuw="", reden=""):
        """After vaststelling every change is a new version that everyone can see."""
        if not self.is_vastgesteld:
            return None
        KaderSet.objects.filter(pk=self.pk).update(versie=F("versie") + 1)
        self.refresh_from_db(fields=["versie"])
        return self.wijzigingen.create(
            actie=actie, kader=kader, versie=self.versie, oud=oud, nieuw=nieuw, reden=reden, door=user
        )


class KaderQuerySet(models.QuerySet):
    def geldig(self):
        return self.filter(verwijderd_op__isnull=True)


class Kader(models.Model):
    class Soort(models.TextChoices):
        WETTELIJK = "wettelijk", _("Wettelijk kader")
        FINANCIEEL = "financieel", _("Financieel kader")
        AFSPRAAK = "afspraak", _("Vastgelegde afspraak")
        VEILIGHEID = "veiligheid", _("Veiligheid: wat minimaal anders moet")
        ANDERS = "anders", _("Anders")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kaderset = models.ForeignKey(KaderSet, on_delete=models.CASCADE, related_name="kaders")
    soort = models.CharField(_("soort kader"), max_length=20, choices=Soort.choices)
    tekst = models.TextField(_("het kader, in gewone woorden"), max_length=2000)
    toelichting = models.TextField(_("toelichting"), max_length=5000, blank=True)
    eigenaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="kaders")
    versie = models.PositiveIntegerField(default=1)
    verwijderd_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = KaderQuerySet.as_manager()

    class Meta:
        ordering = ["aangemaakt_op", "id"]

    def __str__(self):
        return self.tekst[:60]

    def samenvatting(self):
        tekst = f"{self.get_soort_display()}: {self.tekst}"
        return f"{tekst}\n{self.toelichting}" if self.toelichting else tekst


class KaderWijziging(models.Model):
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
