"""Personal links: how someone in the kring, without an account, sees where they stand.

The token is random (144 bits) and only its SHA-256 is stored, so a copy of the
database does not open a single link.
"""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwesties.models import Betrokkene, Traject
from nieuwe_route.keuzes import SnelleKeuzes

TOKEN_BYTES = 18  # 144 bits of randomness, 24 characters in the URL


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def standaard_verloopdatum():
    return timezone.now() + timedelta(days=settings.LINK_GELDIG_DAGEN)


class PersoonlijkeLinkQuerySet(models.QuerySet):
    def geldig(self):
        return self.filter(ingetrokken_op__isnull=True, verloopt_op__gt=timezone.now())


class PersoonlijkeLink(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verloopt_op = models.DateTimeField(_("geldig tot"), default=standaard_verloopdatum)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True)

    objects = PersoonlijkeLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(verloopt_op__gt=models.F("aangemaakt_op")), name="link_verloopt_later")
        ]

    def __str__(self):
        return f"Link {self.betrokkene}"

    @property
    def is_ingetrokken(self):
        return self.ingetrokken_op is not None

    @property
    def is_verlopen(self):
        return self.verloopt_op <= timezone.now()

    @property
    def is_geldig(self):
        return not self.is_ingetrokken and not self.is_verlopen

    @classmethod
    @transaction.atomic
    def uitgeven(cls, betrokkene, door, verloopt_op=None):
        """A new link for this person; earlier links stop working at once. Returns (link, token)."""
        nu = timezone.now()
        cls.objects.filter(betrokkene=betrokkene, ingetrokken_op__isnull=True).update(
            ingetrokken_op=nu, ingetrokken_door=door
        )
        token = secrets.token_urlsafe(TOKEN_BYTES)
        link = cls.objects.create(
            betrokkene=betrokkene,
            token_hash=hash_token(token),
            aangemaakt_op=nu,
            aangemaakt_door=door,
            verloopt_op=verloopt_op or standaard_verloopdatum(),
        )
        return link, token

    @classmethod
    def zoek(cls, token):
        """The link this token belongs to, valid or not, or None."""
        if not token or len(token) > 100:
            return None
        return cls.objects.select_related("betrokkene__traject").filter(token_hash=hash_token(token)).first()

    def intrekken(self, door):
        if self.ingetrokken_op is None:
            self.ingetrokken_op = timezone.now()
            self.ingetrokken_door = door
            self.save(update_fields=["ingetrokken_op", "ingetrokken_door"])


class LinkGebruik(SnelleKeuzes, models.Model):
    """The log of a link's use: what the person saw or sent, and when. Only ever appended to."""

    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", _("Pagina bekeken")
        AGENDA = "agenda", _("Agenda-bestand gedownload")
        INGESTUURD = "ingestuurd", _("Iets ingestuurd")
        GEWEIGERD = "geweigerd", _("Geprobeerd met een ingetrokken of verlopen link")

    link = models.ForeignKey(PersoonlijkeLink, on_delete=models.CASCADE, related_name="gebruik")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="+")
    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="+")
    op = models.DateTimeField(default=timezone.now)
    actie = models.CharField(max_length=20, choices=Actie.choices)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-op", "-id"]
        indexes = [models.Index(fields=["traject", "-op"])]


class LinkPoging(models.Model):
    """A request with a token that matches no link: counted per address to slow down guessing."""

    ip = models.GenericIPAddressField()
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["ip", "op"])]

    @classmethod
    def te_veel(cls, ip):
        sinds = timezone.now() - timedelta(minutes=settings.LINK_POGINGEN_MINUTEN)
        return cls.objects.filter(ip=ip, op__gte=sinds).count() >= settings.LINK_POGINGEN_MAX

    @classmethod
    def noteer(cls, ip):
        nu = timezone.now()
        cls.objects.create(ip=ip, op=nu)
        # Old attempts are of no use: keep the table small.
        cls.objects.filter(op__lt=nu - timedelta(days=1)).delete()
