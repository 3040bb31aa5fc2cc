"""The room's screen ("de flap") and the facilitator's switch for answering on phones.

The flap polls one number, Bijeenkomst.stand, every second: unchanged is a 204 after one query (a signed
ticket in the poll's URL stands in for the session), changed is the new fragment, served through the session. No in-process state, so it works across any number
of app processes.
"""

from functools import lru_cache, wraps

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kwesties.models import Betrokkene
from nieuwe_route import polls

from . import consent
from .access import get_bijeenkomst_for_user, get_stand_for_kaart, get_stand_for_user, schermkaart
from .models import (
    Bijeenkomst,
    ConsentRonde,
    Deel,
    Plan,
    Reactie,
    Telefoonkoppeling,
)

# A closed round's outcome in plain words, and what happens next.
UITKOMST = {
    consent.CONSENT: (
        gettext_lazy("Consent: niemand heeft bezwaar."),
        gettext_lazy("Het voorstel staat nu in het plan. Zorgen worden aandachtspunten in het plan."),
    ),
    consent.GESPLITST: (
        gettext_lazy("Geen consent: de kring is verdeeld."),
        gettext_lazy("Eerst praten we samen verder over de inhoud. Daarna komt er een nieuwe ronde."),
    ),
    consent.KLEINE_MINDERHEID: (
        gettext_lazy("Geen consent: een kleine groep heeft bezwaar."),
        gettext_lazy(
            "We vragen wie bezwaar heeft: wat is er nodig om mee te kunnen gaan? "
            "Dan passen we het voorstel aan en komt er een nieuwe ronde."
        ),
    ),
    ConsentRonde.Uitkomst.AFGEBROKEN: (
        gettext_lazy("Deze ronde is gestopt."),
        gettext_lazy("Er is niets besloten. Er kan later een nieuwe ronde komen."),
    ),
}


def _vers(response):
    """A screen must never show a cached state."""
    add_never_cache_headers(response)
    return response


def _login_voor_scherm(view):
    """login_required, but a poll without a session asks htmx to go to the login page instead of swapping it in."""

    @wraps(view)
    def wrapper(request, traject, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, traject, *args, **kwargs)
        pagina = reverse("besluitvorming:flap", args=[traject])
        if request.htmx:
            response = HttpResponse()
            response["HX-Redirect"] = redirect_to_login(pagina)["Location"]
            return _vers(response)
        return redirect_to_login(request.get_full_path())

    return wrapper


def _qr(url):
    return mark_safe(_qr_svg(url, _("QR-code om mee te doen op je eigen telefoon")))


# Encoding a QR code takes longer than the rest of the flap's fragment, and a meeting's code stays the same while
# its screen re-renders after every answer. The SVG is a pure function of the address and the title.
@lru_cache(maxsize=256)
def _qr_svg(url, titel):
    svg = segno.make(url, error="m").svg_inline(scale=4, title=titel, dark="#000", omitsize=True, svgclass="flap-qr")
    # segno writes only path data and the title, which it escapes.
    return svg.replace("<svg ", '<svg role="img" ', 1)


WIE = Prefetch("wie", queryset=Betrokkene.objects.only("id", "voornaam"))


def _ronde(bijeenkomst):
    """(voorstel, versie, ronde): the open round's, else the most recent proposal with its last round."""
    ronde = (
        bijeenkomst.rondes.filter(gesloten_op__isnull=True)
        .select_related("voorstel", "versie")
        .prefetch_related(Prefetch("versie__wie", queryset=WIE.queryset))
        .first()
    )
    if ronde is not None:
        return ronde.voorstel, ronde.versie, ronde
    laatste = ConsentRonde.objects.filter(voorstel=OuterRef("pk")).order_by("-nummer").values("pk")[:1]
    voorstel = (
        bijeenkomst.voorstellen.filter(ingetrokken_op__isnull=True)
        .annotate(laatste_ronde_id=Subquery(laatste))
        .order_by("-nummer")
        .first()
    )
    if voorstel is None:
        return None, None, None
    versie = voorstel.versies.order_by("-nummer").prefetch_related(WIE).first()
    ronde = None
    if voorstel.laatste_ronde_id is not None:
        ronde = ConsentRonde.objects.select_related("versie").get(pk=voorstel.laatste_ronde_id)
    return voorstel, versie, ronde


def _deelnemers(ronde):
    """Who answers in the round and whether they did; what they answered only once the room may see it."""
    zichtbaar = ronde.antwoorden_zichtbaar
    deelnemers, zorgen, bezwaren = [], [], []
    reacties = ronde.reacties.select_related("betrokkene", "namens").only(
        "antwoord", "aandachtspunt", "reden", "wat_erbij", "geen_antwoord_reden", "ronde_id",
        "betrokkene__voornaam", "betrokkene__aangemaakt_op", "namens__voornaam",
    )
    for r in reacties:
        naam = r.betrokkene.voornaam
        deelnemers.append({
            "naam": naam,
            "namens": r.namens.voornaam if r.namens else "",
            "beantwoord": bool(r.antwoord),
            "antwoord": r.antwoord if zichtbaar else "",
            "antwoord_tekst": r.get_antwoord_display() if zichtbaar and r.antwoord else "",
            "geen_antwoord_reden": r.get_geen_antwoord_reden_display() if zichtbaar else "",
        })
        if zichtbaar and r.antwoord == consent.ZORG:
            zorgen.append({"naam": naam, "aandachtspunt": r.aandachtspunt})
        if zichtbaar and r.antwoord == consent.BEZWAAR:
            bezwaren.append({"naam": naam, "reden": r.reden, "wat_erbij": r.wat_erbij})
    telling = consent.Telling.van(d["antwoord"] for d in deelnemers) if zichtbaar else None
    return {
        "deelnemers": deelnemers,
        "aantal_beantwoord": sum(d["beantwoord"] for d in deelnemers),
        "zichtbaar": zichtbaar,
        "zorgen": zorgen,
        "bezwaren": bezwaren,
        "telling": telling,
        "uitkomst": UITKOMST.get(ronde.uitkomst) if not ronde.is_open else None,
    }


def _plan(bijeenkomst):
    plan = Plan.objects.filter(bijeenkomst=bijeenkomst).defer("inhoud").first()
    if plan is None:
        return {"plan": None, "afspraken": [], "toets_status": "geen", "afgekeurd": []}
    plan.bijeenkomst = bijeenkomst
    # The consenting round comes with its agreement; of its answers only the zorgen are shown.
    zorgen = Reactie.objects.filter(antwoord=consent.ZORG).select_related("betrokkene").only(
        "antwoord", "aandachtspunt", "ronde_id", "betrokkene__voornaam", "betrokkene__aangemaakt_op"
    )
    afspraken = list(
        plan.afspraken.select_related("ronde").prefetch_related(WIE, Prefetch("ronde__reacties", queryset=zorgen))
    )
    status, _toets, afgekeurd = plan.toets_status()
    return {"plan": plan, "afspraken": afspraken, "toets_status": status, "afgekeurd": afgekeurd}


def _context(request, bijeenkomst):
    """Everything the flap shows, in a fixed number of queries whatever the size of the kring or the plan."""
    traject = bijeenkomst.traject
    voorstel, versie, ronde = _ronde(bijeenkomst)
    delen = [
        {"waarde": waarde, "titel": titel, "punten": punten, "nu": waarde == bijeenkomst.huidig_deel}
        for waarde, (titel, punten) in zip(Deel.values, bijeenkomst.agenda(), strict=True)
    ]
    context = {
        "traject": traject,
        "kwestie": traject.kwestie,
        "bijeenkomst": bijeenkomst,
        "delen": delen,
        "deel_nu": next(d for d in delen if d["nu"]),
        "voorstel": voorstel,
        "versie": versie,
        "wie": [b.voornaam for b in versie.wie.all()] if versie else [],
        "ronde": ronde,
        "kaart": schermkaart(request, traject),
        # The flap is the room's screen: the facilitator's own messages stay for their own tab.
        "messages": (),
        **(_deelnemers(ronde) if ronde else {}),
        **_plan(bijeenkomst),
    }
    if bijeenkomst.telefoons and bijeenkomst.meedoen_code and bijeenkomst.status == Bijeenkomst.Status.BEGONNEN:
        url = request.build_absolute_uri(reverse("link:meedoen", args=[bijeenkomst.meedoen_code]))
        context["meedoen_url"] = url
        context["qr"] = _qr(url)
    return context


@login_required
def flap(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _vers(render(request, "besluitvorming/flap.html", _context(request, bijeenkomst)))


def flap_stand(request, traject):
    # Nothing changed, said from one query and a signed ticket, without the session: every screen asks each second.
    rij = get_stand_for_kaart(request.GET.get("kaart", ""), traject)
    if rij is not None and request.GET.get("sinds") == str(rij[1]):
        return _vers(HttpResponse(status=204))
    return _flap_stand(request, traject)


@_login_voor_scherm
def _flap_stand(request, traject):
    try:
        # Unless its ticket already said "changed" before Django (nieuwe_route.polls): first the one-query check.
        if not request.META.get(polls.GEZIEN):
            _uuid, stand = get_stand_for_user(request, traject)
            if request.GET.get("sinds") == str(stand):
                return _vers(HttpResponse(status=204))
        bijeenkomst = get_bijeenkomst_for_user(request, traject)
    except Http404:
        if not request.htmx:
            raise
        # Access was lost (or never there): reload, so the screen shows the refusal instead of old content.
        return _vers(HttpResponse(status=404, headers={"HX-Refresh": "true"}))
    return _vers(render(request, "besluitvorming/flap.html#stand", _context(request, bijeenkomst)))


@transaction.atomic
@login_required
@require_POST
def telefoons(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    aan = request.POST.get("aan")
    if aan not in ("0", "1"):
        messages.error(request, _("Kies of antwoorden op de telefoon aan of uit moet."))
    elif aan == "1" and not bijeenkomst.is_begonnen:
        messages.error(
            request, _("De bijeenkomst is nog niet begonnen. Zet antwoorden op de telefoon aan als ze begint.")
        )
    elif aan == "1" and bijeenkomst.is_afgerond:
        messages.error(request, _("De bijeenkomst is afgerond."))
    elif not bijeenkomst.zet_telefoons(aan == "1"):
        if aan == "1":
            messages.info(request, _("Antwoorden op de telefoon stond al aan."))
        else:
            messages.info(request, _("Antwoorden op de telefoon stond al uit."))
    elif aan == "1":
        messages.success(
            request,
            _("Deelnemers kunnen nu op hun eigen telefoon antwoorden. "
              "De code om mee te doen staat op het scherm in de zaal."),
        )
    else:
        messages.success(request, _("Antwoorden op de telefoon staat uit. Alle telefoons zijn losgekoppeld."))
    return redirect("besluitvorming:console", traject)


@login_required
@require_POST
def loskoppelen(request, traject, betrokkene):
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    betrokkene = get_object_or_404(bijeenkomst.traject.betrokkenen.all(), uuid=betrokkene)
    koppelingen = Telefoonkoppeling.objects.filter(
        bijeenkomst=bijeenkomst, betrokkene=betrokkene, losgekoppeld_op__isnull=True
    )
    if koppelingen.update(losgekoppeld_op=timezone.now()):
        bijeenkomst.tik()
        messages.success(
            request,
            _("De telefoon van %(naam)s is losgekoppeld. %(naam)s kan opnieuw meedoen met de code op het scherm.")
            % {"naam": betrokkene.voornaam},
        )
    else:
        messages.info(request, _("%(naam)s had geen telefoon gekoppeld.") % {"naam": betrokkene.voornaam})
    return redirect("besluitvorming:console", bijeenkomst.traject.uuid)
