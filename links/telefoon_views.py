"""Answering a consent round on your own phone: through your personal link, or by joining with the QR code on the flap.

Both ways end on the same page and the same rules: a phone only fills in an empty answer (never
overwrites one), only while the facilitator has phones switched on and a round is open. Everything
works without JavaScript; with it, the waiting page polls the meeting's stand and shows a new round by itself.
"""

import re
from datetime import timedelta

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from besluitvorming.consent import OngeldigeReactie
from besluitvorming.models import (
    AlGeantwoord,
    Bijeenkomst,
    BijeenkomstFout,
    ConsentRonde,
    RondeGesloten,
    Telefoonkoppeling,
    stemgerechtigden,
)
from nieuwe_route import polls
from nieuwe_route.toegang import noteer_toegang

from .access import (
    TE_VAAK,
    telefoonstand,
    client_ip,
    get_link_for_token,
    get_telefoonstand_for_koppeling,
    get_telefoonstand_for_token,
    noteer_gebruik,
)
from .models import LinkGebruik, LinkPoging
from .public_views import _geweigerd, _prive
from .telefoon_forms import AntwoordForm

COOKIE = "nr_telefoon"
COOKIE_GELDIG = timedelta(hours=12)
# The shape of Bijeenkomst.meedoen_code (secrets.token_urlsafe); anything else is not even looked up.
CODE = re.compile(r"[A-Za-z0-9_-]{8,64}")


def _opnieuw_laden():
    """For a poll that can no longer be answered: htmx reloads the page, which then says why."""
    return _prive(HttpResponse(headers={"HX-Refresh": "true"}))


def _open_ronde(bijeenkomst):
    """The round a phone may answer now, or None."""
    if bijeenkomst is None or bijeenkomst.status != Bijeenkomst.Status.BEGONNEN or not bijeenkomst.telefoons:
        return None
    ronde = bijeenkomst.open_ronde()
    if ronde is not None:
        ronde.bijeenkomst = bijeenkomst
    return ronde


def open_ronde_voor(traject):
    """The round a phone on a personal link may answer now, or None: as _open_ronde of the traject's running
    meeting (a traject has one meeting that is not finished), in one query."""
    ronde = (
        ConsentRonde.objects.filter(
            bijeenkomst__traject=traject, bijeenkomst__status=Bijeenkomst.Status.BEGONNEN,
            bijeenkomst__telefoons=True, gesloten_op__isnull=True,
        )
        .select_related("bijeenkomst", "versie__voorstel")
        .first()
    )
    if ronde is not None:
        ronde.bijeenkomst.traject = traject
    return ronde


def _form_id(betrokkene):
    # One form per person this phone answers for: each needs its own ids.
    return f"a-{betrokkene.uuid}-%s"


def _reacties(ronde, persoon):
    """The answers this person gives in the round: their own first, then for whoever they speak for."""
    if ronde is None:
        return []
    return sorted(
        ronde.reacties.filter(Q(betrokkene=persoon) | Q(namens=persoon)).select_related("betrokkene"),
        key=lambda r: (r.betrokkene_id != persoon.pk, r.betrokkene.aangemaakt_op, r.betrokkene_id),
    )


def _vragen(ronde, persoon, gebonden=None, reacties=None):
    """One entry per answer, with an empty form while it is not given (or the invalid one just sent)."""
    vragen = []
    for r in _reacties(ronde, persoon) if reacties is None else reacties:
        form = None
        if not r.antwoord:
            if gebonden is not None and gebonden[0].pk == r.pk:
                form = gebonden[1]
            else:
                form = AntwoordForm(auto_id=_form_id(r.betrokkene))
        vragen.append({"reactie": r, "zelf": r.betrokkene_id == persoon.pk, "form": form})
    return vragen


def _verwerk(request, ronde, persoon, pagina_url, noteer):
    """A POSTed answer: a redirect when done (or refused), else (reactie, invalid form) to show again."""
    if ronde is None or request.POST.get("ronde") != str(ronde.uuid):
        messages.warning(request, _("Deze vraag is al gesloten. Je antwoord is niet genoteerd."))
        return redirect(pagina_url)
    reactie = next((r for r in _reacties(ronde, persoon) if str(r.betrokkene.uuid) == request.POST.get("voor")), None)
    if reactie is None:
        messages.error(request, _("Er ging iets mis. Kies je antwoord nog een keer."))
        return redirect(pagina_url)
    betrokkene = reactie.betrokkene
    zelf = betrokkene.pk == persoon.pk
    form = AntwoordForm(request.POST, auto_id=_form_id(betrokkene))
    if not form.is_valid():
        return reactie, form
    try:
        ronde.reageer(betrokkene, **form.reactie(), bron="telefoon", door=None, alleen_als_leeg=True)
    except OngeldigeReactie as fout:
        form.add_error(fout.args[0] if fout.args and fout.args[0] in form.fields else None, _("Vul dit in."))
        return reactie, form
    except AlGeantwoord:
        if zelf:
            messages.info(request, _("Je antwoord staat al genoteerd. Klopt het niet? Zeg het tegen de begeleider."))
        else:
            messages.info(
                request,
                _("Het antwoord voor %(naam)s staat al genoteerd. Klopt het niet? Zeg het tegen de begeleider.")
                % {"naam": betrokkene.voornaam},
            )
    except RondeGesloten:
        messages.warning(request, _("Deze vraag is al gesloten. Je antwoord is niet genoteerd."))
    except BijeenkomstFout:
        messages.warning(request, _("Je antwoord kon niet worden genoteerd. Zeg het tegen de begeleider."))
    else:
        if noteer:
            noteer(LinkGebruik.Actie.INGESTUURD, f"antwoord ronde {ronde.nummer}")
        if zelf:
            messages.success(request, _("Dank je wel, je antwoord is genoteerd."))
        else:
            messages.success(
                request, _("Dank je wel, het antwoord voor %(naam)s is genoteerd.") % {"naam": betrokkene.voornaam}
            )
    return redirect(pagina_url)


def _stand(ronde, reacties):
    """The telefoonstand of this page (see links.access.telefoonstand): its round and this person's answers in it."""
    if ronde is None:
        return telefoonstand(None, False, 0)
    return telefoonstand(ronde.pk, ronde.antwoorden_zichtbaar, sum(r.versie for r in reacties))


def _beantwoorden(request, ronde, persoon, pagina_url, terug_url=None, noteer=None):
    """The answer page, shared by the personal link and the QR code; `noteer(actie, detail)` logs a use.

    `ronde`: the round this person may answer now on a phone, or None.
    """
    poll = request.htmx and request.method == "GET" and "sinds" in request.GET
    reacties = None
    if request.method != "POST":
        reacties = _reacties(ronde, persoon)
        if poll and request.GET["sinds"] == _stand(ronde, reacties):
            return _prive(HttpResponse(status=204))
    gebonden = None
    if request.method == "POST":
        uitkomst = _verwerk(request, ronde, persoon, pagina_url, noteer)
        if isinstance(uitkomst, HttpResponse):
            return _prive(uitkomst)
        gebonden = uitkomst
    vragen = _vragen(ronde, persoon, gebonden, reacties)
    if noteer and not poll:
        # The link's log (for the facilitator) notes the page opened; what its polls show next is in the access log.
        noteer(LinkGebruik.Actie.BEKEKEN, f"antwoord ronde {ronde.nummer}" if vragen else "antwoord: geen vraag")
    context = {
        "persoon": persoon,
        "ronde": ronde if vragen else None,
        "vragen": vragen,
        # Only a page without an open form polls: nobody loses what they are typing.
        "wacht": not any(v["form"] for v in vragen),
        "stand": _stand(ronde, [v["reactie"] for v in vragen]),
        "pagina_url": pagina_url,
        "terug_url": terug_url,
    }
    template = "links/antwoord.html#vraag" if poll else "links/antwoord.html"
    return _prive(render(request, template, context))


@require_http_methods(["GET", "POST"])
def antwoord(request, token):
    # A poll already found changed before Django (nieuwe_route.polls) is not asked again.
    if request.htmx and request.method == "GET" and "sinds" in request.GET and not request.META.get(polls.GEZIEN):
        if request.GET["sinds"] == get_telefoonstand_for_token(token):
            return _prive(HttpResponse(status=204))
    link, reden = get_link_for_token(request, token)
    if link is None:
        if request.htmx:
            return _opnieuw_laden()
        return _geweigerd(request, reden, token)
    persoon = link.betrokkene
    return _beantwoorden(
        request, open_ronde_voor(persoon.traject), persoon,
        pagina_url=reverse("link:antwoord", args=[token]),
        terug_url=reverse("link:pagina", args=[token]),
        noteer=lambda actie, detail: noteer_gebruik(link, actie, detail),
    )


def _bijeenkomst_voor_code(request, code):
    """(bijeenkomst, None) for a code that opens the meeting now, else (None, refusal page); guessing is slowed down."""
    ip = client_ip(request)
    if LinkPoging.te_veel(ip):
        return None, (_opnieuw_laden() if request.htmx else _geweigerd(request, TE_VAAK, code))
    bijeenkomst = None
    if CODE.fullmatch(code):
        bijeenkomst = (
            Bijeenkomst.objects.select_related("traject")
            .filter(status=Bijeenkomst.Status.BEGONNEN, telefoons=True, meedoen_code=code)
            .first()
        )
    if bijeenkomst is None:
        # A poll whose code stopped working (phones switched off) reloads once instead of counting every second.
        if request.htmx:
            return None, _opnieuw_laden()
        LinkPoging.noteer(ip)
        return None, _prive(render(request, "links/meedoen_onbekend.html", status=404))
    # For the access log: a phone in the room, whose name is not known yet.
    noteer_toegang(request, traject=bijeenkomst.traject, telefoon=True)
    return bijeenkomst, None


def _koppeling(request, bijeenkomst):
    token = request.COOKIES.get(COOKIE, "")
    if not token.isascii() or len(token) > 100:
        return None
    koppeling = Telefoonkoppeling.zoek(bijeenkomst, token)
    if koppeling is None or koppeling.betrokkene.verwijderd_op is not None:
        return None
    noteer_toegang(request, betrokkene=koppeling.betrokkene)
    return koppeling


@require_http_methods(["GET", "POST"])
def meedoen(request, code):
    bijeenkomst, geweigerd = _bijeenkomst_voor_code(request, code)
    if geweigerd:
        return geweigerd
    antwoord_url = reverse("link:meedoen_antwoord", args=[code])
    if _koppeling(request, bijeenkomst) is not None:
        return _prive(redirect(antwoord_url))
    bezet = set(
        Telefoonkoppeling.objects.filter(bijeenkomst=bijeenkomst, losgekoppeld_op__isnull=True).values_list(
            "betrokkene_id", flat=True
        )
    )
    # Only who is in the room: whoever speaks for someone else answers for them on their own phone.
    aanwezig = [b for b, namens in stemgerechtigden(bijeenkomst) if namens is None]
    fout = ""
    if request.method == "POST":
        gekozen = next((b for b in aanwezig if str(b.uuid) == request.POST.get("wie")), None)
        if gekozen is None:
            fout = _("Kies je naam uit de lijst.")
        else:
            gekoppeld = Telefoonkoppeling.koppel(bijeenkomst, gekozen)
            if gekoppeld is None:
                fout = _("Deze naam is al gekozen op een andere telefoon. Vraag het aan de begeleider.")
                bezet.add(gekozen.pk)
            else:
                noteer_toegang(request, betrokkene=gekozen)
                bijeenkomst.tik()
                response = redirect(antwoord_url)
                response.set_cookie(
                    COOKIE, gekoppeld[1], max_age=int(COOKIE_GELDIG.total_seconds()),
                    path=reverse("link:meedoen", args=[code]), secure=request.is_secure(), httponly=True,
                    samesite="Lax",
                )
                return _prive(response)
    context = {"keuzes": [b for b in aanwezig if b.pk not in bezet], "fout": fout, "code": code}
    return _prive(render(request, "links/meedoen.html", context, status=200))


@require_http_methods(["GET", "POST"])
def meedoen_antwoord(request, code):
    if request.htmx and request.method == "GET" and "sinds" in request.GET and not request.META.get(polls.GEZIEN):
        if request.GET["sinds"] == get_telefoonstand_for_koppeling(code, request.COOKIES.get(COOKIE, "")):
            return _prive(HttpResponse(status=204))
    bijeenkomst, geweigerd = _bijeenkomst_voor_code(request, code)
    if geweigerd:
        return geweigerd
    koppeling = _koppeling(request, bijeenkomst)
    meedoen_url = reverse("link:meedoen", args=[code])
    if koppeling is None:
        if request.htmx:
            return _prive(HttpResponse(headers={"HX-Redirect": meedoen_url}))
        return _prive(redirect(meedoen_url))
    return _beantwoorden(
        request, _open_ronde(bijeenkomst), koppeling.betrokkene, pagina_url=reverse("link:meedoen_antwoord", args=[code])
    )
