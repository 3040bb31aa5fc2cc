"""The access log (NEN 7513-style): who read or changed which traject's data, when, how and from where.

Only ever appended to. No model method or queryset changes or deletes an entry, and database triggers
(migration 0002) refuse every UPDATE except the one erasure needs: blanking the free text and the IP address.
The traject is kept as its uuid, not as a foreign key, so the log outlives the traject's erasure.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nieuwe_route.keuzes import SnelleKeuzes
from organisaties.models import Organisatie

from .omschrijvingen import BEKENDE_OMSCHRIJVINGEN, SCHEIDING


class Onveranderlijk(Exception):
    """An entry of the access log cannot be changed or deleted."""


class ToegangQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Onveranderlijk("het logboek wordt alleen aangevuld")

    def delete(self):
        raise Onveranderlijk("het logboek wordt alleen aangevuld")

    def wis_persoonsgegevens(self):
        """Erasure: the entries keep who, when, what and which traject; their free text and IP addresses go."""
        return super().update(omschrijving="", ip=None)


class Toegang(SnelleKeuzes, models.Model):
    """One request that showed or changed a traject's data, or used a personal link."""

    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", _("Bekeken")
        GEDOWNLOAD = "gedownload", _("Gedownload")
        GEWIJZIGD = "gewijzigd", _("Gewijzigd")
        GEWEIGERD = "geweigerd", _("Geweigerd")

    class Via(models.TextChoices):
        ACCOUNT = "account", _("Ingelogd")
        LINK = "link", _("Persoonlijke link")
        TELEFOON = "telefoon", _("Telefoon via de QR-code")

    op = models.DateTimeField(default=timezone.now)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    # Not a foreign key: the entry stays when the traject is erased. Empty for the organisation's own beheer.
    traject_uuid = models.UUIDField(null=True, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Which personal link, and whose: uuids only, so they stay (and name no one) after the kring is erased.
    link_uuid = models.UUIDField(null=True, blank=True)
    betrokkene_uuid = models.UUIDField(null=True, blank=True)
    actie = models.CharField(max_length=10, choices=Actie.choices)
    # The URL's name ("besluitvorming:console"), never its path: a personal link's path holds its token.
    weergave = models.CharField(max_length=100)
    methode = models.CharField(max_length=10)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # What was shown or changed, in Dutch; may name people, so erasure blanks it.
    omschrijving = models.CharField(max_length=300, blank=True)

    objects = ToegangQuerySet.as_manager()

    class Meta:
        ordering = ["-op", "-id"]
        verbose_name = _("toegang")
        verbose_name_plural = _("logboek")
        indexes = [
            models.Index(fields=["organisatie", "-op"], name="toegang_organisatie_op"),
            models.Index(fields=["traject_uuid", "-op"], name="toegang_traject_op"),
        ]
        constraints = [
            # Who it was: a professional who logged in, a personal link (and whose), or a phone in the room.
            models.CheckConstraint(
                condition=~Q(via="account") | Q(gebruiker__isnull=False, link_uuid__isnull=True, betrokkene_uuid__isnull=True),
                name="toegang_account_heeft_gebruiker",
            ),
            models.CheckConstraint(
                condition=~Q(via="link")
                | Q(gebruiker__isnull=True, link_uuid__isnull=False, betrokkene_uuid__isnull=False, traject_uuid__isnull=False),
                name="toegang_link_heeft_link",
            ),
            models.CheckConstraint(
                condition=~Q(via="telefoon") | Q(gebruiker__isnull=True, link_uuid__isnull=True, traject_uuid__isnull=False),
                name="toegang_telefoon_heeft_traject",
            ),
            models.CheckConstraint(condition=Q(via__in=["account", "link", "telefoon"]), name="toegang_via_bekend"),
            models.CheckConstraint(
                condition=Q(actie__in=["bekeken", "gedownload", "gewijzigd", "geweigerd"]), name="toegang_actie_bekend"
            ),
        ]

    def __str__(self):
        return f"{self.op:%Y-%m-%d %H:%M:%S} {self.actie} {self.weergave}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Onveranderlijk("het logboek wordt alleen aangevuld")
        kwargs["force_insert"] = True  # never an UPDATE, also not for an entry made with an existing pk
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Onveranderlijk("het logboek wordt alleen aangevuld")

    @property
    def omschrijving_tekst(self):
        """The description in the reader's language; what follows it (names, a filter) stays as written."""
        kop, scheiding, rest = self.omschrijving.partition(SCHEIDING)
        if kop in BEKENDE_OMSCHRIJVINGEN:
            return gettext(kop) + scheiding + rest
        return self.omschrijving


def wis_persoonsgegevens(traject_uuid):
    """For the erasure of a traject: blank the free text and the IP address of each of its entries.

    Who (professional, or the uuids of link and person), when, what and which traject stay: that is the record
    that the traject existed and who worked on it. The only UPDATE the database allows on the log. Returns the
    number of entries.
    """
    return Toegang.objects.filter(traject_uuid=traject_uuid).wis_persoonsgegevens()
