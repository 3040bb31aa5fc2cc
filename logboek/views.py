"""Reading the log: a traject's, for its facilitators; the organisation's, for its beheerders, also as CSV.

Opening either is itself logged (by the middleware, as any page is), with the filter used.
"""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kwesties.models import Betrokkene, Traject
from nieuwe_route.toegang import noteer_toegang

from .access import get_organisatie_for_logboek, get_traject_for_logboek
from .forms import LogboekFilter
from .models import Toegang

PER_PAGINA = 25
CSV_DEEL = 1000
# A cell that starts with one of these is a formula to a spreadsheet: it gets a quote before it.
FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _wie(regel, voornaam=True):
    """Who it was, in words; the first names of the kring only for the traject's facilitators."""
    if regel.via == Toegang.Via.ACCOUNT:
        return regel.gebruiker.naam
    naam = regel.voornaam if voornaam else None
    if regel.via == Toegang.Via.LINK:
        return _("Link van %(naam)s") % {"naam": naam} if naam else _("Persoonlijke link")
    if naam:
        return _("Telefoon van %(naam)s") % {"naam": naam}
    if regel.betrokkene_uuid is None:
        return _("Telefoon, nog zonder naam")
    return _("Telefoon via de QR-code")


def _alleen_lezen(request):
    """405 for anything but reading, asked after the access check: another organisation still gets its 404."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


@login_required
def traject(request, traject):
    traject = get_traject_for_logboek(request, traject)
    if weigering := _alleen_lezen(request):
        return weigering
    namen = Betrokkene.objects.filter(traject=traject, uuid=OuterRef("betrokkene_uuid")).values("voornaam")[:1]
    regels = (
        Toegang.objects.filter(traject_uuid=traject.uuid).select_related("gebruiker").annotate(voornaam=Subquery(namen))
    )
    pagina = Paginator(regels, PER_PAGINA).get_page(request.GET.get("pagina"))
    for regel in pagina:
        regel.wie = _wie(regel)
    return render(request, "logboek/traject.html", {"traject": traject, "pagina": pagina})


def _met_filter(request, organisatie_uuid):
    """The organisation the user manages, and the filter from the query string."""
    organisatie = get_organisatie_for_logboek(request, organisatie_uuid)
    return organisatie, LogboekFilter(request.GET, organisatie=organisatie)


def _organisatie_regels(organisatie, form):
    labels = Traject.objects.filter(organisatie=organisatie, uuid=OuterRef("traject_uuid")).values("label")[:1]
    return form.filter(
        Toegang.objects.filter(organisatie=organisatie).select_related("gebruiker").annotate(traject_label=Subquery(labels))
    )


@login_required
def organisatie(request, organisatie):
    organisatie, form = _met_filter(request, organisatie)
    if weigering := _alleen_lezen(request):
        return weigering
    pagina = None
    if form.is_valid():
        noteer_toegang(request, detail=form.beschrijving())
        pagina = Paginator(_organisatie_regels(organisatie, form), PER_PAGINA).get_page(request.GET.get("pagina"))
        for regel in pagina:
            regel.wie = _wie(regel, voornaam=False)
    return render(request, "logboek/organisatie.html", {"organisatie": organisatie, "form": form, "pagina": pagina})


def _in_delen(regels):
    """All entries, newest first, fetched a thousand at a time (keyset), so a year's log never sits in memory."""
    laatste = None
    while True:
        deel = regels
        if laatste is not None:
            deel = deel.filter(Q(op__lt=laatste.op) | Q(op=laatste.op, id__lt=laatste.id))
        rijen = list(deel.order_by("-op", "-id")[:CSV_DEEL])
        yield from rijen
        if len(rijen) < CSV_DEEL:
            return
        laatste = rijen[-1]


def cel(waarde):
    """A cell as text that a spreadsheet shows as text, never runs as a formula."""
    tekst = "" if waarde is None else str(waarde)
    return "'" + tekst if tekst.startswith(FORMULE) else tekst


class _Regel:
    """csv.writer writes to this and gets the line back, so the response can stream it."""

    def write(self, tekst):
        return tekst


def _csv(regels, taal):
    # Streamed after the request is done: the language is set again for the headings and descriptions.
    with translation.override(taal):
        yield from _csv_regels(regels)


def _csv_regels(regels):
    schrijver = csv.writer(_Regel(), delimiter=";")
    yield "\ufeff"  # the byte order mark: Excel then reads the file as UTF-8
    yield schrijver.writerow([
        _("Wanneer"), _("Traject"), _("Traject-id"), _("Wie"), _("E-mailadres"), _("Via"), _("Link-id"),
        _("Persoon-id"), _("Wat"), _("Omschrijving"), _("Pagina"), _("Methode"), _("IP-adres"),
    ])
    for r in _in_delen(regels):
        yield schrijver.writerow([cel(w) for w in (
            timezone.localtime(r.op).strftime("%Y-%m-%d %H:%M:%S"),
            r.traject_label or "",
            r.traject_uuid or "",
            _wie(r, voornaam=False),
            r.gebruiker.email if r.gebruiker else "",
            r.get_via_display(),
            r.link_uuid or "",
            r.betrokkene_uuid or "",
            r.get_actie_display(),
            r.omschrijving_tekst,
            r.weergave,
            r.methode,
            r.ip or "",
        )])


@login_required
def organisatie_csv(request, organisatie):
    """The filtered log as CSV: UTF-8 with a byte order mark and ';' between the cells, as Dutch Excel expects."""
    organisatie, form = _met_filter(request, organisatie)
    if weigering := _alleen_lezen(request):
        return weigering
    if not form.is_valid():
        # The page says what is wrong with the filter, beside the field.
        return redirect(reverse("logboek:organisatie", args=[organisatie.uuid]) + "?" + request.GET.urlencode())
    noteer_toegang(request, detail=form.beschrijving())
    regels = _organisatie_regels(organisatie, form)
    response = StreamingHttpResponse(_csv(regels, translation.get_language()), content_type="text/csv; charset=utf-8")
    naam = slugify(organisatie.naam) or "organisatie"
    response["Content-Disposition"] = f'attachment; filename="logboek-{naam}-{timezone.localdate():%Y-%m-%d}.csv"'
    return response
