"""Data rights: closing a traject, the export for an inzageverzoek, and erasing a traject.

Closing and the export are for the traject's facilitators (kwesties.access); erasing and the record of
erasures are for the organisation's beheerders (beheer.access), who see a traject's label and dates and how
many records it holds, never its content.
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beheer.access import get_organisatie_for_beheerder, get_traject_for_beheerder
from besluitvorming.models import Plan
from kwesties.access import get_traject_for_user
from kwesties.models import Traject, TrajectRol
from organisaties.models import verschuif_maanden

from . import export as export_zip
from .forms import AfsluitenForm, WissenForm
from .models import SOORTEN, Verwijdering, beschrijf
from .records import aantal
from .wissen import wis_traject


def _alleen_lezen(request):
    """After the access check, so that another organisation's POST gets its 404 rather than a 405."""
    return None if request.method in ("GET", "HEAD") else HttpResponseNotAllowed(["GET", "HEAD"])


@login_required
def afsluiten(request, traject):
    """GET asks the facilitator to confirm that the traject is done; POST closes it."""
    traject = get_traject_for_user(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    if traject.is_afgesloten:
        messages.info(request, _("Dit traject is al afgesloten."))
        return redirect("traject", traject.uuid)
    form = AfsluitenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        traject.afsluiten(request.user)
        messages.success(request, _("Het traject is afgesloten. Vanaf nu loopt de bewaartermijn."))
        return redirect("traject", traject.uuid)
    plan = (
        Plan.objects.filter(traject=traject, status=Plan.Status.VASTGESTELD)
        .only("versie", "vastgesteld_op", "evaluatie_op")
        .order_by("-versie")
        .first()
    )
    organisatie = traject.organisatie
    return render(
        request,
        "gegevens/afsluiten.html",
        {
            "traject": traject,
            "form": form,
            "plan": plan,
            "termijn_tekst": organisatie.bewaartermijn_tekst,
            "bewaard_tot": verschuif_maanden(timezone.now(), organisatie.bewaartermijn),
        },
    )


@login_required
@require_POST
def heropenen(request, traject):
    traject = get_traject_for_user(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    if traject.heropenen(request.user):
        messages.success(request, _("Het traject is weer open. De bewaartermijn begint opnieuw als u het weer afsluit."))
    return redirect("traject", traject.uuid)


@login_required
def export(request, traject):
    """Everything stored about the traject as a ZIP, for the organisation to answer an inzageverzoek."""
    traject = get_traject_for_user(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    if (geweigerd := _alleen_lezen(request)) is not None:
        return geweigerd
    bestand = export_zip.maak_zip(traject, basis_url=request.build_absolute_uri(reverse("controle")))
    naam = slugify(traject.label)[:40].strip("-") or "traject"
    response = FileResponse(
        bestand,
        as_attachment=True,
        filename=f"inzage-{naam}-{timezone.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def wissen(request, organisatie, traject):
    """GET shows what will be erased and asks why; POST erases the traject, all at once."""
    traject = get_traject_for_beheerder(request, organisatie, traject)
    organisatie = traject.organisatie
    form = WissenForm(request.POST if request.method == "POST" else None, traject=traject)
    if request.method == "POST" and form.is_valid():
        try:
            wis_traject(traject, request.user, form.cleaned_data["reden"], form.cleaned_data["toelichting"])
        except Traject.DoesNotExist:
            messages.info(request, _("Dit traject was al gewist."))
        else:
            # No label in the message: it would sit in the session until shown.
            messages.success(request, _("Het traject is gewist. Hieronder staat wat er van bewaard blijft."))
        return redirect("gegevens:verwijderingen", organisatie.uuid)
    aantallen = beschrijf({label: aantal(apps.get_model(label), traject) for label, _tekst in SOORTEN})
    return render(
        request,
        "gegevens/wissen.html",
        {"organisatie": organisatie, "traject": traject, "form": form, "aantallen": aantallen},
    )


@login_required
def verwijderingen(request, organisatie):
    """The record of the organisation's erased trajecten, newest first."""
    organisatie = get_organisatie_for_beheerder(request, organisatie)
    if (geweigerd := _alleen_lezen(request)) is not None:
        return geweigerd
    pagina = Paginator(
        Verwijdering.objects.filter(organisatie=organisatie).select_related("door").order_by("-verwijderd_op", "-id"),
        50,
    ).get_page(request.GET.get("pagina"))
    return render(request, "gegevens/verwijderingen.html", {"organisatie": organisatie, "pagina": pagina})
