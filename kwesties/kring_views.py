"""The kring: everyone who lies awake over the kwestie, added, edited and removed inline.

Every view works as a plain form post with a redirect; an htmx request gets the
named partial instead. Invalid forms answer 200, because htmx 2 does not swap 4xx.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nieuwe_route.forms import already_created

from .access import get_betrokkene_for_user, get_traject_for_user
from .kring_forms import BetrokkeneForm, NieuweBetrokkeneForm
from .models import Betrokkene, TrajectRol

NIEUW_PREFIX = "nieuw"
RECENT_VERWIJDERD = timedelta(days=30)


def _niet_samen_met():
    # Removed people stay in the relation (for undo) but are not shown.
    return Prefetch("niet_samen_met", queryset=Betrokkene.objects.in_kring())


def _mag_bewerken(traject):
    return TrajectRol.Rol.FACILITATOR in traject.mijn_rollen


def _bewerk_prefix(betrokkene):
    # Several forms can be open on one page: each needs its own ids.
    return f"b-{betrokkene.uuid}"


def _kring_url(traject, betrokkene=None):
    url = reverse("kwesties:kring", args=[traject.uuid])
    return f"{url}#b-{betrokkene.uuid}" if betrokkene else url


def _kring_pagina(request, traject, form):
    kring = traject.betrokkenen.in_kring().select_related("vertegenwoordigd_door").prefetch_related(_niet_samen_met())
    verwijderd = []
    if _mag_bewerken(traject):
        verwijderd = traject.betrokkenen.filter(
            verwijderd_op__gte=timezone.now() - RECENT_VERWIJDERD
        ).order_by("-verwijderd_op")[:20]
    context = {
        "traject": traject,
        "kring": kring,
        "verwijderd": verwijderd,
        "form": form,
        "mag_bewerken": _mag_bewerken(traject),
    }
    return render(request, "kwesties/kring.html", context)


def _focus(form, standaard="voornaam"):
    """Put the cursor where the user needs it: the first field with an error, else the first field."""
    naam = next((n for n in form.errors if n in form.fields and n != "gezien_versie"), standaard)
    form.fields[naam].widget.attrs["autofocus"] = True


def _rij(request, betrokkene, melding=""):
    """One row (or the removed-row stub) for htmx to swap in place, with a spoken status."""
    prefetch_related_objects([betrokkene], _niet_samen_met())
    context = {
        "traject": betrokkene.traject,
        "b": betrokkene,
        "mag_bewerken": _mag_bewerken(betrokkene.traject),
        "melding": melding,
        "focus": True,
    }
    return render(request, "kwesties/kring.html#antwoord", context)


def _toegevoegd(request, traject, betrokkene, nieuw):
    """After an add (or its double submit): a fresh form, and the new row only the first time."""
    melding = _("%(naam)s staat nu in de kring.") % {"naam": betrokkene.naam}
    if not request.htmx:
        messages.success(request, melding)
        return redirect(_kring_url(traject, betrokkene))
    if nieuw:
        prefetch_related_objects([betrokkene], _niet_samen_met())
    form = NieuweBetrokkeneForm(traject=traject, prefix=NIEUW_PREFIX)
    _focus(form)
    context = {
        "traject": traject,
        "form": form,
        "toegevoegd": betrokkene if nieuw else None,
        "mag_bewerken": True,
        "melding": melding,
    }
    return render(request, "kwesties/kring.html#nieuw", context)


@login_required
def kring(request, traject):
    rol = TrajectRol.Rol.FACILITATOR if request.method == "POST" else None
    traject = get_traject_for_user(request, traject, rol=rol)
    form = None
    if _mag_bewerken(traject):
        form = NieuweBetrokkeneForm(request.POST if request.method == "POST" else None, traject=traject, prefix=NIEUW_PREFIX)
    if request.method == "POST":
        eerder = already_created(Betrokkene, form, traject=traject)
        if eerder:
            return _toegevoegd(request, traject, eerder, nieuw=False)
        if form.is_valid():
            try:
                with transaction.atomic():
                    betrokkene = form.save()
            except IntegrityError:
                # The same form was submitted twice at once: the other request added the person.
                eerder = already_created(Betrokkene, form, traject=traject)
                if eerder is None:
                    raise
                return _toegevoegd(request, traject, eerder, nieuw=False)
            return _toegevoegd(request, traject, betrokkene, nieuw=True)
        _focus(form)
        if request.htmx:
            return render(
                request, "kwesties/kring.html#nieuw", {"traject": traject, "form": form, "mag_bewerken": True}
            )
    return _kring_pagina(request, traject, form)


@login_required
def betrokkene(request, traject, betrokkene):
    betrokkene = get_betrokkene_for_user(request, traject, betrokkene, rol=None)
    if request.htmx:
        return _rij(request, betrokkene)
    prefetch_related_objects([betrokkene], _niet_samen_met())
    context = {"traject": betrokkene.traject, "b": betrokkene, "mag_bewerken": _mag_bewerken(betrokkene.traject)}
    return render(request, "kwesties/kring_betrokkene.html", context)


@login_required
def bewerken(request, traject, betrokkene):
    betrokkene = get_betrokkene_for_user(request, traject, betrokkene)
    traject = betrokkene.traject
    if betrokkene.verwijderd_op:
        if request.htmx:
            return _rij(request, betrokkene)
        messages.error(request, _("%(naam)s is uit de kring gehaald. Zet hem of haar eerst terug.") % {"naam": betrokkene.naam})
        return redirect(_kring_url(traject))
    naam = betrokkene.naam
    form = BetrokkeneForm(request.POST if request.method == "POST" else None, instance=betrokkene, traject=traject, prefix=_bewerk_prefix(betrokkene))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            betrokkene = form.save()
        melding = _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": betrokkene.naam}
        if request.htmx:
            return _rij(request, betrokkene, melding=melding)
        messages.success(request, melding)
        return redirect(_kring_url(traject, betrokkene))
    opgeslagen = None
    if form.is_bound and form.is_stale():
        opgeslagen = Betrokkene.objects.select_related("vertegenwoordigd_door").get(pk=betrokkene.pk)
        prefetch_related_objects([opgeslagen], _niet_samen_met())
    if form.errors or request.htmx:
        _focus(form)
    context = {"traject": traject, "b": betrokkene, "naam": naam, "form": form, "opgeslagen": opgeslagen, "kop": "h2"}
    template = "kwesties/kring_bewerken.html"
    if request.htmx:
        template += "#formulier"
        context["kop"] = "h3"
    return render(request, template, context)


@login_required
@require_POST
def verwijderen(request, traject, betrokkene):
    betrokkene = get_betrokkene_for_user(request, traject, betrokkene)
    if not betrokkene.verwijderd_op:
        betrokkene.verwijder()
    if request.htmx:
        return _rij(request, betrokkene, melding=_("%(naam)s is uit de kring gehaald.") % {"naam": betrokkene.naam})
    messages.success(
        request,
        _("%(naam)s is uit de kring gehaald. Onder aan de pagina kunt u dit terugzetten.") % {"naam": betrokkene.naam},
    )
    return redirect(_kring_url(betrokkene.traject))


@login_required
@require_POST
def terugzetten(request, traject, betrokkene):
    betrokkene = get_betrokkene_for_user(request, traject, betrokkene)
    if betrokkene.verwijderd_op:
        betrokkene.herstel()
    melding = _("%(naam)s staat weer in de kring.") % {"naam": betrokkene.naam}
    if request.htmx:
        return _rij(request, betrokkene, melding=melding)
    messages.success(request, melding)
    return redirect(_kring_url(betrokkene.traject, betrokkene))
