import calendar
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A professional who logs in with email and password."""

    username = None
    first_name = None
    last_name = None
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=150)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]
    objects = UserManager()

    def __str__(self):
        return self.naam or self.email

    @cached_property
    def beheerde_organisaties(self):
        return list(Organisatie.objects.filter(lidmaatschappen__user=self, lidmaatschappen__is_beheerder=True))

    def tweestaps_redenen(self):
        """Why this person must log in in two steps: some of "beheerder", "kadersteller", "organisatie"
        (a member of an organisation that asks it of everyone). Empty: they need not. One query."""
        leden = Lidmaatschap.objects.filter(user=OuterRef("pk"))
        # TrajectRol lives in kwesties, which imports this module: reached through the reverse relation.
        rollen = self.trajectrollen.model.objects.filter(user=OuterRef("pk"), rol="kadersteller")
        rij = (
            User.objects.filter(pk=self.pk)
            .annotate(
                beheerder=Exists(leden.filter(is_beheerder=True)),
                kadersteller=Exists(rollen),
                organisatie=Exists(leden.filter(organisatie__tweestaps_voor_iedereen=True)),
            )
            .values("beheerder", "kadersteller", "organisatie")
            .first()
        )
        return [reden for reden, geldt in (rij or {}).items() if geldt]

    def tweestaps_verplicht(self):
        return bool(self.tweestaps_redenen())

    def get_full_name(self):
        return self.naam

    def get_short_name(self):
        return self.naam.split(" ")[0] if self.naam else self.email


def verschuif_maanden(moment, maanden):
    """The same moment `maanden` calendar months later (earlier when negative), in local time.

    A day the month lacks becomes its last: 31 March minus one month is 28 or 29 February.
    """
    lokaal = timezone.localtime(moment)
    jaar, maand = divmod(lokaal.year * 12 + lokaal.month - 1 + maanden, 12)
    dag = min(lokaal.day, calendar.monthrange(jaar, maand + 1)[1])
    return lokaal.replace(year=jaar, month=maand + 1, day=dag)


# The beheerder's choice of bewaartermijn, in months: at least one, at most a century.
BEWAARTERMIJN_MIN, BEWAARTERMIJN_MAX = 1, 1200


def termijn_tekst(maanden):
    """'240 maanden (20 jaar)', '18 maanden', '1 maand'."""
    tekst = ngettext("%(n)s maand", "%(n)s maanden", maanden) % {"n": maanden}
    if maanden >= 12 and maanden % 12 == 0:
        tekst += " " + ngettext("(%(n)s jaar)", "(%(n)s jaar)", maanden // 12) % {"n": maanden // 12}
    return tekst

DREMPELS = [
    ("1/4", _("een kwart van de antwoorden")),
    ("1/3", _("een derde van de antwoorden")),
    ("2/5", _("twee vijfde van de antwoorden")),
    ("1/2", _("de helft van de antwoorden")),
]


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        JEUGDBESCHERMING = "jeugdbescherming", _("Jeugdbescherming")
        FACILITATIE = "facilitatie", _("Facilitatie (onafhankelijke begeleiders)")
        ANDERS = "anders", _("Anders")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.JEUGDBESCHERMING)
    # Consent: from this share of bezwaren among the answers the circle is split (see README, "Consent").
    splitsingsdrempel = models.CharField(
        _("drempel voor een verdeelde kring"), max_length=5, choices=DREMPELS, default="1/3"
    )
    # Beheerders and kaderstellers always log in in two steps; with this on, every member does.
    tweestaps_voor_iedereen = models.BooleanField(_("tweestapsverificatie voor iedereen"), default=False)
    # How long a closed traject is kept, in months; empty: settings.BEWAARTERMIJN_MAANDEN (README, "Bewaartermijn").
    bewaartermijn_maanden = models.PositiveIntegerField(
        _("bewaartermijn in maanden"),
        null=True,
        blank=True,
        validators=[MinValueValidator(BEWAARTERMIJN_MIN), MaxValueValidator(BEWAARTERMIJN_MAX)],
    )
    leden = models.ManyToManyField(User, through="Lidmaatschap", related_name="organisaties")

    class Meta:
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def is_beheerder(self, user):
        return self.lidmaatschappen.filter(user=user, is_beheerder=True).exists()

    @property
    def bewaartermijn(self):
        """Months a closed traject is kept: the organisation's own choice, or the app's setting."""
        return self.bewaartermijn_maanden or settings.BEWAARTERMIJN_MAANDEN

    @property
    def bewaartermijn_tekst(self):
        return termijn_tekst(self.bewaartermijn)

    def bewaargrens(self, nu=None):
        """A traject closed before this moment is past its bewaartermijn."""
        return verschuif_maanden(nu or timezone.now(), -self.bewaartermijn)


class Lidmaatschap(models.Model):
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="lidmaatschappen")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="lidmaatschappen")
    is_beheerder = models.BooleanField(_("beheerder"), default=False)
    sinds = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "user"], name="uniek_lidmaatschap"),
        ]
        ordering = ["user__naam"]

    def __str__(self):
        return f"{self.user} @ {self.organisatie}"
