"""Phase 3: the facilitator's voorbereidende gesprekken, and acting on what was heard.

Every page is for facilitators only (see access.py). The private notes of a
gesprek appear on its own page and nowhere else.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kwesties.kring_forms import NieuweBetrokkeneForm
from kwesties.models import Betrokkene
from nieuwe_route.forms import already_created

from .access import get_gesprek_for_user, get_inbreng_for_user, get_verzoek_for_user, get_voorbereiding_for_user
from .forms import AntwoordForm, BehoefteForm, GesprekForm, GesprekNieuwForm, IdeeForm, VerzoekForm, VerzoekNieuwForm
from .models import GESPREKSWIJZER, Gesprek, Inbreng, InformatieVerzoek

RECENT_VERWIJDERD = timedelta(days=30)
PERSOON, INFO, IDEE, NIEUW = "persoon", "info", "idee", "nieuw"


def _kring(traject):
    """Everyone in the kring, loaded once per page; every form on the page picks from this list."""
    return list(
        traject.betrokkenen.in_kring().prefetch_related(
            Prefetch("niet_samen_met", queryset=Betrokkene.objects.in_kring())
        )
    )


def _uit_kring(kring, waarde):
    return next((b for b in kring if str(b.uuid) == waarde), None)


def _behoefte_prefix(betrokkene):
    return f"behoefte-{betrokkene.uuid}"


def _focus(form):
    """Put the cursor on the first field with an error, so the user finds the panel that needs them."""
    naam = next((n for n in form.errors if n in form.fields and not form.fields[n].widget.is_hidden), None)
    if naam:
        form.fields[naam].widget.attrs["autofocus"] = True


def _gesprek_url(gesprek, anker=""):
    url = reverse("voorbereiding:gesprek", args=[gesprek.traject.uuid, gesprek.uuid])
    return f"{url}#{anker}" if anker else url


def _laad_gesprek(gesprek):
    prefetch_related_objects([gesprek], "deelnemers")
    return gesprek


def _deelnemers_in_kring(gesprek, kring):
    ids = {b.pk for b in gesprek.deelnemers.all()}
    return [b for b in kring if b.pk in ids]


def _gesprek_pagina(request, gesprek, kring, form=None, persoon_form=None, info_form=None, idee_form=None,
                    behoefte_form=None, behoefte_fout=""):
    """The conversation screen; a panel whose post was refused arrives here bound, with its errors."""
    traject = gesprek.traject
    prefetch_related_objects(
        [gesprek],
        "aangedragen",
        Prefetch("informatieverzoeken", queryset=InformatieVerzoek.objects.order_by(
            F("beantwoord_op").asc(nulls_first=True), F("uiterlijk").asc(nulls_last=True), "aangemaakt_op")),
        Prefetch("inbreng", queryset=Inbreng.objects.actief().select_related("betrokkene")),
    )
    deelnemers = _deelnemers_in_kring(gesprek, kring)
    # Beside the people who took part, one more person of the kring may be picked (e.g. the child talked about).
    personen = list(deelnemers)
    extra = _uit_kring(kring, str(behoefte_form.instance.uuid)) if behoefte_form else _uit_kring(kring, request.GET.get("voor", ""))
    if extra and extra not in personen:
        personen.append(extra)
    behoeften = []
    for b in personen:
        if behoefte_form is not None and behoefte_form.instance.pk == b.pk:
            behoeften.append((b, behoefte_form))
        else:
            behoeften.append((b, BehoefteForm(instance=b, kring=kring, prefix=_behoefte_prefix(b))))
    if form is None:
        form = GesprekForm(instance=gesprek, traject=traject, kring=kring)
    context = {
        "traject": traject,
        "gesprek": gesprek,
        "form": form,
        "gesprekswijzer": GESPREKSWIJZER,
        "deelnemers": deelnemers,
        "namen": get_text_list([b.voornaam for b in gesprek.deelnemers.all()], _("en")) or "…",
        "persoon_form": persoon_form or NieuweBetrokkeneForm(traject=traject, prefix=PERSOON),
        "info_form": info_form or VerzoekNieuwForm(traject=traject, gesprek=gesprek, prefix=INFO),
        "idee_form": idee_form or IdeeForm(deelnemers=deelnemers, prefix=IDEE),
        "behoeften": behoeften,
        "behoefte_fout": behoefte_fout,
        "anderen": [b for b in kring if b not in personen],
        "vandaag": timezone.localdate(),
    }
    return render(request, "voorbereiding/gesprek.html", context)


@login_required
def overzicht(request, traject):
    traject = get_voorbereiding_for_user(request, traject)
    actief = Gesprek.objects.actief().order_by("datum", "aangemaakt_op")
    kring = list(
        traject.betrokkenen.in_kring().prefetch_related(
            Prefetch("gesprekken", queryset=actief, to_attr="mijn_gesprekken"),
            Prefetch("niet_samen_met", queryset=Betrokkene.objects.in_kring()),
        )
    )
    gesprekken = list(traject.gesprekken.actief().prefetch_related("deelnemers"))
    verwijderd = list(
        traject.gesprekken.filter(verwijderd_op__gte=timezone.now() - RECENT_VERWIJDERD)
        .prefetch_related("deelnemers")
        .order_by("-verwijderd_op")[:20]
    )
    vandaag = timezone.localdate()
    open_vragen = Q(beantwoord_op__isnull=True)
    verzoeken = traject.informatieverzoeken.aggregate(
        open=Count("pk", filter=open_vragen), te_laat=Count("pk", filter=open_vragen & Q(uiterlijk__lt=vandaag))
    )
    inbreng = traject.inbreng.actief().aggregate(
        ideeen=Count("pk", filter=Q(soort=Inbreng.Soort.IDEE)), woorden=Count("pk", filter=Q(soort=Inbreng.Soort.WOORDEN))
    )
    context = {
        "traject": traject,
        "kring": kring,
        "net_verwijderd": next((g for g in verwijderd if str(g.uuid) == request.GET.get("verwijderd")), None),
        "gesproken": sum(1 for b in kring if b.mijn_gesprekken),
        "gesprekken": gesprekken,
        "verwijderd": verwijderd,
        "verzoeken": verzoeken,
        "inbreng": inbreng,
    }
    return render(request, "voorbereiding/overzicht.html", context)


@login_required
def gesprek_nieuw(request, traject):
    traject = get_voorbereiding_for_user(request, traject)
    kring = _kring(traject)
    met = _uit_kring(kring, request.GET.get("met", ""))
    form = GesprekNieuwForm(
        request.POST if request.method == "POST" else None,
        traject=traject,
        kring=kring,
        initial={"deelnemers": [met]} if met else None,
    )
    if request.method == "POST":
        gesprek = already_created(Gesprek, form, traject=traject)
        if gesprek is None and form.is_valid():
            try:
                with transaction.atomic():
                    gesprek = form.save(begeleider=request.user)
            except IntegrityError:
                # The same form was submitted twice at once: the other request saved the gesprek.
                gesprek = already_created(Gesprek, form, traject=traject)
                if gesprek is None:
                    raise
            messages.success(request, _("Het gesprek is vastgelegd. Hieronder kunt u vastleggen wat eruit kwam."))
        if gesprek is not None:
            return redirect("voorbereiding:gesprek", traject.uuid, gesprek.uuid)
        _focus(form)
    context = {"traject": traject, "form": form, "kring": kring, "gesprekswijzer": GESPREKSWIJZER}
    return render(request, "voorbereiding/gesprek_nieuw.html", context)


@login_required
def gesprek(request, traject, gesprek):
    gesprek = _laad_gesprek(get_gesprek_for_user(request, traject, gesprek))
    traject = gesprek.traject
    kring = _kring(traject)
    form = None
    if request.method == "POST":
        # A fresh copy for the form: a refused post must not change what the page shows as saved.
        bewerkt = Gesprek.objects.get(pk=gesprek.pk)
        form = GesprekForm(request.POST, instance=bewerkt, traject=traject, kring=kring)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Het gesprek is opgeslagen."))
            return redirect(_gesprek_url(gesprek))
        _focus(form)
    return _gesprek_pagina(request, gesprek, kring, form=form)


@login_required
@require_POST
def persoon_toevoegen(request, traject, gesprek):
    gesprek = _laad_gesprek(get_gesprek_for_user(request, traject, gesprek))
    traject = gesprek.traject
    form = NieuweBetrokkeneForm(request.POST, traject=traject, prefix=PERSOON)
    betrokkene = already_created(Betrokkene, form, traject=traject)
    if betrokkene is None and form.is_valid():
        try:
            with transaction.atomic():
                betrokkene = form.save()
        except IntegrityError:
            betrokkene = already_created(Betrokkene, form, traject=traject)
            if betrokkene is None:
                raise
    if betrokkene is not None:
        gesprek.aangedragen.add(betrokkene)
        messages.success(
            request,
            _("%(naam)s staat nu in de kring. Vergeet niet ook met hem of haar een gesprek te voeren.")
            % {"naam": betrokkene.naam},
        )
        return redirect(_gesprek_url(gesprek, "persoon"))
    _focus(form)
    return _gesprek_pagina(request, gesprek, _kring(traject), persoon_form=form)


@login_required
@require_POST
def informatie_vragen(request, traject, gesprek):
    gesprek = _laad_gesprek(get_gesprek_for_user(request, traject, gesprek))
    traject = gesprek.traject
    form = VerzoekNieuwForm(request.POST, traject=traject, gesprek=gesprek, prefix=INFO)
    verzoek = already_created(InformatieVerzoek, form, traject=traject)
    if verzoek is None and form.is_valid():
        try:
            with transaction.atomic():
                verzoek = form.save(door=request.user)
        except IntegrityError:
            verzoek = already_created(InformatieVerzoek, form, traject=traject)
            if verzoek is None:
                raise
    if verzoek is not None:
        messages.success(request, _("De vraag om informatie is opgeschreven. U vindt hem ook bij ‘Informatie’."))
        return redirect(_gesprek_url(gesprek, "informatie"))
    _focus(form)
    return _gesprek_pagina(request, gesprek, _kring(traject), info_form=form)


@login_required
@require_POST
def behoefte(request, traject, gesprek):
    gesprek = _laad_gesprek(get_gesprek_for_user(request, traject, gesprek))
    kring = _kring(gesprek.traject)
    betrokkene = _uit_kring(kring, request.POST.get("wie", ""))
    if betrokkene is None:
        return _gesprek_pagina(request, gesprek, kring, behoefte_fout=_("Kies iemand uit de kring."))
    # A fresh copy for the form: a refused post must not change what the page shows as saved.
    bewerkt = Betrokkene.objects.get(pk=betrokkene.pk)
    form = BehoefteForm(request.POST, instance=bewerkt, kring=kring, prefix=_behoefte_prefix(betrokkene))
    if form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Opgeslagen wat %(naam)s nodig heeft om mee te doen.") % {"naam": betrokkene.voornaam})
        url = _gesprek_url(gesprek)
        if betrokkene not in _deelnemers_in_kring(gesprek, kring):
            url += f"?voor={betrokkene.uuid}"
        return redirect(f"{url}#behoefte-{betrokkene.uuid}")
    _focus(form)
    return _gesprek_pagina(request, gesprek, kring, behoefte_form=form)


@login_required
@require_POST
def idee(request, traject, gesprek):
    gesprek = _laad_gesprek(get_gesprek_for_user(request, traject, gesprek))
    kring = _kring(gesprek.traject)
    form = IdeeForm(request.POST, deelnemers=_deelnemers_in_kring(gesprek, kring), prefix=IDEE)
    inbreng = already_created(Inbreng, form, traject=gesprek.traject)
    if inbreng is None and form.is_valid():
        try:
            with transaction.atomic():
                inbreng = form.save(gesprek=gesprek)
        except IntegrityError:
            inbreng = already_created(Inbreng, form, traject=gesprek.traject)
            if inbreng is None:
                raise
    if inbreng is not None:
        if inbreng.soort == Inbreng.Soort.IDEE:
            melding = _("Het idee is bewaard. In de bijeenkomst kan het een voorstel worden.")
        else:
            melding = _("De woorden zijn bewaard voor de bijeenkomst.")
        messages.success(request, melding)
        return redirect(_gesprek_url(gesprek, "idee"))
    _focus(form)
    return _gesprek_pagina(request, gesprek, kring, idee_form=form)


@login_required
@require_POST
def gesprek_verwijderen(request, traject, gesprek):
    gesprek = get_gesprek_for_user(request, traject, gesprek, verwijderd=None)
    if not gesprek.verwijderd_op:
        gesprek.verwijder()
    # The overview shows the message with its undo button (a plain message cannot hold a form).
    return redirect(reverse("voorbereiding:overzicht", args=[gesprek.traject.uuid]) + f"?verwijderd={gesprek.uuid}")


@login_required
@require_POST
def gesprek_terugzetten(request, traject, gesprek):
    gesprek = get_gesprek_for_user(request, traject, gesprek, verwijderd=None)
    if gesprek.verwijderd_op:
        gesprek.herstel()
    messages.success(request, _("Het gesprek van %(datum)s is teruggezet.") % {"datum": date_format(gesprek.datum)})
    return redirect(_gesprek_url(gesprek))


@login_required
def informatie(request, traject):
    traject = get_voorbereiding_for_user(request, traject)
    form = VerzoekNieuwForm(request.POST if request.method == "POST" else None, traject=traject, prefix=NIEUW)
    if request.method == "POST":
        verzoek = already_created(InformatieVerzoek, form, traject=traject)
        if verzoek is None and form.is_valid():
            try:
                with transaction.atomic():
                    verzoek = form.save(door=request.user)
            except IntegrityError:
                verzoek = already_created(InformatieVerzoek, form, traject=traject)
                if verzoek is None:
                    raise
        if verzoek is not None:
            messages.success(request, _("De vraag om informatie is opgeschreven."))
            return redirect(reverse("voorbereiding:informatie", args=[traject.uuid]) + f"#verzoek-{verzoek.uuid}")
        _focus(form)
    verzoeken = list(
        traject.informatieverzoeken.select_related("gesprek")
        .prefetch_related("gesprek__deelnemers")
        .order_by(F("uiterlijk").asc(nulls_last=True), "aangemaakt_op")
    )
    beantwoord = sorted((v for v in verzoeken if not v.is_open), key=lambda v: v.beantwoord_op, reverse=True)
    context = {
        "traject": traject,
        "form": form,
        "open": [v for v in verzoeken if v.is_open],
        "beantwoord": beantwoord,
    }
    return render(request, "voorbereiding/informatie.html", context)


@login_required
def verzoek(request, traject, verzoek):
    verzoek = get_verzoek_for_user(request, traject, verzoek)
    traject = verzoek.traject
    beantwoorden = request.method == "POST" and request.POST.get("actie") == "beantwoorden"
    bewerken = request.method == "POST" and not beantwoorden
    # Bound forms get a fresh copy: a refused post must not change what the page shows as saved.
    form = VerzoekForm(
        request.POST if bewerken else None,
        instance=InformatieVerzoek.objects.get(pk=verzoek.pk) if bewerken else verzoek,
        traject=traject,
        prefix="verzoek",
    )
    antwoord_form = AntwoordForm(
        request.POST if beantwoorden else None,
        instance=InformatieVerzoek.objects.get(pk=verzoek.pk) if beantwoorden else verzoek,
        prefix="antwoord",
    )
    gepost = antwoord_form if beantwoorden else form
    if request.method == "POST":
        if gepost.is_valid():
            with transaction.atomic():
                gepost.save()
            if beantwoorden:
                messages.success(request, _("Het antwoord is opgeslagen. De vraag staat nu bij ‘Beantwoord’."))
            else:
                messages.success(request, _("De vraag om informatie is opgeslagen."))
            return redirect(reverse("voorbereiding:informatie", args=[traject.uuid]) + f"#verzoek-{verzoek.uuid}")
        _focus(gepost)
    if verzoek.gesprek_id:
        prefetch_related_objects([verzoek.gesprek], "deelnemers")
    context = {"traject": traject, "verzoek": verzoek, "form": form, "antwoord_form": antwoord_form}
    return render(request, "voorbereiding/verzoek.html", context)


@login_required
@require_POST
def verzoek_heropenen(request, traject, verzoek):
    verzoek = get_verzoek_for_user(request, traject, verzoek)
    if not verzoek.is_open:
        verzoek.heropenen()
    messages.success(request, _("De vraag staat weer open. Het antwoord dat er was, staat er nog."))
    return redirect("voorbereiding:verzoek", verzoek.traject.uuid, verzoek.uuid)


@login_required
def inbreng(request, traject):
    traject = get_voorbereiding_for_user(request, traject)
    alle = traject.inbreng.select_related("betrokkene", "gesprek").order_by("-aangemaakt_op", "-id")
    verwijderd = list(alle.filter(verwijderd_op__gte=timezone.now() - RECENT_VERWIJDERD).order_by("-verwijderd_op")[:20])
    context = {
        "traject": traject,
        "inbreng": list(alle.filter(verwijderd_op__isnull=True)),
        "verwijderd": verwijderd,
        "net_verwijderd": next((i for i in verwijderd if str(i.uuid) == request.GET.get("verwijderd")), None),
    }
    return render(request, "voorbereiding/inbreng.html", context)


@login_required
@require_POST
def inbreng_verwijderen(request, traject, inbreng):
    inbreng = get_inbreng_for_user(request, traject, inbreng, verwijderd=None)
    if not inbreng.verwijderd_op:
        inbreng.verwijder()
    # The list shows the message with its undo button (a plain message cannot hold a form).
    return redirect(reverse("voorbereiding:inbreng", args=[inbreng.traject.uuid]) + f"?verwijderd={inbreng.uuid}")


@login_required
@require_POST
def inbreng_terugzetten(request, traject, inbreng):
    inbreng = get_inbreng_for_user(request, traject, inbreng, verwijderd=None)
    if inbreng.verwijderd_op:
        inbreng.herstel()
    messages.success(request, _("De inbreng van %(naam)s is teruggezet.") % {"naam": inbreng.betrokkene.voornaam})
    return redirect(reverse("voorbereiding:inbreng", args=[inbreng.traject.uuid]) + f"#inbreng-{inbreng.uuid}")
