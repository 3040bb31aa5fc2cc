"""Phase 4: the besluitvormingsbijeenkomst. Planning lives here; the consent rounds follow."""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaders.models import Kader, KaderSet
from kwesties.models import Betrokkene, Traject
from nieuwe_route.keuzes import SnelleKeuzes
from voorbereiding.models import Inbreng

from . import consent, planinhoud


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


class Deel(models.TextChoices):
    INFORMATIEF = "informatief", _("Informatief deel")
    BESLUITVORMEND = "besluitvormend", _("Besluitvormend deel")
    PRESENTATIE = "presentatie", _("Presentatie")


class Bijeenkomst(SnelleKeuzes, models.Model):
    Deel = Deel

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
    afgerond_op = models.DateTimeField(null=True, blank=True)
    # During the meeting: which part of the agenda the room is in, shown on the room's screen.
    huidig_deel = models.CharField(max_length=20, choices=Deel.choices, default=Deel.INFORMATIEF)
    # Participants may answer a round on their own phone (personal link or the QR code on the flap).
    telefoons = models.BooleanField(_("deelnemers mogen op hun eigen telefoon antwoorden"), default=False)
    # The secret in the QR code on the room's screen; a new one whenever phones are switched on.
    meedoen_code = models.CharField(max_length=40, blank=True)
    # Counts every change the room's screen and the phones show: they poll this one number.
    stand = models.PositiveBigIntegerField(default=0)

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

    @property
    def is_afgerond(self):
        return self.status == self.Status.AFGEROND

    def agenda(self):
        """The three parts of the method, in order, as (title, items)."""
        return [
            (_("Informatief deel"), self.regels(self.agenda_informatief)),
            (_("Besluitvormend deel"), self.regels(self.agenda_besluitvormend)),
            (_("Presentatie"), self.regels(self.agenda_presentatie)),
        ]

    def tik(self):
        """Something the screens show changed: they see a new stand on their next poll."""
        Bijeenkomst.objects.filter(pk=self.pk).update(stand=F("stand") + 1)

    def ga_naar_deel(self, deel):
        Bijeenkomst.objects.filter(pk=self.pk).update(huidig_deel=deel, stand=F("stand") + 1)
        self.huidig_deel = deel

    @transaction.atomic
    def zet_telefoons(self, aan):
        """Switch answering by phone; False when it already was so (a second click must not make a new code).

        Switching on makes a fresh QR secret, so an old photo of it opens nothing; either way the phones
        joined with the old code are unlinked, so their names are free again.
        """
        huidig = Bijeenkomst.objects.select_for_update().get(pk=self.pk)
        if huidig.telefoons == aan:
            self.telefoons, self.meedoen_code = huidig.telefoons, huidig.meedoen_code
            return False
        self.telefoons = aan
        self.meedoen_code = secrets.token_urlsafe(12) if aan else ""
        Bijeenkomst.objects.filter(pk=self.pk).update(
            telefoons=aan, meedoen_code=self.meedoen_code, stand=F("stand") + 1
        )
        self.koppelingen.filter(losgekoppeld_op__isnull=True).update(losgekoppeld_op=timezone.now())
        return True

    @transaction.atomic
    def herzien(self, user):
        """A new meeting to revise this one's vastgesteld plan; its agreements come back as proposals (version 1)."""
        plan = Plan.objects.filter(bijeenkomst=self, status=Plan.Status.VASTGESTELD).defer("inhoud").first()
        if not self.is_afgerond or plan is None:
            raise BijeenkomstFout(gettext("Er is nog geen vastgesteld plan om te herzien."))
        try:
            with transaction.atomic():
                nieuw = Bijeenkomst.objects.create(
                    traject_id=self.traject_id, agenda_informatief=self.agenda_informatief,
                    agenda_besluitvormend=self.agenda_besluitvormend, agenda_presentatie=self.agenda_presentatie,
                    afspraken=self.afspraken,
                )
        except IntegrityError:
            raise BijeenkomstFout(gettext("Er is al een nieuwe bijeenkomst om het plan te herzien.")) from None
        for afspraak in plan.afspraken.select_related("voorstel").prefetch_related("wie"):
            Voorstel.indienen(
                nieuw, user, afspraak.voorstel.titel, afspraak.wat, wie=list(afspraak.wie.all()),
                wanneer=afspraak.wanneer, hoe_weten=afspraak.hoe_weten,
                aanleiding=gettext("Afspraak uit versie %(versie)s van het plan.") % {"versie": plan.versie},
            )
        return nieuw

    def open_ronde(self):
        return self.rondes.filter(gesloten_op__isnull=True).select_related("versie__voorstel").first()

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
            status=self.Status.BEGONNEN, begonnen_op=timezone.now(), begonnen_door=user, stand=F("stand") + 1
        )
        self.refresh_from_db(fields=["status", "begonnen_op", "begonnen_door"])


def huidige_bijeenkomst(traject):
    """The traject's latest meeting: being prepared, under way, or finished with its plan; created on first use.

    A finished meeting stays the current one, so its plan stays in view; a revision will start a new one.
    """
    bijeenkomst = Bijeenkomst.objects.filter(traject=traject).first()
    if bijeenkomst is None:
        try:
            with transaction.atomic():
                bijeenkomst = Bijeenkomst.objects.create(traject=traject)
        except IntegrityError:
            bijeenkomst = Bijeenkomst.objects.filter(traject=traject).exclude(status=Bijeenkomst.Status.AFGEROND).get()
    bijeenkomst.traject = traject
    return bijeenkomst


class Aanwezigheid(SnelleKeuzes, models.Model):
    """Who is at the meeting, and who speaks for someone who is not."""

    class Status(models.TextChoices):
        AANWEZIG = "aanwezig", _("Is er")
        VERTEGENWOORDIGD = "vertegenwoordigd", _("Iemand spreekt namens hem of haar")
        AFWEZIG = "afwezig", _("Is er niet")

    bijeenkomst = models.ForeignKey(Bijeenkomst, on_delete=models.CASCADE, related_name="aanwezigheden")
    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    # RESTRICT, as Betrokkene.vertegenwoordigd_door: SET_NULL would break the constraint during an erasure.
    vertegenwoordiger = models.ForeignKey(
        Betrokkene, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["betrokkene__aangemaakt_op", "betrokkene_id"]
        constraints = [
            models.UniqueConstraint(fields=["bijeenkomst", "betrokkene"], name="aanwezigheid_uniek"),
            models.CheckConstraint(
                condition=~Q(status="vertegenwoordigd") | Q(vertegenwoordiger__isnull=False),
                name="aanwezigheid_vertegenwoordigd_door_iemand",
            ),
            models.CheckConstraint(
                condition=~Q(vertegenwoordiger=F("betrokkene")), name="aanwezigheid_niet_namens_zichzelf"
            ),
        ]


class BijeenkomstFout(Exception):
    """A step the meeting's state does not allow; the message says why, for the facilitator."""


class RondeGesloten(BijeenkomstFout):
    pass


class EenRondeLoopt(BijeenkomstFout):
    pass


class NietIedereenGeantwoord(BijeenkomstFout):
    def __init__(self, betrokkenen):
        super().__init__(", ".join(b.voornaam for b in betrokkenen))
        self.betrokkenen = betrokkenen


class NietStemgerechtigd(BijeenkomstFout):
    pass


class AlGeantwoord(BijeenkomstFout):
    """A phone answered for someone who already has an answer: the facilitator corrects, not the phone."""

    def __init__(self, reactie):
        super().__init__(reactie.antwoord)
        self.reactie = reactie


class Gewijzigd(BijeenkomstFout):
    """Someone else recorded this answer since the form was opened: nothing is overwritten unseen."""

    def __init__(self, reactie):
        super().__init__(reactie.antwoord)
        self.reactie = reactie


class PlanVastgesteld(BijeenkomstFout):
    pass


class NietKlaarOmVastTeStellen(BijeenkomstFout):
    pass


def stemgerechtigden(bijeenkomst):
    """[(betrokkene, namens)] who answer in a round: those present, and those represented by someone present."""
    aanwezig = {}
    vertegenwoordigd = []
    for a in bijeenkomst.aanwezigheden.select_related("betrokkene", "vertegenwoordiger").filter(
        betrokkene__verwijderd_op__isnull=True
    ):
        if a.status == Aanwezigheid.Status.AANWEZIG:
            aanwezig[a.betrokkene_id] = a.betrokkene
        elif a.status == Aanwezigheid.Status.VERTEGENWOORDIGD:
            vertegenwoordigd.append(a)
    result = [(b, None) for b in aanwezig.values()]
    result += [(a.betrokkene, a.vertegenwoordiger) for a in vertegenwoordigd if a.vertegenwoordiger_id in aanwezig]
    return sorted(result, key=lambda paar: (paar[0].aangemaakt_op, paar[0].id))


class Voorstel(models.Model):
    """A proposal brought into the meeting; its text lives in versions, each round is on one version."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bijeenkomst = models.ForeignKey(Bijeenkomst, on_delete=models.CASCADE, related_name="voorstellen")
    nummer = models.PositiveIntegerField()
    titel = models.CharField(_("korte titel"), max_length=200)
    # Promoted from an idea gathered in the preparation.
    idee = models.ForeignKey(Inbreng, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    # The form's one-time token: a double submit finds this proposal instead of making a second.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["nummer"]
        constraints = [models.UniqueConstraint(fields=["bijeenkomst", "nummer"], name="voorstel_nummer_uniek")]

    def __str__(self):
        return self.titel

    @classmethod
    @transaction.atomic
    def indienen(cls, bijeenkomst, user, titel, tekst, idee=None, client_token=None, **details):
        """A new proposal with its first version."""
        Bijeenkomst.objects.select_for_update().filter(pk=bijeenkomst.pk).exists()
        nummer = (cls.objects.filter(bijeenkomst=bijeenkomst).aggregate(m=models.Max("nummer"))["m"] or 0) + 1
        voorstel = cls.objects.create(
            bijeenkomst=bijeenkomst, nummer=nummer, titel=titel, idee=idee, aangemaakt_door=user,
            client_token=client_token,
        )
        voorstel.nieuwe_versie(user, tekst, **details)
        return voorstel

    @transaction.atomic
    def nieuwe_versie(self, user, tekst, aanleiding="", wie=(), wanneer="", hoe_weten="", client_token=None):
        Voorstel.objects.select_for_update().filter(pk=self.pk).exists()
        nummer = (self.versies.aggregate(m=models.Max("nummer"))["m"] or 0) + 1
        versie = self.versies.create(
            nummer=nummer, tekst=tekst, aanleiding=aanleiding, wanneer=wanneer, hoe_weten=hoe_weten, door=user,
            client_token=client_token,
        )
        versie.wie.set(wie)
        self.bijeenkomst.tik()
        return versie

    def laatste_versie(self):
        return self.versies.order_by("-nummer").first()

    @transaction.atomic
    def open_ronde(self, user, stil=False):
        """A consent round on the newest version, for everyone who may answer now."""
        bijeenkomst = Bijeenkomst.objects.select_for_update().select_related("traject__organisatie").get(
            pk=self.bijeenkomst_id
        )
        if bijeenkomst.status != Bijeenkomst.Status.BEGONNEN:
            raise BijeenkomstFout(gettext("De bijeenkomst is niet bezig."))
        if self.ingetrokken_op is not None:
            raise BijeenkomstFout(gettext("Dit voorstel is ingetrokken."))
        if bijeenkomst.rondes.filter(gesloten_op__isnull=True).exists():
            raise EenRondeLoopt(gettext("Er loopt al een ronde. Sluit die eerst."))
        deelnemers = stemgerechtigden(bijeenkomst)
        if not deelnemers:
            raise BijeenkomstFout(gettext("Er is nog niemand aanwezig. Vul eerst de aanwezigheid in."))
        nummer = (self.rondes.aggregate(m=models.Max("nummer"))["m"] or 0) + 1
        ronde = ConsentRonde.objects.create(
            bijeenkomst=bijeenkomst,
            voorstel=self,
            versie=self.laatste_versie(),
            nummer=nummer,
            stil=stil,
            drempel=bijeenkomst.traject.organisatie.splitsingsdrempel,
            geopend_door=user,
        )
        Reactie.objects.bulk_create(
            [Reactie(ronde=ronde, betrokkene=b, namens=namens) for b, namens in deelnemers]
        )
        bijeenkomst.tik()
        return ronde

    def intrekken(self):
        """Withdraw a proposal that is not (yet) part of the plan."""
        if Afspraak.objects.filter(voorstel=self).exists():
            raise BijeenkomstFout(gettext("Dit voorstel staat al in het plan."))
        if self.rondes.filter(gesloten_op__isnull=True).exists():
            raise EenRondeLoopt(gettext("Er loopt nog een ronde over dit voorstel."))
        Voorstel.objects.filter(pk=self.pk).update(ingetrokken_op=timezone.now())
        self.bijeenkomst.tik()


class VoorstelVersie(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    voorstel = models.ForeignKey(Voorstel, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveIntegerField()
    tekst = models.TextField(_("het voorstel"), max_length=3000)
    # Why this version exists: what an objector said must be added, or a kader the plan did not meet.
    aanleiding = models.TextField(_("wat is er veranderd, en waarom?"), max_length=3000, blank=True)
    wie = models.ManyToManyField(Betrokkene, blank=True, related_name="+", verbose_name=_("wie doet het?"))
    wanneer = models.CharField(_("wanneer, of hoe vaak?"), max_length=300, blank=True)
    hoe_weten = models.CharField(_("hoe weten we dat het gebeurd is?"), max_length=500, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(default=timezone.now)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["voorstel", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["voorstel", "nummer"], name="voorstelversie_nummer_uniek"),
            models.CheckConstraint(condition=~Q(tekst=""), name="voorstelversie_heeft_tekst"),
        ]

    def __str__(self):
        return f"{self.voorstel} v{self.nummer}"


class Uitkomst(models.TextChoices):
    CONSENT = consent.CONSENT, _("Consent: niemand heeft bezwaar")
    GESPLITST = consent.GESPLITST, _("Geen consent: de kring is verdeeld")
    KLEINE_MINDERHEID = consent.KLEINE_MINDERHEID, _("Geen consent: een kleine groep heeft bezwaar")
    AFGEBROKEN = "afgebroken", _("Afgebroken")


class ConsentRonde(SnelleKeuzes, models.Model):
    """One consent round on one version of a proposal. Closed, it never changes: a correction is a new round."""

    Uitkomst = Uitkomst

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bijeenkomst = models.ForeignKey(Bijeenkomst, on_delete=models.CASCADE, related_name="rondes")
    voorstel = models.ForeignKey(Voorstel, on_delete=models.CASCADE, related_name="rondes")
    versie = models.ForeignKey(VoorstelVersie, on_delete=models.RESTRICT, related_name="rondes")
    nummer = models.PositiveIntegerField()
    # Answers noted silently first, then shown all at once, so nobody is swayed by who spoke first.
    stil = models.BooleanField(_("eerst stil noteren"), default=False)
    # The organisation's threshold when the round opened, so a later change does not rewrite the record.
    drempel = models.CharField(max_length=5, default=consent.STANDAARD_DREMPEL)
    geopend_op = models.DateTimeField(default=timezone.now)
    geopend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    onthuld_op = models.DateTimeField(null=True, blank=True)
    gesloten_op = models.DateTimeField(null=True, blank=True)
    gesloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True)

    class Meta:
        ordering = ["geopend_op", "id"]
        constraints = [
            models.UniqueConstraint(fields=["voorstel", "nummer"], name="ronde_nummer_uniek"),
            models.UniqueConstraint(
                fields=["bijeenkomst"], condition=Q(gesloten_op__isnull=True), name="een_open_ronde_per_bijeenkomst"
            ),
            models.CheckConstraint(
                condition=(Q(gesloten_op__isnull=True) & Q(uitkomst=""))
                | (Q(gesloten_op__isnull=False) & Q(uitkomst__in=Uitkomst.values)),
                name="ronde_gesloten_heeft_uitkomst",
            ),
        ]

    def __str__(self):
        return f"{self.voorstel} ronde {self.nummer}"

    @property
    def is_open(self):
        return self.gesloten_op is None

    @property
    def antwoorden_zichtbaar(self):
        """Silent answers stay hidden on every screen until revealed; a closed round is always revealed."""
        return not self.stil or self.onthuld_op is not None

    def _vergrendeld(self):
        """This round, locked for the rest of the transaction; refused when closed."""
        ronde = ConsentRonde.objects.select_for_update().get(pk=self.pk)
        if not ronde.is_open:
            raise RondeGesloten(gettext("Deze ronde is gesloten. Een correctie is een nieuwe ronde."))
        return ronde

    @transaction.atomic
    def reageer(self, betrokkene, antwoord, aandachtspunt="", reden="", wat_erbij="",
                bron="begeleider", door=None, verwacht_versie=None, alleen_als_leeg=False):
        """Record (or, while open, correct) one person's answer.

        verwacht_versie: the answer's version the form showed; someone else's answer in between is
        never overwritten unseen (Gewijzigd). alleen_als_leeg: a phone never overwrites an answer.
        """
        consent.controleer_reactie(antwoord, aandachtspunt, reden, wat_erbij)
        self._vergrendeld()
        bijgewerkt = Reactie.objects.filter(ronde=self, betrokkene=betrokkene)
        if verwacht_versie is not None:
            bijgewerkt = bijgewerkt.filter(versie=verwacht_versie)
        if alleen_als_leeg:
            bijgewerkt = bijgewerkt.filter(antwoord="")
        gedaan = bijgewerkt.update(
            antwoord=antwoord,
            aandachtspunt=aandachtspunt.strip() if antwoord == consent.ZORG else "",
            reden=reden.strip() if antwoord == consent.BEZWAAR else "",
            wat_erbij=wat_erbij.strip() if antwoord == consent.BEZWAAR else "",
            geen_antwoord_reden="",
            bron=bron,
            door=door,
            beantwoord_op=timezone.now(),
            versie=F("versie") + 1,
        )
        if not gedaan:
            bestaand = Reactie.objects.filter(ronde=self, betrokkene=betrokkene).first()
            if bestaand is None:
                raise NietStemgerechtigd(gettext("Deze persoon doet niet mee in deze ronde."))
            if alleen_als_leeg:
                raise AlGeantwoord(bestaand)
            raise Gewijzigd(bestaand)
        self.bijeenkomst.tik()
        return Reactie.objects.get(ronde=self, betrokkene=betrokkene)

    @transaction.atomic
    def wis(self, betrokkene):
        """Undo a mistaken answer while the round is open."""
        self._vergrendeld()
        Reactie.objects.filter(ronde=self, betrokkene=betrokkene).update(
            antwoord="", aandachtspunt="", reden="", wat_erbij="", bron="", door=None, beantwoord_op=None,
            versie=F("versie") + 1,
        )
        self.bijeenkomst.tik()

    @transaction.atomic
    def onthul(self):
        self._vergrendeld()
        ConsentRonde.objects.filter(pk=self.pk, onthuld_op__isnull=True).update(onthuld_op=timezone.now())
        self.refresh_from_db(fields=["onthuld_op"])
        self.bijeenkomst.tik()

    @transaction.atomic
    def sluiten(self, user, geen_antwoord=None):
        """Close when everyone answered or the facilitator recorded why not ({betrokkene_id: reden}).

        Consent when no bezwaar remains; its zorgen become the agreement's aandachtspunten.
        """
        ronde = self._vergrendeld()
        geen_antwoord = geen_antwoord or {}
        reacties = list(ronde.reacties.select_related("betrokkene"))
        ontbreekt = [r for r in reacties if not r.antwoord and geen_antwoord.get(r.betrokkene_id) not in
                     Reactie.GeenAntwoordReden.values]
        if ontbreekt:
            raise NietIedereenGeantwoord([r.betrokkene for r in ontbreekt])
        for r in reacties:
            if not r.antwoord:
                r.antwoord, r.geen_antwoord_reden = consent.GEEN_ANTWOORD, geen_antwoord[r.betrokkene_id]
                Reactie.objects.filter(pk=r.pk).update(
                    antwoord=r.antwoord, geen_antwoord_reden=r.geen_antwoord_reden, versie=F("versie") + 1
                )
        if not consent.Telling.van(r.antwoord for r in reacties).antwoorden:
            raise BijeenkomstFout(gettext("Niemand heeft geantwoord. Breek de ronde af als ze niet doorgaat."))
        return self._afsluiten(user, consent.uitkomst([r.antwoord for r in reacties], ronde.drempel))

    @transaction.atomic
    def afbreken(self, user):
        """Stop a round opened by mistake or overtaken by the conversation; it stays in the record."""
        self._vergrendeld()
        return self._afsluiten(user, Uitkomst.AFGEBROKEN)

    def _afsluiten(self, user, uitkomst):
        nu = timezone.now()
        ConsentRonde.objects.filter(pk=self.pk).update(
            gesloten_op=nu, gesloten_door=user, uitkomst=uitkomst, onthuld_op=Coalesce("onthuld_op", nu)
        )
        self.refresh_from_db(fields=["gesloten_op", "gesloten_door", "uitkomst", "onthuld_op"])
        if uitkomst == Uitkomst.CONSENT:
            Plan.voor(self.bijeenkomst).neem_op(self)
        self.bijeenkomst.tik()
        return uitkomst

    def bezwaren(self):
        return [r for r in self.reacties.all() if r.antwoord == consent.BEZWAAR]

    def zorgen(self):
        return [r for r in self.reacties.all() if r.antwoord == consent.ZORG]


class Reactie(SnelleKeuzes, models.Model):
    """One person's answer in one round: a row per eligible person from the start, empty until answered."""

    class Antwoord(models.TextChoices):
        GEEN_BEZWAAR = consent.GEEN_BEZWAAR, _("Geen bezwaar")
        ZORG = consent.ZORG, _("Zorg")
        BEZWAAR = consent.BEZWAAR, _("Bezwaar")
        GEEN_ANTWOORD = consent.GEEN_ANTWOORD, _("Geen antwoord")

    class GeenAntwoordReden(models.TextChoices):
        AFWEZIG = "afwezig", _("Was er niet")
        VERTROKKEN = "vertrokken", _("Is eerder weggegaan")
        WIL_NIET = "wil_niet", _("Wilde niet antwoorden")

    class Bron(models.TextChoices):
        BEGELEIDER = "begeleider", _("Genoteerd door de begeleider")
        TELEFOON = "telefoon", _("Op de eigen telefoon")

    ronde = models.ForeignKey(ConsentRonde, on_delete=models.CASCADE, related_name="reacties")
    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="+")
    # The representative who answered for someone who is not there.
    namens = models.ForeignKey(Betrokkene, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    antwoord = models.CharField(max_length=20, choices=Antwoord.choices, blank=True)
    aandachtspunt = models.TextField(_("laten we dan wel hierop letten"), max_length=1000, blank=True)
    reden = models.TextField(_("waarom?"), max_length=1000, blank=True)
    wat_erbij = models.TextField(_("wat moet erbij?"), max_length=1000, blank=True)
    geen_antwoord_reden = models.CharField(max_length=20, choices=GeenAntwoordReden.choices, blank=True)
    bron = models.CharField(max_length=20, choices=Bron.choices, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    # Bumped on every write: a form that saw an older answer cannot overwrite a newer one.
    versie = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["ronde", "betrokkene__aangemaakt_op", "betrokkene_id"]
        constraints = [
            models.UniqueConstraint(fields=["ronde", "betrokkene"], name="een_reactie_per_persoon_per_ronde"),
            models.CheckConstraint(
                condition=Q(antwoord="") | Q(antwoord__in=consent.ANTWOORDEN + (consent.GEEN_ANTWOORD,)),
                name="reactie_antwoord_bekend",
            ),
            models.CheckConstraint(
                condition=~Q(antwoord=consent.ZORG) | ~Q(aandachtspunt=""), name="zorg_heeft_aandachtspunt"
            ),
            models.CheckConstraint(
                condition=~Q(antwoord=consent.BEZWAAR) | (~Q(reden="") & ~Q(wat_erbij="")),
                name="bezwaar_heeft_reden_en_wat_erbij",
            ),
            models.CheckConstraint(
                condition=~Q(antwoord=consent.GEEN_ANTWOORD) | ~Q(geen_antwoord_reden=""),
                name="geen_antwoord_heeft_reden",
            ),
        ]

    def __str__(self):
        return f"{self.betrokkene}: {self.antwoord or '-'}"


class Telefoonkoppeling(models.Model):
    """A phone that joined through the QR code on the room's screen and answers for one person."""

    bijeenkomst = models.ForeignKey(Bijeenkomst, on_delete=models.CASCADE, related_name="koppelingen")
    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="+")
    # Only a hash: the token itself lives in the phone's cookie.
    token_hash = models.CharField(max_length=64, unique=True)
    gekoppeld_op = models.DateTimeField(default=timezone.now)
    losgekoppeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One phone per person: a second phone picking the same name is refused.
            models.UniqueConstraint(
                fields=["bijeenkomst", "betrokkene"], condition=Q(losgekoppeld_op__isnull=True),
                name="een_telefoon_per_persoon",
            )
        ]

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def koppel(cls, bijeenkomst, betrokkene):
        """(koppeling, token), or None when this person already has a phone in this meeting."""
        token = secrets.token_urlsafe(18)
        try:
            with transaction.atomic():
                koppeling = cls.objects.create(bijeenkomst=bijeenkomst, betrokkene=betrokkene, token_hash=cls.hash(token))
        except IntegrityError:
            return None
        return koppeling, token

    @classmethod
    def zoek(cls, bijeenkomst, token):
        if not token:
            return None
        return (
            cls.objects.select_related("betrokkene")
            .filter(bijeenkomst=bijeenkomst, token_hash=cls.hash(token), losgekoppeld_op__isnull=True)
            .first()
        )

    def loskoppelen(self):
        Telefoonkoppeling.objects.filter(pk=self.pk).update(losgekoppeld_op=timezone.now())


class Plan(SnelleKeuzes, models.Model):
    """What the meeting decided: the consented agreements, checked against the kaders, then vastgesteld."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("In de maak")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bijeenkomst = models.OneToOneField(Bijeenkomst, on_delete=models.CASCADE, related_name="plan")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="plannen")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    # 1 for the first plan of a traject, 2 for its first revision, ...; set at vaststelling.
    versie = models.PositiveIntegerField(null=True, blank=True)
    vastgesteld_op = models.DateTimeField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deelnemers = models.ManyToManyField(Betrokkene, blank=True, related_name="+")
    evaluatie_op = models.DateField(_("wanneer kijken we samen hoe het gaat?"), null=True, blank=True)
    wie_houdt_oog = models.CharField(_("wie houdt een oogje in het zeil?"), max_length=300, blank=True)
    als_niet_nagekomen = models.TextField(
        _("wat gebeurt er als een afspraak niet lukt?"), max_length=2000, blank=True
    )
    # Counts changes to the agreements: a kadertoets holds only for the plan as it was checked.
    stand = models.PositiveIntegerField(default=0)
    # Optimistic lock for the vervolgafspraken form.
    bewerkversie = models.PositiveIntegerField(default=1)
    # Frozen at vaststelling (planinhoud.py): what the PDF and the family's page show, and its hash and short code.
    inhoud = models.JSONField(null=True, blank=True, editable=False)
    inhoud_hash = models.CharField(max_length=64, blank=True, editable=False)
    code = models.CharField(max_length=9, blank=True, db_index=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["traject", "versie"], name="planversie_uniek"),
            models.CheckConstraint(
                condition=Q(status="concept") | (Q(versie__isnull=False) & Q(vastgesteld_op__isnull=False)),
                name="plan_vastgesteld_heeft_versie",
            ),
        ]

    def __str__(self):
        return f"Plan {self.traject} v{self.versie or '-'}"

    @property
    def is_vastgesteld(self):
        return self.status == self.Status.VASTGESTELD

    @classmethod
    def voor(cls, bijeenkomst):
        """The meeting's plan, created on first use (also when two requests ask at once)."""
        # Not the frozen snapshot: pages about the live plan never read it, and a large one is hundreds of kB.
        plan = cls.objects.filter(bijeenkomst=bijeenkomst).defer("inhoud").first()
        if plan is None:
            try:
                with transaction.atomic():
                    plan = cls.objects.create(bijeenkomst=bijeenkomst, traject_id=bijeenkomst.traject_id)
            except IntegrityError:
                plan = cls.objects.get(bijeenkomst=bijeenkomst)
        plan.bijeenkomst = bijeenkomst
        return plan

    def _niet_vastgesteld(self):
        if Plan.objects.filter(pk=self.pk, status=self.Status.VASTGESTELD).exists():
            raise PlanVastgesteld(gettext("Het plan is vastgesteld en verandert niet meer."))

    def gewijzigd(self):
        Plan.objects.filter(pk=self.pk).update(stand=F("stand") + 1)
        self.refresh_from_db(fields=["stand"])
        self.bijeenkomst.tik()

    @transaction.atomic
    def neem_op(self, ronde):
        """A consented version becomes (or replaces) its proposal's agreement, with the round's zorgen attached."""
        self._niet_vastgesteld()
        versie = ronde.versie
        afspraak, _nieuw = Afspraak.objects.update_or_create(
            voorstel_id=ronde.voorstel_id,
            defaults={
                "plan": self, "versie": versie, "ronde": ronde, "wat": versie.tekst,
                "wanneer": versie.wanneer, "hoe_weten": versie.hoe_weten,
            },
        )
        afspraak.wie.set(versie.wie.all())
        self.gewijzigd()
        return afspraak

    def toets_status(self, toets=None, kaders=None):
        """(status, toets, afgekeurd): 'geen', 'verouderd' (the plan or the kaders changed since), 'voldoet_niet', 'voldoet'."""
        if toets is None:
            toets = self.toetsen.order_by("-op", "-id").prefetch_related("oordelen__kader").first()
        if toets is None:
            return "geen", None, []
        oordelen = list(toets.oordelen.all())
        if kaders is None:
            kaders = list(Kader.objects.geldig().filter(kaderset__traject_id=self.traject_id))
        if toets.plan_stand != self.stand or {k.pk for k in kaders} - {o.kader_id for o in oordelen}:
            return "verouderd", toets, []
        afgekeurd = [o for o in oordelen if not o.voldoet]
        return ("voldoet_niet" if afgekeurd else "voldoet"), toets, afgekeurd

    @transaction.atomic
    def kaders_toetsen(self, user, oordelen):
        """The kadersteller's check of the plan as it is now: [(kader, voldoet, toelichting)] for every kader."""
        self._niet_vastgesteld()
        plan = Plan.objects.select_for_update().get(pk=self.pk)
        kaders = {k.pk for k in Kader.objects.geldig().filter(kaderset__traject_id=self.traject_id)}
        if {k.pk for k, _v, _t in oordelen} != kaders:
            raise BijeenkomstFout(gettext("Geef bij elk kader aan of het plan eraan voldoet."))
        for _k, voldoet, toelichting in oordelen:
            if not voldoet and not toelichting.strip():
                raise BijeenkomstFout(gettext("Schrijf bij 'voldoet niet' waarom."))
        toets = Kadertoets.objects.create(plan=plan, plan_stand=plan.stand, door=user)
        KaderOordeel.objects.bulk_create(
            [KaderOordeel(toets=toets, kader=k, voldoet=v, toelichting=t.strip()) for k, v, t in oordelen]
        )
        self.bijeenkomst.tik()
        return toets

    @transaction.atomic
    def vaststellen(self, user):
        """The method's last gate: only a plan with agreements that meets every kader becomes final."""
        plan = Plan.objects.select_for_update().get(pk=self.pk)
        plan._niet_vastgesteld()
        if not plan.afspraken.exists():
            raise NietKlaarOmVastTeStellen(gettext("Er staat nog geen afspraak in het plan."))
        if ConsentRonde.objects.filter(bijeenkomst_id=plan.bijeenkomst_id, gesloten_op__isnull=True).exists():
            raise NietKlaarOmVastTeStellen(gettext("Er loopt nog een consentronde. Sluit die eerst, of breek haar af."))
        status, _toets, _afgekeurd = plan.toets_status()
        if status != "voldoet":
            raise NietKlaarOmVastTeStellen(
                gettext("De kadersteller moet eerst bevestigen dat het plan aan alle kaders voldoet.")
            )
        versie = (Plan.objects.filter(traject_id=self.traject_id).aggregate(m=models.Max("versie"))["m"] or 0) + 1
        nu = timezone.now()
        Plan.objects.filter(pk=self.pk).update(
            status=self.Status.VASTGESTELD, versie=versie, vastgesteld_op=nu, vastgesteld_door=user
        )
        self.deelnemers.set([b for b, _namens in stemgerechtigden(self.bijeenkomst)])
        self.refresh_from_db()
        self.bevries()
        Bijeenkomst.objects.filter(pk=self.bijeenkomst_id).update(
            status=Bijeenkomst.Status.AFGEROND, afgerond_op=nu, stand=F("stand") + 1
        )

    def bevries(self):
        """Store what the vastgesteld plan holds, with the hash and the short code printed on it."""
        self.inhoud = planinhoud.inhoud(self)
        self.inhoud_hash = planinhoud.hash_van(self.inhoud)
        self.code = planinhoud.code_van(self.inhoud_hash)
        Plan.objects.filter(pk=self.pk).update(inhoud=self.inhoud, inhoud_hash=self.inhoud_hash, code=self.code)

    @property
    def is_ongeschonden(self):
        """The stored content still gives the stored hash: nothing was changed behind the app's back."""
        return self.inhoud is not None and planinhoud.hash_van(self.inhoud) == self.inhoud_hash


class PlanPdf(models.Model):
    """A vastgesteld plan's rendered PDF, kept so that a download does not render it again (about a second per plan).

    `sleutel` is the SHA-256 of the HTML and stylesheet it was made from: a changed template, stylesheet or
    footer address gives another key, and the next download renders and replaces it.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="opgeslagen_pdf")
    sleutel = models.CharField(max_length=64)
    pdf = models.BinaryField()
    gemaakt_op = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"PDF van {self.plan}"


class Afspraak(models.Model):
    """An agreement in the plan: a consented proposal made concrete (wat, wie, wanneer, hoe weten we het)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="afspraken")
    voorstel = models.OneToOneField(Voorstel, on_delete=models.CASCADE, related_name="afspraak")
    versie = models.ForeignKey(VoorstelVersie, on_delete=models.RESTRICT, related_name="+")
    # The consenting round: its zorgen are this agreement's aandachtspunten.
    ronde = models.ForeignKey(ConsentRonde, on_delete=models.RESTRICT, related_name="+")
    wat = models.TextField(_("wat"), max_length=3000)
    wie = models.ManyToManyField(Betrokkene, blank=True, related_name="afspraken", verbose_name=_("wie"))
    wanneer = models.CharField(_("wanneer, of hoe vaak?"), max_length=300, blank=True)
    hoe_weten = models.CharField(_("hoe weten we dat het gebeurd is?"), max_length=500, blank=True)

    class Meta:
        ordering = ["voorstel__nummer"]

    def __str__(self):
        return self.wat[:60]

    def aandachtspunten(self):
        """The zorgen of the consenting round (prefetch ronde__reacties to keep this query-free)."""
        return [r for r in self.ronde.reacties.all() if r.antwoord == consent.ZORG]

    @transaction.atomic
    def maak_concreet(self, wie, wanneer, hoe_weten):
        """Fill in who, when and how we will know, in the presentatie; the kaders are checked on the result."""
        self.plan._niet_vastgesteld()
        Afspraak.objects.filter(pk=self.pk).update(wanneer=wanneer, hoe_weten=hoe_weten)
        self.wanneer, self.hoe_weten = wanneer, hoe_weten
        self.wie.set(wie)
        self.plan.gewijzigd()


class Kadertoets(models.Model):
    """The kadersteller's check of the plan against every kader, as the plan stood at that moment."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="toetsen")
    plan_stand = models.PositiveIntegerField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["op", "id"]


class KaderOordeel(models.Model):
    toets = models.ForeignKey(Kadertoets, on_delete=models.CASCADE, related_name="oordelen")
    kader = models.ForeignKey(Kader, on_delete=models.CASCADE, related_name="+")
    voldoet = models.BooleanField()
    toelichting = models.TextField(_("toelichting"), max_length=1000, blank=True)

    class Meta:
        ordering = ["kader__aangemaakt_op", "kader_id"]
        constraints = [
            models.UniqueConstraint(fields=["toets", "kader"], name="een_oordeel_per_kader"),
            # "Voldoet niet" goes back to the circle: they must be able to read why.
            models.CheckConstraint(condition=Q(voldoet=True) | ~Q(toelichting=""), name="voldoet_niet_heeft_toelichting"),
        ]
