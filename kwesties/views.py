from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nieuwe_route.forms import already_created
from nieuwe_route.toegang import noteer_toegang

from .access import get_traject_for_user
from .forms import KwestieForm, TrajectForm
from .models import Traject, TrajectRol
from .schrijfhulp import hints


@login_required
def traject_nieuw(request):
    form = TrajectForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        eerder = already_created(Traject, form, rollen__user=request.user)
        if eerder:
            return redirect("traject", eerder.uuid)
        if form.is_valid():
            try:
                with transaction.atomic():
                    traject = form.save(commit=False)
                    traject.aangemaakt_door = request.user
                    traject.client_token = form.cleaned_data["client_token"]
                    traject.save()
                    TrajectRol.objects.create(traject=traject, user=request.user, rol=TrajectRol.Rol.FACILITATOR)
                    if form.cleaned_data["kadersteller"]:
                        TrajectRol.objects.create(
                            traject=traject, user=form.cleaned_data["kadersteller"], rol=TrajectRol.Rol.KADERSTELLER
                        )
            except IntegrityError:
                # The same form was submitted twice at once: the other request made the traject.
                return redirect("overzicht")
            # The URL names no traject yet: the access log learns it here.
            kadersteller = form.cleaned_data["kadersteller"]
            noteer_toegang(request, traject=traject, detail=f"kadersteller {kadersteller.naam}" if kadersteller else "")
            messages.success(request, _("Het traject is gestart. Begin met de centrale vraag."))
            return redirect("kwesties:kwestie", traject.uuid)
    return render(request, "kwesties/traject_nieuw.html", {"form": form})


@login_required
def kwestie(request, traject):
    traject = get_traject_for_user(request, traject)
    kwestie = traject.kwestie
    return render(
        request,
        "kwesties/kwestie.html",
        {
            "traject": traject,
            "kwestie": kwestie,
            "hints": hints(kwestie.vraag, kwestie.beschrijving) if kwestie.is_ingevuld else [],
            "wijzigingen": kwestie.wijzigingen.select_related("door")[:50],
            "mag_bewerken": TrajectRol.Rol.FACILITATOR in traject.mijn_rollen,
        },
    )


@login_required
def kwestie_bewerken(request, traject):
    traject = get_traject_for_user(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    kwestie = traject.kwestie
    form = KwestieForm(request.POST if request.method == "POST" else None, instance=kwestie)
    if request.method == "POST" and form.is_valid():
        kwestie.wijzig(request.user, form.cleaned_data["vraag"], form.cleaned_data["beschrijving"])
        messages.success(request, _("De kwestie is opgeslagen."))
        return redirect("kwesties:kwestie", traject.uuid)
    if form.is_bound and form.is_stale():
        kwestie.refresh_from_db()
    context = {"traject": traject, "kwestie": kwestie, "form": form, "hints": hints(form["vraag"].value(), form["beschrijving"].value())}
    template = "kwesties/kwestie_bewerken.html"
    if request.htmx and not request.htmx.boosted:
        template += "#formulier"
    return render(request, template, context)


@login_required
@require_POST
def kwestie_vaststellen(request, traject):
    traject = get_traject_for_user(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    kwestie = traject.kwestie
    if not kwestie.is_ingevuld:
        messages.error(request, _("Schrijf eerst de centrale vraag op."))
    elif not kwestie.is_vastgesteld:
        kwestie.vaststellen(request.user)
        messages.success(request, _("De kwestie is vastgesteld. Wijzigingen worden vanaf nu bewaard en getoond."))
    return redirect("kwesties:kwestie", traject.uuid)


@login_required
@require_POST
def schrijfhulp(request, traject):
    """Live writing hints while the facilitator types (htmx); never blocks saving."""
    get_traject_for_user(request, traject, rol=TrajectRol.Rol.FACILITATOR)
    vraag = request.POST.get("vraag", "")[:1000]
    beschrijving = request.POST.get("beschrijving", "")[:10000]
    return render(request, "kwesties/kwestie_bewerken.html#hints", {"hints": hints(vraag, beschrijving)})
