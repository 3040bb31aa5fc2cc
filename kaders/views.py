from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from kwesties.models import TrajectRol
from nieuwe_route.forms import already_created

from .access import get_kader_for_user, get_kaderset_for_user
from .forms import InterventieForm, KaderForm, KaderNieuwForm, VerwijderForm
from .models import Kader, KaderSet


def _overzicht_context(request, kaderset, **extra):
    traject = kaderset.traject
    mag_schrijven = TrajectRol.Rol.KADERSTELLER in traject.mijn_rollen
    alle = list(kaderset.kaders.select_related("eigenaar"))
    context = {
        "traject": traject,
        "kaderset": kaderset,
        "kaders": [k for k in alle if not k.is_verwijderd],
        # Undo is offered while concept; after vaststelling a removal is in the history instead.
        "verwijderd": [k for k in alle if k.is_verwijderd and k.eigenaar_id == request.user.pk]
        if mag_schrijven and not kaderset.is_vastgesteld
        else [],
        "wijzigingen": list(kaderset.wijzigingen.select_related("door")) if kaderset.is_vastgesteld else [],
        "mag_schrijven": mag_schrijven,
    }
    if mag_schrijven:
        context["nieuw_form"] = KaderNieuwForm(reden_nodig=kaderset.is_vastgesteld, auto_id="nieuw-%s")
        if not kaderset.heeft_interventie:
            context["interventie_form"] = InterventieForm(
                instance=kaderset, reden_nodig=kaderset.is_vastgesteld, auto_id="interventie-%s"
            )
    context.update(extra)
    return context


def _klaar(request, kaderset, melding):
    """After a change: htmx gets the refreshed kaders (status, list, history), a plain browser a redirect."""
    if request.htmx and not request.htmx.boosted:
        traject = kaderset.traject
        kaderset = KaderSet.objects.select_related("vastgesteld_door").get(pk=kaderset.pk)
        kaderset.traject = traject
        response = render(request, "kaders/overzicht.html#inhoud", _overzicht_context(request, kaderset, melding=melding))
        return reswap(retarget(response, "#kaders-inhoud"), "outerHTML")
    messages.success(request, melding)
    return redirect("kaders:overzicht", kaderset.traject.uuid)


def _formulier(request, template, context):
    if request.htmx and not request.htmx.boosted:
        template += "#formulier"
    return render(request, template, context)


@login_required
def overzicht(request, traject):
    kaderset = get_kaderset_for_user(request, traject)
    return render(request, "kaders/overzicht.html", _overzicht_context(request, kaderset))


@login_required
def kader_nieuw(request, traject):
    kaderset = get_kaderset_for_user(request, traject, schrijven=True)
    form = KaderNieuwForm(request.POST if request.method == "POST" else None, reden_nodig=kaderset.is_vastgesteld, auto_id="nieuw-%s")
    if request.method == "POST":
        if already_created(Kader, form, kaderset=kaderset):
            return _klaar(request, kaderset, _("Het kader is toegevoegd."))
        if form.is_valid():
            try:
                kaderset.kader_toevoegen(
                    request.user, **form.kader_gegevens(), reden=form.reden_tekst, client_token=form.cleaned_data["client_token"]
                )
            except IntegrityError:
                pass  # The same form was submitted twice at once: the other request added the kader.
            return _klaar(request, kaderset, _("Het kader is toegevoegd."))
    return _formulier(request, "kaders/kader_nieuw.html", {"traject": kaderset.traject, "kaderset": kaderset, "form": form})


@login_required
def kader_bewerken(request, traject, kader):
    kader = get_kader_for_user(request, traject, kader)
    kaderset = kader.kaderset
    form = KaderForm(
        request.POST if request.method == "POST" else None, instance=kader, reden_nodig=kaderset.is_vastgesteld, auto_id=f"kader-{kader.uuid}-%s"
    )
    if request.method == "POST" and form.is_valid():
        kader.wijzig(request.user, **form.kader_gegevens(), reden=form.reden_tekst)
        return _klaar(request, kaderset, _("Het kader is opgeslagen."))
    context = {"traject": kaderset.traject, "kaderset": kaderset, "kader": kader, "form": form}
    if form.is_bound and form.is_stale():
        context["opgeslagen"] = Kader.objects.get(pk=kader.pk)
    return _formulier(request, "kaders/kader_bewerken.html", context)


@login_required
def kader_verwijderen(request, traject, kader):
    kader = get_kader_for_user(request, traject, kader)
    kaderset = kader.kaderset
    form = VerwijderForm(request.POST if request.method == "POST" else None, reden_nodig=kaderset.is_vastgesteld, auto_id=f"weg-{kader.uuid}-%s")
    if request.method == "POST" and form.is_valid():
        kader.verwijder(request.user, reden=form.reden_tekst)
        if kaderset.is_vastgesteld:
            melding = _("Het kader is verwijderd. Iedereen ziet dit bij de wijzigingen.")
        else:
            melding = _("Het kader is verwijderd. Was dit een vergissing? Zet het terug bij ‘Verwijderde kaders’.")
        return _klaar(request, kaderset, melding)
    context = {"traject": kaderset.traject, "kaderset": kaderset, "kader": kader, "form": form}
    return _formulier(request, "kaders/kader_verwijderen.html", context)


@login_required
@require_POST
def kader_terugzetten(request, traject, kader):
    kader = get_kader_for_user(request, traject, kader, verwijderd=True)
    kaderset = kader.kaderset
    if kaderset.is_vastgesteld:
        messages.error(request, _("De kaders zijn al vastgesteld. Voeg het kader opnieuw toe als het weer moet gelden."))
        return redirect("kaders:overzicht", kaderset.traject.uuid)
    kader.terugzetten()
    return _klaar(request, kaderset, _("Het kader is teruggezet."))


@login_required
def interventie(request, traject):
    kaderset = get_kaderset_for_user(request, traject, schrijven=True)
    form = InterventieForm(
        request.POST if request.method == "POST" else None, instance=kaderset, reden_nodig=kaderset.is_vastgesteld, auto_id="interventie-%s"
    )
    if request.method == "POST" and form.is_valid():
        kaderset.wijzig_interventie(
            request.user, form.cleaned_data["als_geen_veilig_plan"], form.cleaned_data["wie_grijpt_in"], reden=form.reden_tekst
        )
        return _klaar(request, kaderset, _("Opgeslagen: wat er gebeurt als er geen veilig plan komt, en wie ingrijpt."))
    context = {"traject": kaderset.traject, "kaderset": kaderset, "form": form}
    if form.is_bound and form.is_stale():
        context["opgeslagen"] = KaderSet.objects.get(pk=kaderset.pk)
    return _formulier(request, "kaders/interventie.html", context)


@login_required
@require_POST
def vaststellen(request, traject):
    kaderset = get_kaderset_for_user(request, traject, schrijven=True)
    if kaderset.is_vastgesteld:
        messages.info(request, _("De kaders waren al vastgesteld."))
    elif not kaderset.heeft_interventie:
        messages.error(
            request,
            _(
                "De kaders zijn nog niet vastgesteld. Schrijf eerst op wat er gebeurt als er geen veilig plan komt, "
                "en wie er dan ingrijpt."
            ),
        )
    else:
        kaderset.vaststellen(request.user)
        messages.success(
            request,
            _("De kaders zijn vastgesteld. Verandert er later iets, dan ziet iedereen wat er veranderd is en waarom."),
        )
    return redirect("kaders:overzicht", kaderset.traject.uuid)
