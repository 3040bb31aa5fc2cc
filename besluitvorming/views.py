"""Getting ready for the besluitvormingsbijeenkomst: what is there, what is missing, planning and the start.

The overview shows what is missing but blocks nothing the method does not block:
only the kaders must be vastgesteld before the meeting can begin.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaders.models import KaderSet
from kwesties.models import Betrokkene, TrajectRol
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

from .access import get_betrokkene_voor_bijeenkomst, get_bijeenkomst_for_user
from .forms import PlannenForm
from .ics import bestandsnaam, bijeenkomst_ics
from .models import Bijeenkomst, BijeenkomstFout, KadersNietVastgesteld

# Fields that change what people have in their own calendar.
AGENDA_VELDEN = {"datum", "begintijd", "eindtijd", "plaats", "videolink"}


def _is_facilitator(traject):
    return TrajectRol.Rol.FACILITATOR in traject.mijn_rollen


def _opsomming(namen):
    """'Sanne', 'Sanne en Mark', 'Sanne, Mark en Ria'."""
    namen = list(namen)
    if len(namen) < 2:
        return "".join(namen)
    return _("%(eerste)s en %(laatste)s") % {"eerste": ", ".join(namen[:-1]), "laatste": namen[-1]}


def _veilige_link(url):
    # Only web links become clickable, whatever ended up in the database.
    return url if url.lower().startswith(("https://", "http://")) else ""


def _gereedheid(bijeenkomst):
    """Everything the overview shows, in a fixed number of queries whatever the size of the kring."""
    traject = bijeenkomst.traject
    kaderset = KaderSet.objects.select_related("vastgesteld_door").get(traject=traject)
    kring = list(
        traject.betrokkenen.in_kring().prefetch_related(
            Prefetch("niet_samen_met", queryset=Betrokkene.objects.in_kring())
        )
    )
    # The notes are never loaded here: kaderstellers read this page.
    gesprekken = list(
        Gesprek.objects.actief()
        .filter(traject=traject)
        .only("id", "datum", "aangemaakt_op")
        .prefetch_related(
            Prefetch("deelnemers", queryset=Betrokkene.objects.only("id", "voornaam")),
            Prefetch("aangedragen", queryset=Betrokkene.objects.only("id")),
        )
    )
    verzoeken = list(
        InformatieVerzoek.objects.open()
        .filter(traject=traject)
        .defer("antwoord")
        .order_by(F("uiterlijk").asc(nulls_last=True), "aangemaakt_op")
    )
    inbreng = Inbreng.objects.actief().filter(traject=traject).aggregate(
        ideeen=Count("id", filter=Q(soort=Inbreng.Soort.IDEE)),
        woorden=Count("id", filter=Q(soort=Inbreng.Soort.WOORDEN)),
    )

    gesproken_ids = set()
    aangedragen_in = defaultdict(list)
    for gesprek in gesprekken:
        deelnemers = [d.voornaam for d in gesprek.deelnemers.all()]
        gesproken_ids.update(d.id for d in gesprek.deelnemers.all())
        for persoon in gesprek.aangedragen.all():
            aangedragen_in[persoon.id].append(_opsomming(deelnemers))
    eerste_gesprek = min((g.aangemaakt_op for g in gesprekken), default=None)
    nieuw = []
    if eerste_gesprek is not None:
        nieuw = [(b, aangedragen_in.get(b.id, [])) for b in kring if b.aangemaakt_op > eerste_gesprek]

    behoeften = [(b, regels) for b in kring if (regels := b.behoeften())]
    return {
        "kaderset": kaderset,
        "kring": kring,
        "gesproken": [b for b in kring if b.id in gesproken_ids],
        "nog_niet_gesproken": [b for b in kring if b.id not in gesproken_ids],
        "aantal_gesprekken": len(gesprekken),
        "eerste_gesprek": eerste_gesprek,
        "nieuw_in_kring": nieuw,
        "verzoeken": verzoeken,
        "behoeften": behoeften,
        "ideeen": inbreng["ideeen"],
        "woorden": inbreng["woorden"],
    }


@login_required
def bijeenkomst(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject)
    traject = bijeenkomst.traject
    context = {
        "traject": traject,
        "bijeenkomst": bijeenkomst,
        "videolink": _veilige_link(bijeenkomst.videolink),
        "is_facilitator": _is_facilitator(traject),
        "vandaag": timezone.localdate(),
        **_gereedheid(bijeenkomst),
    }
    return render(request, "besluitvorming/bijeenkomst.html", context)


@login_required
def plannen(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    traject = bijeenkomst.traject
    if bijeenkomst.is_afgerond:
        messages.info(request, _("Deze bijeenkomst is afgerond; het plan is vastgesteld."))
        return redirect("besluitvorming:plan", traject.uuid)
    was_gepland = bijeenkomst.datum is not None
    form = PlannenForm(request.POST if request.method == "POST" else None, instance=bijeenkomst)
    if request.method == "POST" and form.is_valid():
        bijeenkomst = form.save()
        if was_gepland and AGENDA_VELDEN & set(form.changed_data):
            messages.success(
                request,
                _("De planning is opgeslagen. Heeft u iedereen al een agendabestand gegeven? Geef dan het nieuwe."),
            )
        else:
            messages.success(request, _("De planning is opgeslagen."))
        if bijeenkomst.datum < timezone.localdate():
            messages.warning(request, _("Let op: de datum ligt in het verleden. Klopt dat?"))
        return redirect("besluitvorming:bijeenkomst", traject.uuid)
    context = {"traject": traject, "bijeenkomst": bijeenkomst, "form": form}
    if form.is_bound and form.is_stale():
        context["opgeslagen"] = Bijeenkomst.objects.get(pk=bijeenkomst.pk)
    return render(request, "besluitvorming/plannen.html", context)


@login_required
@require_POST
def starten(request, traject):
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    if bijeenkomst.is_begonnen:
        messages.info(request, _("De bijeenkomst was al begonnen."))
        return redirect("besluitvorming:bijeenkomst", bijeenkomst.traject.uuid)
    try:
        bijeenkomst.starten(request.user)
    except KadersNietVastgesteld:
        messages.error(
            request,
            _("De bijeenkomst kan nog niet beginnen: de kaders zijn nog niet vastgesteld. De kadersteller doet dat."),
        )
    else:
        messages.success(request, _("De bijeenkomst is begonnen."))
        return redirect("besluitvorming:console", bijeenkomst.traject.uuid)
    return redirect("besluitvorming:bijeenkomst", bijeenkomst.traject.uuid)


@login_required
def agenda_ics(request, traject, betrokkene):
    bijeenkomst, betrokkene = get_betrokkene_voor_bijeenkomst(request, traject, betrokkene)
    if bijeenkomst.datum is None:
        messages.error(
            request, _("De bijeenkomst heeft nog geen datum. Plan eerst de bijeenkomst, dan komt er een agendabestand.")
        )
        return redirect("besluitvorming:bijeenkomst", bijeenkomst.traject.uuid)
    response = HttpResponse(bijeenkomst_ics(bijeenkomst, betrokkene), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, bestandsnaam(bijeenkomst, betrokkene))
    return response


@login_required
@require_POST
def herzien(request, traject):
    """After a vastgesteld plan: a new meeting where the circle revises it, starting from its agreements."""
    bijeenkomst = get_bijeenkomst_for_user(request, traject, schrijven=True)
    try:
        bijeenkomst.herzien(request.user)
    except BijeenkomstFout as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            _("Er is een nieuwe bijeenkomst om het plan te herzien. De afspraken van nu staan klaar als voorstellen."),
        )
    return redirect("besluitvorming:bijeenkomst", bijeenkomst.traject.uuid)
