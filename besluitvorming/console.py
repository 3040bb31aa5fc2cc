"""The facilitator's console on the meeting day: presence, the three parts, proposals and consent rounds.

Every action is a plain form post with a redirect back to the console; the recording panel of a round
also answers htmx with a fragment, so noting answers is fast and a half-typed text is never wiped.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget

from kaders.models import Kader
from kwesties.models import Betrokkene
from nieuwe_route.forms import already_created
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

from . import consent
from .access import get_bijeenkomst_for_user, get_reactie_for_user, get_ronde_for_user, get_voorstel_for_user
from .console_forms import AanwezigheidForm, ReactieForm, VersieForm, VoorstelForm, is_uuid
from .models import (
    Aanwezigheid,
    Afspraak,
    BijeenkomstFout,
    ConsentRonde,
    Deel,
    Gewijzigd,
    NietIedereenGeantwoord,
    Plan,
    Reactie,
    RondeGesloten,
    Voorstel,
    VoorstelVersie,
)
from .views import _opsomming

PANEEL = "besluitvorming/ronde_paneel.html"


def _console_url(traject, anker=""):
    url = reverse("besluitvorming:console", args=[traject.uuid])
    return f"{url}#{anker}" if anker else url


def _naar_console(traject, anker=""):
    return redirect(_console_url(traject, anker))


def _kring(traject):
    return traject.betrokkenen.in_kring()


def _afgerond(request, bijeenkomst):
    """A finished meeting's plan is vastgesteld: the console changes nothing more; the plan shows the decision."""
    if not bijeenkomst.is_afgerond:
        return None
    messages.info(request, _("Deze bijeenkomst is afgerond; het plan is vastgesteld."))
    return redirect("besluitvorming:plan", bijeenkomst.traject.uuid)


# The recording panel of a round


class Rij:
    """One person in a round as the panel shows it: their answer, and the forms to record or correct it.

    The zorg and bezwaar forms are made when the template first reads them: a poll's fragment shows only the
    answers, and making two forms for every person in the kring cost more than the rest of it.
    """

    def __init__(self, ronde, reactie, fout=None):
        self.ronde = ronde
        self.reactie = reactie
        self.versie = reactie.versie
        self.open = None
        self.melding = ""
        self.genoteerd = False
        if fout is not None:
            self.melding = fout.get("melding", "")
            self.genoteerd = fout.get("genoteerd", False)
            form = fout.get("form")
            if form is not None:
                self.versie = fout.get("versie", reactie.versie)
                soort = form.data.get("antwoord")
                if soort in (consent.ZORG, consent.BEZWAAR):
                    # The form as sent, with its errors, instead of an empty one.
                    self.__dict__[soort] = form
                    self.open = soort
                    # The cursor goes where the missing text belongs.
                    veld = next((n for n in ("aandachtspunt", "reden", "wat_erbij") if n in form.errors), None)
                    if veld:
                        form.fields[veld].widget.attrs["autofocus"] = True
                # Errors the panel has no field for (a forged answer) are said beside the name.
                verborgen = [str(e) for naam in ("antwoord", "versie") for e in form.errors.get(naam, [])]
                if verborgen and not self.melding:
                    self.melding = " ".join(verborgen)

    # Recorded texts go back into the forms only where they may be seen.
    @cached_property
    def zorg(self):
        zichtbaar = self.ronde.antwoorden_zichtbaar
        return ReactieForm(
            auto_id=f"zorg-{self.reactie.betrokkene.uuid}-%s",
            initial={"aandachtspunt": self.reactie.aandachtspunt if zichtbaar else ""},
        )

    @cached_property
    def bezwaar(self):
        zichtbaar, r = self.ronde.antwoorden_zichtbaar, self.reactie
        return ReactieForm(
            auto_id=f"bezwaar-{r.betrokkene.uuid}-%s",
            initial={"reden": r.reden if zichtbaar else "", "wat_erbij": r.wat_erbij if zichtbaar else ""},
        )

    @property
    def betrokkene(self):
        return self.reactie.betrokkene


def _reacties(ronde):
    return list(ronde.reacties.select_related("betrokkene", "namens"))


def _paneel(ronde, reacties, fout_voor=None, fout=None, alleen=None, **extra):
    """Everything the panel of one round shows, from one list of its answers; `alleen`: only that answer's row."""
    rijen = [Rij(ronde, r, fout if r.pk == fout_voor else None) for r in reacties if alleen is None or r.pk == alleen]
    beantwoord = [r for r in reacties if r.antwoord]
    return {
        "ronde": ronde,
        "reacties": reacties,
        "rijen": rijen,
        "aantal_beantwoord": len(beantwoord),
        "nog_niet": [r for r in reacties if not r.antwoord],
        "zorgen": [r for r in reacties if r.antwoord == consent.ZORG],
        "bezwaren": [r for r in reacties if r.antwoord == consent.BEZWAAR],
        "stand": ronde.bijeenkomst.stand,
        "ronde_loopt": ronde.is_open,
        "geen_antwoord_redenen": Reactie.GeenAntwoordReden.choices,
        **extra,
    }


def _antwoord_tekst(reactie, zichtbaar):
    """What is now recorded for someone, for the 'meanwhile' notice; hidden in a silent round not yet revealed."""
    if not reactie.antwoord:
        return _("Intussen is het antwoord gewist. Kies opnieuw.")
    if not zichtbaar:
        return _("Intussen is er al een antwoord genoteerd; het blijft verborgen tot iedereen klaar is. "
                 "Kies opnieuw als het niet klopt.")
    tekst = reactie.get_antwoord_display()
    toelichting = reactie.aandachtspunt or " / ".join(t for t in (reactie.reden, reactie.wat_erbij) if t)
    if toelichting:
        tekst = f"{tekst} ({toelichting})"
    return _("Intussen is er een ander antwoord genoteerd: %(antwoord)s. Kies opnieuw als het niet klopt.") % {
        "antwoord": tekst
    }


def _kop(request):
    """The panel's heading level: it heads the round's own page, and sits under a section elsewhere."""
    return "h2" if "/rondes/" in (request.htmx.current_url or "") else "h3"


def _ververs(bijeenkomst):
    # The fragment carries the screens' counter for its next poll: read it after our own change.
    bijeenkomst.refresh_from_db(fields=["stand"])


def _rij_antwoord(request, ronde, betrokkene, fout=None, melding=""):
    """htmx: the one person's row, plus the answered-count and a spoken notice, swapped in place."""
    _ververs(ronde.bijeenkomst)
    reacties = _reacties(ronde)
    reactie = next(r for r in reacties if r.betrokkene_id == betrokkene.pk)
    context = _paneel(ronde, reacties, fout_voor=reactie.pk, fout=fout or {}, alleen=reactie.pk,
                      traject=ronde.bijeenkomst.traject, melding=melding)
    context["rij"] = context["rijen"][0]
    return render(request, f"{PANEEL}#antwoord", context)


def _paneel_antwoord(request, ronde, melding="", **extra):
    """htmx: the whole panel (after a reveal, a close or a refused change)."""
    _ververs(ronde.bijeenkomst)
    ronde.refresh_from_db(fields=["gesloten_op", "uitkomst", "onthuld_op"])
    context = _paneel(ronde, _reacties(ronde), traject=ronde.bijeenkomst.traject, melding=melding,
                      kop=_kop(request), **extra)
    response = render(request, PANEEL, context)
    return reswap(retarget(response, "#ronde"), "outerHTML")


# The console


def _voorstellen(bijeenkomst):
    """The meeting's proposals, each with its latest version, its open round and its last closed round.

    Only those: a proposal that went through many versions and rounds costs no more than one that did not,
    and the queries stay fixed whatever their number. "Alle versies en rondes" has the rest.
    """
    # A proposal of this meeting with an agreement is in this meeting's plan: no query on the plan needed.
    in_plan = Exists(Afspraak.objects.filter(voorstel=OuterRef("pk")))
    rondes = ConsentRonde.objects.filter(voorstel=OuterRef("pk")).order_by("-nummer").values("pk")
    voorstellen = list(
        bijeenkomst.voorstellen.annotate(
            in_plan=in_plan,
            laatste_versie_id=Subquery(
                VoorstelVersie.objects.filter(voorstel=OuterRef("pk")).order_by("-nummer").values("pk")[:1]
            ),
            open_ronde_id=Subquery(rondes.filter(gesloten_op__isnull=True)[:1]),
            gesloten_ronde_id=Subquery(rondes.filter(gesloten_op__isnull=False)[:1]),
        )
    )
    versies = VoorstelVersie.objects.filter(pk__in=[v.laatste_versie_id for v in voorstellen]).prefetch_related(
        Prefetch("wie", queryset=Betrokkene.objects.only("id", "voornaam"))
    )
    versies = {x.pk: x for x in versies}
    ronde_ids = [i for v in voorstellen for i in (v.open_ronde_id, v.gesloten_ronde_id) if i]
    rondes = {r.pk: r for r in ConsentRonde.objects.filter(pk__in=ronde_ids).select_related("versie")}
    for v in voorstellen:
        v.bijeenkomst = bijeenkomst
        v.laatste = versies.get(v.laatste_versie_id)
        v.lopende_ronde = rondes.get(v.open_ronde_id)
        v.laatste_uitslag = rondes.get(v.gesloten_ronde_id)
        for r in (v.lopende_ronde, v.laatste_uitslag):
            if r is not None:
                r.voorstel, r.bijeenkomst = v, bijeenkomst
    return voorstellen


def _console(bijeenkomst):
    traject = bijeenkomst.traject
    kring = list(_kring(traject))
    aanwezig = {a.betrokkene_id: a for a in bijeenkomst.aanwezigheden.select_related("vertegenwoordiger")}
    met_telefoon = set(
        bijeenkomst.koppelingen.filter(losgekoppeld_op__isnull=True).values_list("betrokkene_id", flat=True)
    )
    kaderset = traject.kaderset
    kaders = list(Kader.objects.geldig().filter(kaderset=kaderset))
    # Only the shared notes are loaded: the private ones never reach this page.
    gesprekken = list(
        Gesprek.objects.actief()
        .filter(traject=traject)
        .exclude(notities_gedeeld="")
        .only("id", "datum", "notities_gedeeld", "aangemaakt_op")
        .prefetch_related(Prefetch("deelnemers", queryset=Betrokkene.objects.only("id", "voornaam")))
    )
    inbreng = list(Inbreng.objects.actief().filter(traject=traject).select_related("betrokkene"))
    verzoeken = list(
        InformatieVerzoek.objects.filter(traject=traject, beantwoord_op__isnull=False).order_by("beantwoord_op")
    )
    alle_voorstellen = _voorstellen(bijeenkomst)
    voorstellen = [v for v in alle_voorstellen if v.ingetrokken_op is None]
    gepromoveerd = {v.idee_id for v in voorstellen if v.idee_id}
    ideeen = [i for i in inbreng if i.soort == Inbreng.Soort.IDEE and i.id not in gepromoveerd]

    open_ronde = next((v.lopende_ronde for v in voorstellen if v.lopende_ronde), None)
    laatste = open_ronde
    if laatste is None:
        gesloten = [v.laatste_uitslag for v in alle_voorstellen if v.laatste_uitslag]
        laatste = max(gesloten, key=lambda r: (r.gesloten_op, r.pk), default=None)
    paneel = _paneel(laatste, _reacties(laatste)) if laatste else {}

    plan = Plan.voor(bijeenkomst)
    # The status needs only the verdicts' kader ids: the kaders themselves are loaded above.
    toets = plan.toetsen.order_by("-op", "-id").prefetch_related("oordelen").first()
    toets_status = plan.toets_status(toets=toets, kaders=kaders)[0] if toets else "geen"

    return {
        "personen": [(b, aanwezig.get(b.id), b.id in met_telefoon) for b in kring],
        "aantal_er": sum(1 for a in aanwezig.values() if a.status == Aanwezigheid.Status.AANWEZIG),
        "aantal_namens": sum(1 for a in aanwezig.values() if a.status == Aanwezigheid.Status.VERTEGENWOORDIGD),
        "delen": Deel.choices,
        "kaderset": kaderset,
        "kaders": kaders,
        "gesprekken": gesprekken,
        "gedeelde_inbreng": [i for i in inbreng if i.delen],
        "verzoeken": verzoeken,
        "ideeen": ideeen,
        "voorstellen": voorstellen,
        "open_ronde": open_ronde,
        # The round's panel: the open round, or else the last closed one with what the method asks next.
        **paneel,
        "plan": plan,
        "aantal_afspraken": sum(1 for v in alle_voorstellen if v.in_plan),
        "toets_status": toets_status,
    }


@login_required
def console(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    if klaar := _afgerond(request, bijeenkomst):
        return klaar
    context = {"traject": bijeenkomst.traject, "bijeenkomst": bijeenkomst}
    if bijeenkomst.is_begonnen:
        context.update(_console(bijeenkomst))
    return render(request, "besluitvorming/console.html", context)


@login_required
def aanwezigheid(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    if klaar := _afgerond(request, bijeenkomst):
        return klaar
    traject = bijeenkomst.traject
    kring = list(_kring(traject).select_related("vertegenwoordigd_door"))
    bestaand = {a.betrokkene_id: a for a in bijeenkomst.aanwezigheden.select_related("vertegenwoordiger")}
    form = AanwezigheidForm(request.POST if request.method == "POST" else None, kring=kring, bestaand=bestaand)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for betrokkene, status, vertegenwoordiger in form.uitkomst():
                Aanwezigheid.objects.update_or_create(
                    bijeenkomst=bijeenkomst, betrokkene=betrokkene,
                    defaults={"status": status, "vertegenwoordiger": vertegenwoordiger},
                )
        bijeenkomst.tik()
        messages.success(request, _("De aanwezigheid is opgeslagen."))
        if bijeenkomst.open_ronde():
            messages.info(
                request,
                _("In de ronde die nu loopt, doen dezelfde mensen mee als bij het begin. "
                  "Een nieuwe ronde gaat uit van wie er nu is."),
            )
        return _naar_console(traject, "aanwezigheid")
    context = {"traject": traject, "bijeenkomst": bijeenkomst, "form": form}
    return render(request, "besluitvorming/aanwezigheid.html", context)


@login_required
@require_POST
def deel(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    if klaar := _afgerond(request, bijeenkomst):
        return klaar
    gekozen = request.POST.get("deel", "")
    if gekozen not in Deel.values:
        messages.error(request, _("Kies een van de drie delen van de bijeenkomst."))
    else:
        bijeenkomst.ga_naar_deel(gekozen)
        messages.success(request, _("De zaal is nu bij: %(deel)s.") % {"deel": Deel(gekozen).label})
    return _naar_console(bijeenkomst.traject, "delen")


# Proposals


def _idee(traject, waarde):
    """An idea of this traject's preparation, or None for anything else (another traject, garbage)."""
    if not waarde or not is_uuid(waarde):
        return None
    return Inbreng.objects.ideeen().filter(traject=traject, uuid=waarde).select_related("betrokkene").first()


@login_required
def voorstel_nieuw(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    if klaar := _afgerond(request, bijeenkomst):
        return klaar
    traject = bijeenkomst.traject
    bron = request.POST if request.method == "POST" else request.GET
    idee = _idee(traject, bron.get("idee"))
    initial = {}
    if idee is not None:
        initial = {"titel": Truncator(idee.tekst).chars(60), "tekst": idee.tekst}
    form = VoorstelForm(request.POST if request.method == "POST" else None, kring=_kring(traject), initial=initial)
    if request.method == "POST":
        eerder = already_created(Voorstel, form, bijeenkomst=bijeenkomst)
        if eerder is None and form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    voorstel = Voorstel.indienen(
                        bijeenkomst, request.user, d["titel"], d["tekst"], idee=idee,
                        client_token=d["client_token"], wie=d["wie"], wanneer=d["wanneer"], hoe_weten=d["hoe_weten"],
                    )
            except IntegrityError:
                # The same form was sent twice at once: the other request made the proposal.
                eerder = already_created(Voorstel, form, bijeenkomst=bijeenkomst)
                if eerder is None:
                    raise
            else:
                messages.success(request, _("Het voorstel ‘%(titel)s’ staat klaar.") % {"titel": voorstel.titel})
                return _naar_console(traject, f"voorstel-{voorstel.uuid}")
        if eerder is not None:
            return _naar_console(traject, f"voorstel-{eerder.uuid}")
    context = {"traject": traject, "bijeenkomst": bijeenkomst, "form": form, "idee": idee, "nieuw": True}
    return render(request, "besluitvorming/voorstel_form.html", context)


@login_required
def voorstel(request, traject, voorstel):
    voorstel = get_voorstel_for_user(request, traject, voorstel, schrijven=True)
    bijeenkomst = voorstel.bijeenkomst
    versies = list(
        voorstel.versies.order_by("-nummer").prefetch_related(
            Prefetch("wie", queryset=Betrokkene.objects.only("id", "voornaam")),
            Prefetch(
                "rondes",
                queryset=ConsentRonde.objects.order_by("nummer").prefetch_related(
                    Prefetch("reacties", queryset=Reactie.objects.select_related("betrokkene", "namens"))
                ),
            ),
        )
    )
    ronde_loopt = bijeenkomst.rondes.filter(gesloten_op__isnull=True).exists()
    for versie in versies:
        versie.voorstel = voorstel
        versie.lijst = []
        for r in versie.rondes.all():
            r.voorstel, r.versie, r.bijeenkomst = voorstel, versie, bijeenkomst
            versie.lijst.append(_paneel(r, list(r.reacties.all()), ronde_loopt=ronde_loopt))
    context = {
        "traject": bijeenkomst.traject,
        "bijeenkomst": bijeenkomst,
        "voorstel": voorstel,
        "versies": versies,
        "ronde_loopt": ronde_loopt,
        "in_plan": hasattr(voorstel, "afspraak"),
    }
    return render(request, "besluitvorming/voorstel.html", context)


def _aanleiding(voorstel, plan):
    """Why a new version is needed, as the method says: what objectors need, or a kader the plan did not meet."""
    laatste = (
        voorstel.rondes.filter(gesloten_op__isnull=False)
        .exclude(uitkomst=ConsentRonde.Uitkomst.AFGEBROKEN)
        .order_by("-nummer")
        .first()
    )
    if laatste is not None and laatste.uitkomst == ConsentRonde.Uitkomst.KLEINE_MINDERHEID:
        regels = [_("Wat heb je nodig, wat moet erbij, om mee te gaan?")]
        for r in laatste.reacties.filter(antwoord=consent.BEZWAAR).select_related("betrokkene"):
            regels.append(f"- {r.betrokkene.voornaam}: {r.wat_erbij}")
        return "\n".join(regels)
    status, _toets, afgekeurd = plan.toets_status()
    if status == "voldoet_niet":
        regels = [_("Het plan voldoet nog niet aan deze kaders:")]
        for oordeel in afgekeurd:
            regels.append(f"- {oordeel.kader.tekst}: {oordeel.toelichting}")
        return "\n".join(regels)
    return ""


@login_required
def voorstel_versie(request, traject, voorstel):
    voorstel = get_voorstel_for_user(request, traject, voorstel, schrijven=True)
    if klaar := _afgerond(request, voorstel.bijeenkomst):
        return klaar
    bijeenkomst = voorstel.bijeenkomst
    traject = bijeenkomst.traject
    if voorstel.ingetrokken_op is not None:
        messages.error(request, _("Dit voorstel is ingetrokken."))
        return _naar_console(traject, "voorstellen")
    laatste = voorstel.laatste_versie()
    initial = {
        "tekst": laatste.tekst,
        "aanleiding": _aanleiding(voorstel, Plan.voor(bijeenkomst)),
        "wie": [b.uuid for b in laatste.wie.all()],
        "wanneer": laatste.wanneer,
        "hoe_weten": laatste.hoe_weten,
    }
    form = VersieForm(request.POST if request.method == "POST" else None, kring=_kring(traject), initial=initial)
    if request.method == "POST":
        eerder = already_created(VoorstelVersie, form, voorstel=voorstel)
        if eerder is None and form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    versie = voorstel.nieuwe_versie(
                        request.user, d["tekst"], aanleiding=d["aanleiding"], wie=d["wie"], wanneer=d["wanneer"],
                        hoe_weten=d["hoe_weten"], client_token=d["client_token"],
                    )
            except IntegrityError:
                eerder = already_created(VoorstelVersie, form, voorstel=voorstel)
                if eerder is None:
                    raise
            else:
                messages.success(
                    request,
                    _("Versie %(nummer)d van ‘%(titel)s’ staat klaar. Start een nieuwe ronde als de kring zover is.")
                    % {"nummer": versie.nummer, "titel": voorstel.titel},
                )
                return _naar_console(traject, f"voorstel-{voorstel.uuid}")
        if eerder is not None:
            return _naar_console(traject, f"voorstel-{voorstel.uuid}")
    context = {
        "traject": traject, "bijeenkomst": bijeenkomst, "voorstel": voorstel, "laatste": laatste, "form": form,
        "nieuw": False,
    }
    return render(request, "besluitvorming/voorstel_form.html", context)


@login_required
@require_POST
def voorstel_intrekken(request, traject, voorstel):
    voorstel = get_voorstel_for_user(request, traject, voorstel, schrijven=True)
    if klaar := _afgerond(request, voorstel.bijeenkomst):
        return klaar
    if voorstel.ingetrokken_op is not None:
        messages.info(request, _("Dit voorstel was al ingetrokken."))
    else:
        try:
            voorstel.intrekken()
        except BijeenkomstFout as fout:
            messages.error(request, str(fout))
            return redirect("besluitvorming:voorstel", voorstel.bijeenkomst.traject.uuid, voorstel.uuid)
        messages.success(request, _("Het voorstel ‘%(titel)s’ is ingetrokken.") % {"titel": voorstel.titel})
    return _naar_console(voorstel.bijeenkomst.traject, "voorstellen")


# Consent rounds


@login_required
@require_POST
def ronde_openen(request, traject, voorstel):
    voorstel = get_voorstel_for_user(request, traject, voorstel, schrijven=True)
    if klaar := _afgerond(request, voorstel.bijeenkomst):
        return klaar
    try:
        voorstel.open_ronde(request.user, stil=bool(request.POST.get("stil")))
    except BijeenkomstFout as fout:
        messages.error(request, str(fout))
        return _naar_console(voorstel.bijeenkomst.traject, f"voorstel-{voorstel.uuid}")
    messages.success(request, _("De consentronde over ‘%(titel)s’ is begonnen.") % {"titel": voorstel.titel})
    return _naar_console(voorstel.bijeenkomst.traject, "ronde")


@login_required
def ronde(request, traject, ronde):
    ronde = get_ronde_for_user(request, traject, ronde, schrijven=True)
    bijeenkomst = ronde.bijeenkomst
    if request.htmx and "stand" in request.GET:
        # The poll: nothing changed is an empty answer, so htmx swaps nothing (nieuwe_route.polls says the same
        # before Django when the poll carries its ticket).
        if request.GET["stand"] == str(bijeenkomst.stand):
            response = HttpResponse(status=204)
            add_never_cache_headers(response)
            return response
        if not ronde.is_open:
            return HttpResponseClientRefresh()
        return render(request, f"{PANEEL}#peiling", _paneel(ronde, _reacties(ronde), traject=bijeenkomst.traject))
    context = _paneel(ronde, _reacties(ronde), traject=bijeenkomst.traject, kop="h2", subkop="h3")
    if request.htmx:
        return render(request, PANEEL, context)
    context["bijeenkomst"] = bijeenkomst
    return render(request, "besluitvorming/ronde.html", context)


def _gesloten(request, ronde):
    melding = _("Deze ronde is gesloten. Een correctie is een nieuwe ronde.")
    if request.htmx:
        return _paneel_antwoord(request, ronde, melding=melding)
    messages.error(request, melding)
    return _naar_console(ronde.bijeenkomst.traject, "ronde")


def _fout_pagina(request, ronde, betrokkene, fout):
    """Without JavaScript: the round's own page, with this person's typed text and the error beside it."""
    reacties = _reacties(ronde)
    reactie = next(r for r in reacties if r.betrokkene_id == betrokkene.pk)
    context = _paneel(ronde, reacties, fout_voor=reactie.pk, fout=fout, traject=ronde.bijeenkomst.traject,
                      kop="h2", subkop="h3", bijeenkomst=ronde.bijeenkomst)
    return render(request, "besluitvorming/ronde.html", context)


@login_required
@require_POST
def reactie(request, traject, ronde, betrokkene):
    reactie = get_reactie_for_user(request, traject, ronde, betrokkene)
    ronde, betrokkene = reactie.ronde, reactie.betrokkene
    if not ronde.is_open:
        return _gesloten(request, ronde)
    soort = request.POST.get("antwoord")
    auto_id = f"{soort}-{betrokkene.uuid}-%s" if soort in (consent.ZORG, consent.BEZWAAR) else "id_%s"
    form = ReactieForm(request.POST, auto_id=auto_id)
    if not form.is_valid():
        fout = {"form": form}
        if form.cleaned_data.get("versie") is not None:
            fout["versie"] = form.cleaned_data["versie"]
        if request.htmx:
            return _rij_antwoord(request, ronde, betrokkene, fout=fout)
        return _fout_pagina(request, ronde, betrokkene, fout)
    d = form.cleaned_data
    try:
        ronde.reageer(
            betrokkene, d["antwoord"], aandachtspunt=d["aandachtspunt"], reden=d["reden"], wat_erbij=d["wat_erbij"],
            bron=Reactie.Bron.BEGELEIDER, door=request.user, verwacht_versie=d["versie"],
        )
    except RondeGesloten:
        return _gesloten(request, ronde)
    except Gewijzigd as fout:
        # Show what is recorded now and keep what was typed; the next choice is made knowingly.
        melding = _antwoord_tekst(fout.reactie, ronde.antwoorden_zichtbaar)
        fout = {"form": form, "melding": melding}
        if request.htmx:
            return _rij_antwoord(request, ronde, betrokkene, fout=fout)
        return _fout_pagina(request, ronde, betrokkene, fout)
    except consent.OngeldigeReactie:
        fout = {"form": form, "melding": _("Vul in wat bij dit antwoord hoort.")}
        if request.htmx:
            return _rij_antwoord(request, ronde, betrokkene, fout=fout)
        return _fout_pagina(request, ronde, betrokkene, fout)
    if ronde.antwoorden_zichtbaar:
        melding = _("Genoteerd voor %(naam)s: %(antwoord)s.") % {
            "naam": betrokkene.voornaam, "antwoord": Reactie.Antwoord(d["antwoord"]).label.lower()
        }
    else:
        melding = _("Het antwoord van %(naam)s is genoteerd.") % {"naam": betrokkene.voornaam}
    if request.htmx:
        return _rij_antwoord(request, ronde, betrokkene, fout={"genoteerd": True}, melding=melding)
    messages.success(request, melding)
    return _naar_console(ronde.bijeenkomst.traject, f"rij-{betrokkene.uuid}")


@login_required
@require_POST
def reactie_wissen(request, traject, ronde, betrokkene):
    reactie = get_reactie_for_user(request, traject, ronde, betrokkene)
    ronde, betrokkene = reactie.ronde, reactie.betrokkene
    try:
        ronde.wis(betrokkene)
    except RondeGesloten:
        return _gesloten(request, ronde)
    melding = _("Het antwoord van %(naam)s is gewist.") % {"naam": betrokkene.voornaam}
    if request.htmx:
        return _rij_antwoord(request, ronde, betrokkene, melding=melding)
    messages.success(request, melding)
    return _naar_console(ronde.bijeenkomst.traject, f"rij-{betrokkene.uuid}")


def _na_ronde(request, ronde, melding, niveau=messages.SUCCESS):
    if request.htmx:
        return _paneel_antwoord(request, ronde, melding=melding)
    messages.add_message(request, niveau, melding)
    return _naar_console(ronde.bijeenkomst.traject, "ronde")


@login_required
@require_POST
def ronde_onthullen(request, traject, ronde):
    ronde = get_ronde_for_user(request, traject, ronde, schrijven=True)
    if not ronde.is_open:
        return _gesloten(request, ronde)
    if not ronde.stil:
        return _na_ronde(request, ronde, _("In deze ronde ziet iedereen de antwoorden al."), messages.INFO)
    if ronde.onthuld_op is not None:
        return _na_ronde(request, ronde, _("De antwoorden waren al te zien."), messages.INFO)
    try:
        ronde.onthul()
    except RondeGesloten:
        return _gesloten(request, ronde)
    return _na_ronde(request, ronde, _("Alle antwoorden zijn nu te zien."))


UITKOMST_MELDING = {
    ConsentRonde.Uitkomst.CONSENT: _("Consent: niemand heeft bezwaar. Het voorstel staat in het plan."),
    ConsentRonde.Uitkomst.GESPLITST: _(
        "Geen consent: de kring is verdeeld. Voer eerst het gesprek, start daarna een nieuwe ronde."
    ),
    ConsentRonde.Uitkomst.KLEINE_MINDERHEID: _(
        "Geen consent: een kleine groep heeft bezwaar. Vraag wat erbij moet en maak een nieuwe versie."
    ),
}


@login_required
@require_POST
def ronde_sluiten(request, traject, ronde):
    ronde = get_ronde_for_user(request, traject, ronde, schrijven=True)
    if not ronde.is_open:
        return _gesloten(request, ronde)
    geen_antwoord = {}
    for r in ronde.reacties.filter(antwoord="").select_related("betrokkene"):
        reden = request.POST.get(f"reden_{r.betrokkene.uuid}", "")
        if reden in Reactie.GeenAntwoordReden.values:
            geen_antwoord[r.betrokkene_id] = reden
    try:
        uitkomst = ronde.sluiten(request.user, geen_antwoord=geen_antwoord)
    except RondeGesloten:
        return _gesloten(request, ronde)
    except NietIedereenGeantwoord as fout:
        melding = _(
            "De ronde is nog open. Nog geen antwoord van %(namen)s. Noteer hun antwoord, "
            "of kies bij hun naam waarom er geen antwoord komt."
        ) % {"namen": _opsomming(b.voornaam for b in fout.betrokkenen)}
        return _na_ronde(request, ronde, melding, messages.ERROR)
    except BijeenkomstFout as fout:
        return _na_ronde(request, ronde, str(fout), messages.ERROR)
    return _na_ronde(request, ronde, str(UITKOMST_MELDING[uitkomst]))


@login_required
@require_POST
def ronde_afbreken(request, traject, ronde):
    ronde = get_ronde_for_user(request, traject, ronde, schrijven=True)
    if not ronde.is_open:
        return _gesloten(request, ronde)
    try:
        ronde.afbreken(request.user)
    except RondeGesloten:
        return _gesloten(request, ronde)
    return _na_ronde(request, ronde, _("De ronde is afgebroken. Ze blijft bewaard in het verslag."))
