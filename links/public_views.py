"""The page a personal link opens, for someone in the kring without an account.

Plain language (B1), mobile first, no JavaScript needed. The token in the URL is the only key:
every use is logged, and a wrong, revoked or expired token shows nothing of the traject.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from besluitvorming.ics import bestandsnaam, bijeenkomst_ics
from besluitvorming.models import Bijeenkomst
from kaders.models import KaderSet
from kwesties.models import TrajectRol
from nieuwe_route.forms import already_created
from voorbereiding.models import Inbreng

from .access import NIET_MEER, ONBEKEND, TE_VAAK, get_link_for_token, noteer_gebruik
from .forms import InbrengForm
from .models import LinkGebruik


def lopende_bijeenkomst(traject):
    """The meeting being prepared or held, or None; read-only, so an anonymous page never creates one."""
    bijeenkomst = Bijeenkomst.objects.filter(traject=traject).exclude(status=Bijeenkomst.Status.AFGEROND).first()
    if bijeenkomst is not None:
        bijeenkomst.traject = traject
    return bijeenkomst


def _prive(response):
    """Nothing of a token page may be cached, indexed, or leak the token to another site."""
    add_never_cache_headers(response)
    # same-origin: another site never learns the token; our own forms keep a real Origin for the CSRF check.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _pagina_url(token):
    return reverse("link:pagina", args=[token])


WEIGERING = {
    TE_VAAK: (429, "links/geweigerd_te_vaak.html"),
    ONBEKEND: (404, "links/geweigerd_onbekend.html"),
    NIET_MEER: (410, "links/geweigerd_niet_meer.html"),
}


def _geweigerd(request, reden, token):
    status, template = WEIGERING[reden]
    return _prive(render(request, template, status=status))


def _bewaar(form, link):
    """Save what was sent, once: True when it is saved (now or by an earlier submit), False when the form is invalid."""
    traject = link.betrokkene.traject
    if already_created(Inbreng, form, traject=traject, betrokkene=link.betrokkene):
        return True
    if not form.is_valid():
        return False
    try:
        with transaction.atomic():
            inbreng = form.save()
            noteer_gebruik(link, LinkGebruik.Actie.INGESTUURD, inbreng.soort)
    except IntegrityError:
        # The same form was sent twice at once: the other request saved it.
        if already_created(Inbreng, form, traject=traject, betrokkene=link.betrokkene) is None:
            raise
    return True


@require_http_methods(["GET", "POST"])
def pagina(request, token):
    # plan_views builds on this module, so it is imported here rather than at the top.
    from .plan_views import plan_pagina, vastgestelde_plannen

    link, reden = get_link_for_token(request, token)
    if link is None:
        return _geweigerd(request, reden, token)
    # Once a plan is vastgesteld, the link opens on it; the page before the meeting is no longer shown.
    plannen = vastgestelde_plannen(link.betrokkene.traject)
    if plannen and request.method == "GET":
        return plan_pagina(request, link, token, plannen)
    form = InbrengForm(request.POST if request.method == "POST" else None, betrokkene=link.betrokkene)
    if request.method == "POST" and _bewaar(form, link):
        if plannen:
            # Sent from a page loaded before the plan was vastgesteld: kept, and the plan page follows.
            messages.success(request, _("Dank je wel! We hebben je bericht ontvangen. Je begeleider leest het."))
            return _prive(redirect(_pagina_url(token)))
        messages.success(request, _("Dank je wel! We hebben je bericht ontvangen. Je ziet het hieronder."))
        return _prive(redirect(_pagina_url(token) + "#eerder"))
    context = _pagina_context(link, form, token)
    noteer_gebruik(link, LinkGebruik.Actie.BEKEKEN, ", ".join(context["gezien"]))
    return _prive(render(request, "links/pagina.html", context))


def _pagina_context(link, form, token):
    betrokkene = link.betrokkene
    traject = betrokkene.traject
    kwestie = traject.kwestie
    kaderset = KaderSet.objects.filter(traject=traject).first()
    kaders_klaar = kaderset is not None and kaderset.is_vastgesteld
    kaders = list(kaderset.kaders.geldig()) if kaders_klaar else []
    bijeenkomst = lopende_bijeenkomst(traject)
    # Someone the facilitator hid for safety is seen by nobody else, but does see themself.
    kring = list(traject.betrokkenen.in_kring().filter(Q(verborgen_voor_anderen=False) | Q(pk=betrokkene.pk)))
    eigen = list(
        Inbreng.objects.actief().filter(betrokkene=betrokkene, bron=Inbreng.Bron.LINK).order_by("-aangemaakt_op", "-id")
    )
    anderen = list(
        Inbreng.objects.actief()
        .filter(traject=traject, delen=True, betrokkene__verwijderd_op__isnull=True)
        .exclude(betrokkene=betrokkene)
        .select_related("betrokkene")
        .order_by("-aangemaakt_op", "-id")
    )
    for inbreng in anderen:
        # A hidden person's name would give them away: their words come without it.
        inbreng.van = _("Iemand uit de kring") if inbreng.betrokkene.verborgen_voor_anderen else inbreng.afzender()
    begeleiders = [
        r.user.naam
        for r in TrajectRol.objects.filter(traject=traject, rol=TrajectRol.Rol.FACILITATOR).select_related("user")
    ]
    gezien = ["kwestie"]
    if kaders_klaar:
        gezien.append("kaders")
    if bijeenkomst is not None and bijeenkomst.datum:
        gezien.append("bijeenkomst")
    if anderen:
        gezien.append("inbreng van anderen")
    return {
        "betrokkene": betrokkene,
        "kwestie": kwestie,
        "kaderset": kaderset,
        "kaders_klaar": kaders_klaar,
        "kaders": kaders,
        "bijeenkomst": bijeenkomst,
        "kring": kring,
        "form": form,
        "eigen": eigen,
        "anderen": anderen,
        "begeleiders": begeleiders,
        "token": token,
        "gezien": gezien,
    }


@require_safe
def agenda(request, token):
    link, reden = get_link_for_token(request, token)
    if link is None:
        return _geweigerd(request, reden, token)
    betrokkene = link.betrokkene
    traject = betrokkene.traject
    bijeenkomst = lopende_bijeenkomst(traject)
    if bijeenkomst is None or bijeenkomst.datum is None:
        return _prive(redirect(_pagina_url(token)))
    noteer_gebruik(link, LinkGebruik.Actie.AGENDA, str(bijeenkomst.datum))
    link_url = request.build_absolute_uri(_pagina_url(token))
    response = HttpResponse(
        bijeenkomst_ics(bijeenkomst, betrokkene, link_url=link_url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam(bijeenkomst, betrokkene)}"'
    return _prive(response)
