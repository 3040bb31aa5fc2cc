"""Beheer: who belongs to the organisation and who holds which role on which traject.

A beheerder never sees case content here: a traject appears with its label,
its start date and its roles, nothing from the kwestie, the kring or the kaders.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from kwesties.models import Traject, TrajectRol
from nieuwe_route.toegang import noteer_toegang

from .access import (
    get_lidmaatschap_for_beheerder,
    get_organisatie_for_beheerder,
    get_traject_for_beheerder,
    get_trajectrol_for_beheerder,
)
from .forms import ROL_NAMEN, BeheerderForm, BewaartermijnForm, DrempelForm, LidForm, RolForm, TweestapsForm
from organisaties.models import DREMPELS, Lidmaatschap, Organisatie, User, termijn_tekst


def _is_laatste_beheerder(lid, lock=False):
    """Whether taking beheer away from this member would leave the organisation without one.

    With `lock` (inside a transaction) the beheerders' rows are locked, so two
    beheerders cannot demote each other at the same moment.
    """
    if not lid.is_beheerder:
        return False
    beheerders = Lidmaatschap.objects.filter(organisatie=lid.organisatie, is_beheerder=True)
    if lock:
        beheerders = beheerders.select_for_update()
    return not beheerders.exclude(pk=lid.pk).exists()


def _na_eigen_wijziging(request, organisatie):
    """Where to go after a change to one's own membership: the beheer page only if still allowed."""
    if organisatie.lidmaatschappen.filter(user=request.user, is_beheerder=True).exists():
        return redirect("beheer:organisatie", organisatie.uuid)
    if Lidmaatschap.objects.filter(user=request.user, is_beheerder=True).exists():
        return redirect("beheer:overzicht")
    return redirect("overzicht")


@login_required
def overzicht(request):
    organisaties = request.user.beheerde_organisaties
    if not organisaties:
        raise Http404
    if len(organisaties) == 1:
        return redirect("beheer:organisatie", organisaties[0].uuid)
    return render(request, "beheer/overzicht.html", {"organisaties": organisaties})


@login_required
def organisatie(request, organisatie):
    organisatie = get_organisatie_for_beheerder(request, organisatie)
    leden = list(
        organisatie.lidmaatschappen.select_related("user").annotate(
            tweestaps=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True))
        )
    )
    trajecten = list(
        Traject.objects.filter(organisatie=organisatie)
        .only("uuid", "label", "aangemaakt_op", "afgesloten_op", "organisatie_id")
        .prefetch_related(Prefetch("rollen", queryset=TrajectRol.objects.select_related("user")))
    )
    # TrajectQuerySet.bewaartermijn_verstreken's rule, on the trajecten this page loads anyway: no extra query.
    grens = organisatie.bewaargrens()
    verstreken = sorted(
        (t for t in trajecten if t.afgesloten_op is not None and t.afgesloten_op < grens),
        key=lambda t: (t.afgesloten_op, t.pk),
    )
    return render(
        request,
        "beheer/organisatie.html",
        {
            "organisatie": organisatie,
            "leden": leden,
            "trajecten": trajecten,
            "verstreken": verstreken,
            "drempel_form": DrempelForm(instance=organisatie),
            "bewaartermijn_form": _bewaartermijn_form(None, organisatie),
        },
    )


def _bewaartermijn_form(data, organisatie):
    return BewaartermijnForm(data, instance=organisatie, standaard=termijn_tekst(settings.BEWAARTERMIJN_MAANDEN))


@login_required
def drempel(request, organisatie):
    """The consent threshold of the organisation; a round keeps the threshold it opened with."""
    organisatie = get_organisatie_for_beheerder(request, organisatie)
    form = DrempelForm(request.POST if request.method == "POST" else None, instance=organisatie)
    if request.method == "POST" and form.is_valid():
        waarde = form.cleaned_data["splitsingsdrempel"]
        Organisatie.objects.filter(pk=organisatie.pk).update(splitsingsdrempel=waarde)
        noteer_toegang(request, detail=waarde)
        messages.success(
            request,
            _(
                "Opgeslagen: de kring is verdeeld als %(drempel)s een bezwaar is. "
                "Dit geldt voor rondes die vanaf nu beginnen."
            )
            % {"drempel": dict(DREMPELS)[waarde]},
        )
        return redirect("beheer:organisatie", organisatie.uuid)
    return render(request, "beheer/drempel.html", {"organisatie": organisatie, "form": form})


@login_required
def bewaartermijn(request, organisatie):
    """How long the organisation keeps a closed traject; empty means the app's standard term."""
    organisatie = get_organisatie_for_beheerder(request, organisatie)
    form = _bewaartermijn_form(request.POST if request.method == "POST" else None, organisatie)
    if request.method == "POST" and form.is_valid():
        maanden = form.cleaned_data["bewaartermijn_maanden"]
        Organisatie.objects.filter(pk=organisatie.pk).update(bewaartermijn_maanden=maanden)
        organisatie.bewaartermijn_maanden = maanden
        messages.success(
            request, _("Opgeslagen: een afgesloten traject wordt %(termijn)s bewaard.") % {"termijn": organisatie.bewaartermijn_tekst}
        )
        verstreken = Traject.objects.bewaartermijn_verstreken(organisatie).count()
        if verstreken:
            messages.warning(
                request,
                ngettext(
                    "Van %(n)s traject is de bewaartermijn nu verstreken. Het wordt bij de volgende automatische opruiming gewist.",
                    "Van %(n)s trajecten is de bewaartermijn nu verstreken. Ze worden bij de volgende automatische opruiming gewist.",
                    verstreken,
                )
                % {"n": verstreken},
            )
        return redirect(reverse("beheer:organisatie", args=[organisatie.uuid]) + "#bewaartermijn")
    return render(request, "beheer/bewaartermijn.html", {"organisatie": organisatie, "form": form})


@login_required
@require_POST
def tweestaps(request, organisatie):
    """Two-step verification for every member, or (again) only for beheerders and kaderstellers."""
    organisatie = get_organisatie_for_beheerder(request, organisatie)
    form = TweestapsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dat ging niet goed. Probeer het opnieuw."))
        return redirect("beheer:organisatie", organisatie.uuid)
    aan = form.cleaned_data["tweestaps_voor_iedereen"]
    Organisatie.objects.filter(pk=organisatie.pk).update(tweestaps_voor_iedereen=aan)
    noteer_toegang(request, detail="voor iedereen" if aan else "voor beheerders en kaderstellers")
    if aan:
        messages.success(
            request,
            _(
                "Tweestapsverificatie is nu verplicht voor alle leden van %(organisatie)s. "
                "Wie het nog niet heeft, moet het instellen voordat hij of zij verder kan."
            )
            % {"organisatie": organisatie.naam},
        )
    else:
        messages.success(
            request,
            _("Tweestapsverificatie is nu alleen verplicht voor beheerders en kaderstellers. Anderen kiezen het zelf."),
        )
    return redirect(reverse("beheer:organisatie", args=[organisatie.uuid]) + "#tweestaps")


@login_required
def lid_toevoegen(request, organisatie):
    organisatie = get_organisatie_for_beheerder(request, organisatie)
    form = LidForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email, naam = form.cleaned_data["email"], form.cleaned_data["naam"]
        user = User.objects.filter(email__iexact=email).first()
        if user and organisatie.lidmaatschappen.filter(user=user).exists():
            # Also what a second press of the button finds: the first press already added them.
            messages.info(request, _("%(naam)s is al lid van %(organisatie)s.") % {"naam": user.naam, "organisatie": organisatie.naam})
            return redirect("beheer:organisatie", organisatie.uuid)
        try:
            with transaction.atomic():
                nieuw = user is None
                if nieuw:
                    user = User.objects.create_user(email=email, password=None, naam=naam)
                Lidmaatschap.objects.create(organisatie=organisatie, user=user)
            noteer_toegang(request, detail=f"{user.naam} ({user.email})")
        except IntegrityError:
            # Submitted twice at once: the other request added this person.
            messages.info(request, _("Deze persoon is al lid van %(organisatie)s.") % {"organisatie": organisatie.naam})
            return redirect("beheer:organisatie", organisatie.uuid)
        if nieuw:
            messages.success(
                request,
                _(
                    "%(naam)s is toegevoegd. Er is een nieuw account gemaakt, nog zonder wachtwoord: "
                    "deze persoon kan pas inloggen als de applicatiebeheerder een wachtwoord heeft ingesteld."
                )
                % {"naam": user.naam},
            )
        else:
            messages.success(
                request,
                _("%(naam)s had al een account en is nu lid van %(organisatie)s.")
                % {"naam": user.naam, "organisatie": organisatie.naam},
            )
        return redirect("beheer:organisatie", organisatie.uuid)
    return render(request, "beheer/lid_toevoegen.html", {"organisatie": organisatie, "form": form})


@login_required
def lid_verwijderen(request, organisatie, user):
    """GET asks for confirmation; POST removes the member and their roles on this organisation's trajecten."""
    lid = get_lidmaatschap_for_beheerder(request, organisatie, user)
    organisatie = lid.organisatie
    rollen = list(
        TrajectRol.objects.filter(user=lid.user, traject__organisatie=organisatie).select_related("traject")
    )
    if request.method == "POST":
        with transaction.atomic():
            if _is_laatste_beheerder(lid, lock=True):
                messages.error(request, _("%(naam)s is de laatste beheerder. Maak eerst iemand anders beheerder.") % {"naam": lid.user.naam})
                return redirect("beheer:organisatie", organisatie.uuid)
            TrajectRol.objects.filter(user=lid.user, traject__organisatie=organisatie).delete()
            lid.delete()
            noteer_toegang(request, detail=f"{lid.user.naam} ({lid.user.email})")
        messages.success(
            request, _("%(naam)s is geen lid meer van %(organisatie)s.") % {"naam": lid.user.naam, "organisatie": organisatie.naam}
        )
        if lid.user == request.user:
            return _na_eigen_wijziging(request, organisatie)
        return redirect("beheer:organisatie", organisatie.uuid)
    return render(
        request,
        "beheer/lid_verwijderen.html",
        {"organisatie": organisatie, "lid": lid, "rollen": rollen, "is_laatste_beheerder": _is_laatste_beheerder(lid)},
    )


@login_required
@require_POST
def beheerder_wijzigen(request, organisatie, user):
    lid = get_lidmaatschap_for_beheerder(request, organisatie, user)
    organisatie = lid.organisatie
    form = BeheerderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dat ging niet goed. Probeer het opnieuw."))
        return redirect("beheer:organisatie", organisatie.uuid)
    wordt_beheerder = form.cleaned_data["is_beheerder"]
    with transaction.atomic():
        if not wordt_beheerder and _is_laatste_beheerder(lid, lock=True):
            messages.error(request, _("%(naam)s is de laatste beheerder. Maak eerst iemand anders beheerder.") % {"naam": lid.user.naam})
            return redirect("beheer:organisatie", organisatie.uuid)
        Lidmaatschap.objects.filter(pk=lid.pk).update(is_beheerder=wordt_beheerder)
        noteer_toegang(request, detail=f"{lid.user.naam}: {'nu beheerder' if wordt_beheerder else 'geen beheerder meer'}")
    if wordt_beheerder:
        messages.success(request, _("%(naam)s is nu beheerder.") % {"naam": lid.user.naam})
    else:
        messages.success(request, _("%(naam)s is geen beheerder meer.") % {"naam": lid.user.naam})
    if lid.user == request.user:
        return _na_eigen_wijziging(request, organisatie)
    return redirect("beheer:organisatie", organisatie.uuid)


@login_required
def traject(request, organisatie, traject):
    """Who holds which role on one traject, and a form to give someone a role."""
    traject = get_traject_for_beheerder(request, organisatie, traject)
    organisatie = traject.organisatie
    form = RolForm(request.POST if request.method == "POST" else None, traject=traject)
    if request.method == "POST" and form.is_valid():
        lid, rol = form.cleaned_data["lid"], form.cleaned_data["rol"]
        naam_rol = {"naam": lid.naam, "rol": ROL_NAMEN[rol]}
        try:
            with transaction.atomic():
                _trajectrol, nieuw = TrajectRol.objects.get_or_create(traject=traject, user=lid, rol=rol)
        except IntegrityError:
            nieuw = False
        noteer_toegang(request, detail=f"{lid.naam}, {rol}" if nieuw else f"{lid.naam} had al de rol {rol}")
        if nieuw:
            messages.success(request, _("%(naam)s is nu %(rol)s.") % naam_rol)
        else:
            messages.info(request, _("%(naam)s had deze rol al: %(rol)s.") % naam_rol)
        return redirect("beheer:traject", organisatie.uuid, traject.uuid)
    rollen = list(traject.rollen.select_related("user"))
    return render(request, "beheer/traject.html", {"organisatie": organisatie, "traject": traject, "rollen": rollen, "form": form})


@login_required
@require_POST
def rol_verwijderen(request, organisatie, traject, user, rol):
    trajectrol = get_trajectrol_for_beheerder(request, organisatie, traject, user, rol)
    traject = trajectrol.traject
    trajectrol.delete()
    noteer_toegang(request, detail=f"{trajectrol.user.naam}, {trajectrol.rol}")
    messages.success(
        request,
        _("%(naam)s is niet langer %(rol)s in dit traject.") % {"naam": trajectrol.user.naam, "rol": ROL_NAMEN[trajectrol.rol]},
    )
    return redirect("beheer:traject", traject.organisatie.uuid, traject.uuid)
