"""Presentatie: the plan as it grows, checked against the kaders by the kadersteller, then vastgesteld.

The only hard gate is the method's own: a plan becomes final only once the kadersteller found that
it meets every kader, for the plan as it stands. Everything else (who, when, vervolgafspraken) is offered.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaders.models import Kader, KaderSet
from kwesties.models import Betrokkene, TrajectRol

from . import consent
from .access import get_plan_for_user
from .models import Afspraak, BijeenkomstFout, KaderOordeel, Plan, PlanVastgesteld, Reactie
from .pdf import maak_pdf_na_vaststellen
from .presentatie_forms import AfspraakForm, ToetsForm, VervolgForm

VASTGESTELD = gettext_lazy("Het plan is vastgesteld en verandert niet meer.")


def _get_plan(request, traject_uuid, rol=None):
    """The plan the Plan tab is about.

    Vaststellen ends the meeting, and the next meeting (a later revision) starts with an empty plan;
    until that meeting begins, the tab keeps showing the plan that was vastgesteld.
    """
    plan = get_plan_for_user(request, traject_uuid, rol=rol)
    bijeenkomst = plan.bijeenkomst
    if not bijeenkomst.is_begonnen:
        vorig = (
            Plan.objects.filter(traject_id=bijeenkomst.traject_id, status=Plan.Status.VASTGESTELD)
            .select_related("bijeenkomst", "vastgesteld_door")
            .defer("inhoud")
            .order_by("-versie")
            .first()
        )
        if vorig is not None:
            vorig.bijeenkomst.traject = bijeenkomst.traject
            return vorig
    return plan


def _is_facilitator(traject):
    return TrajectRol.Rol.FACILITATOR in traject.mijn_rollen


def _naar_plan(plan):
    return redirect("besluitvorming:plan", plan.bijeenkomst.traject.uuid)


def _afspraken(plan):
    """The agreements with who does them and their aandachtspunten, in a fixed number of queries."""
    return list(
        plan.afspraken.select_related("voorstel", "versie", "ronde").prefetch_related(
            Prefetch("wie", queryset=Betrokkene.objects.order_by("aangemaakt_op", "id")),
            Prefetch(
                "ronde__reacties",
                queryset=Reactie.objects.filter(antwoord=consent.ZORG).select_related("betrokkene", "namens"),
            ),
        )
    )


def _kaders(traject):
    return list(Kader.objects.geldig().filter(kaderset__traject=traject))


def _toets(plan, kaders):
    """(status, toets, afgekeurd) for the plan as it stands, in three queries."""
    toets = (
        plan.toetsen.order_by("-op", "-id")
        .select_related("door")
        .prefetch_related(Prefetch("oordelen", queryset=KaderOordeel.objects.select_related("kader")))
        .first()
    )
    return plan.toets_status(toets=toets, kaders=kaders)


def _al_getoetst(plan, user, stand, oordelen):
    """The same check of the same plan by the same person is already there: a double submit."""
    laatste = plan.toetsen.order_by("-op", "-id").prefetch_related("oordelen").first()
    if laatste is None or laatste.plan_stand != stand or laatste.door_id != user.pk:
        return False
    gedaan = {(o.kader_id, o.voldoet, o.toelichting) for o in laatste.oordelen.all()}
    return gedaan == {(k.pk, v, t.strip()) for k, v, t in oordelen}


def _vervolg_leeg(plan):
    return plan.evaluatie_op is None and not plan.wie_houdt_oog.strip() and not plan.als_niet_nagekomen.strip()


@login_required
def plan(request, traject):
    plan = _get_plan(request, traject)
    traject = plan.bijeenkomst.traject
    kaders = _kaders(traject)
    status, toets, afgekeurd = _toets(plan, kaders)
    context = {
        "traject": traject,
        "plan": plan,
        "bijeenkomst": plan.bijeenkomst,
        "afspraken": _afspraken(plan),
        "kaderset": KaderSet.objects.get(traject=traject),
        "status": status,
        "toets": toets,
        "afgekeurd": afgekeurd,
        # Per kader its verdict, but only while the check still holds for the plan as it stands.
        "oordelen": list(toets.oordelen.all()) if status in ("voldoet", "voldoet_niet") else [],
        "kader_veranderd": status == "verouderd" and toets.plan_stand == plan.stand,
        "deelnemers": list(plan.deelnemers.order_by("aangemaakt_op", "id")) if plan.is_vastgesteld else [],
        "is_facilitator": _is_facilitator(traject),
        "is_kadersteller": TrajectRol.Rol.KADERSTELLER in traject.mijn_rollen,
        "vervolg_leeg": _vervolg_leeg(plan),
    }
    return render(request, "besluitvorming/plan.html", context)


@login_required
def afspraak(request, traject, afspraak):
    plan = _get_plan(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    afspraak = get_object_or_404(plan.afspraken.select_related("voorstel"), uuid=afspraak)
    afspraak.plan = plan
    traject = plan.bijeenkomst.traject
    if plan.is_vastgesteld:
        messages.error(request, VASTGESTELD)
        return _naar_plan(plan)
    form = AfspraakForm(request.POST if request.method == "POST" else None, instance=afspraak, traject=traject)
    if request.method == "POST" and form.is_valid():
        melding = _("De afspraak ‘%(titel)s’ is opgeslagen.") % {"titel": afspraak.voorstel.titel}
        # Saving the same again (or pressing twice) must not send the plan back to the kadersteller.
        if not form.verandert_iets():
            messages.success(request, melding)
            return _naar_plan(plan)
        try:
            afspraak.maak_concreet(*(form.cleaned_data[k] for k in ("wie", "wanneer", "hoe_weten")))
        except PlanVastgesteld as e:
            messages.error(request, str(e))
            return _naar_plan(plan)
        if plan.toetsen.exists():
            melding += " " + _("Het plan is veranderd: de kadersteller kijkt opnieuw of het binnen de kaders past.")
        messages.success(request, melding)
        return _naar_plan(plan)
    context = {"traject": traject, "plan": plan, "afspraak": afspraak, "form": form}
    if form.is_bound and form.is_stale():
        context["opgeslagen"] = Afspraak.objects.prefetch_related("wie").get(pk=afspraak.pk)
    return render(request, "besluitvorming/afspraak.html", context)


@login_required
def vervolg(request, traject):
    plan = _get_plan(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    traject = plan.bijeenkomst.traject
    if plan.is_vastgesteld:
        messages.error(request, VASTGESTELD)
        return _naar_plan(plan)
    kaderset = KaderSet.objects.get(traject=traject)
    form = VervolgForm(request.POST if request.method == "POST" else None, instance=plan, kaderset=kaderset)
    if request.method == "POST" and form.is_valid():
        gegevens = {k: form.cleaned_data[k] for k in ("evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen")}
        # Conditional update: nothing is written over a vaststelling or someone else's save in between.
        gedaan = Plan.objects.filter(
            pk=plan.pk, status=Plan.Status.CONCEPT, bewerkversie=form.cleaned_data["gezien_versie"]
        ).update(bewerkversie=F("bewerkversie") + 1, **gegevens)
        if gedaan:
            plan.bijeenkomst.tik()
            messages.success(request, _("De vervolgafspraken zijn opgeslagen."))
            if gegevens["evaluatie_op"] and gegevens["evaluatie_op"] < timezone.localdate():
                messages.warning(request, _("Let op: de datum om samen te kijken ligt in het verleden. Klopt dat?"))
            return _naar_plan(plan)
        if Plan.objects.filter(pk=plan.pk, status=Plan.Status.VASTGESTELD).exists():
            messages.error(request, VASTGESTELD)
            return _naar_plan(plan)
        form = VervolgForm(request.POST, instance=plan, kaderset=kaderset)
        form.is_valid()  # the stale check now fails and keeps the input
    context = {"traject": traject, "plan": plan, "kaderset": kaderset, "form": form}
    if form.is_bound and form.is_stale():
        context["opgeslagen"] = Plan.objects.get(pk=plan.pk)
    return render(request, "besluitvorming/vervolg.html", context)


@login_required
def toets(request, traject):
    plan = _get_plan(request, traject, rol=TrajectRol.Rol.KADERSTELLER)
    traject = plan.bijeenkomst.traject
    if plan.is_vastgesteld:
        messages.error(request, VASTGESTELD)
        return _naar_plan(plan)
    kaders = _kaders(traject)
    heeft_afspraken = plan.afspraken.exists()
    form = None
    if heeft_afspraken:
        form = ToetsForm(request.POST if request.method == "POST" else None, kaders=kaders, plan_stand=plan.stand)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                stand = Plan.objects.select_for_update().values_list("stand", flat=True).get(pk=plan.pk)
                if form.cleaned_data["plan_stand"] != str(stand):
                    form.zie_veranderd(stand)
                elif not _al_getoetst(plan, request.user, stand, form.oordelen()):
                    plan.kaders_toetsen(request.user, form.oordelen())
        except BijeenkomstFout as e:
            messages.error(request, str(e))
            if isinstance(e, PlanVastgesteld):
                return _naar_plan(plan)
        else:
            if not form.errors:
                if all(voldoet for _k, voldoet, _t in form.oordelen()):
                    messages.success(
                        request, _("Het plan past binnen alle kaders. De begeleider kan het plan nu vaststellen.")
                    )
                else:
                    messages.success(request, _("Het plan gaat terug naar de kring, met uw toelichting."))
                return _naar_plan(plan)
    context = {
        "traject": traject,
        "plan": plan,
        "afspraken": _afspraken(plan) if heeft_afspraken else [],
        "form": form,
    }
    return render(request, "besluitvorming/toets.html", context)


@login_required
@require_POST
def vaststellen(request, traject):
    plan = _get_plan(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    if plan.is_vastgesteld:
        messages.info(request, _("Het plan was al vastgesteld (versie %(versie)s).") % {"versie": plan.versie})
        return _naar_plan(plan)
    try:
        plan.vaststellen(request.user)
    except BijeenkomstFout as e:
        messages.error(request, str(e))
        return _naar_plan(plan)
    messages.success(request, _("Het plan is vastgesteld (versie %(versie)s).") % {"versie": plan.versie})
    maak_pdf_na_vaststellen(request, plan)
    if _vervolg_leeg(plan):
        messages.warning(
            request,
            _(
                "Er staan geen vervolgafspraken in het plan. Spreek met de kring af wanneer u samen kijkt "
                "hoe het gaat, en wie een oogje in het zeil houdt."
            ),
        )
    return _naar_plan(plan)
