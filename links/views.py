"""The facilitator's side of personal links: issue, show once, print, revoke, and the log of their use."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voorbereiding.models import Inbreng

from .access import get_betrokkene_for_user, get_link_for_user, get_traject_for_facilitator
from .forms import UitgevenForm
from .models import LinkGebruik, PersoonlijkeLink
from .public_views import lopende_bijeenkomst


def _form_id(betrokkene):
    # One form per person on the page: each needs its own ids.
    return f"link-{betrokkene.uuid}-%s"


def _status(link):
    if link is None:
        return "geen"
    if link.is_ingetrokken:
        return "ingetrokken"
    if link.is_verlopen:
        return "verlopen"
    return "geldig"


def _overzicht(request, traject, fout=None):
    """The kring with the state of everyone's link; `fout` is (betrokkene, form) after an invalid date."""
    alle_links = Prefetch("links", queryset=PersoonlijkeLink.objects.order_by("-aangemaakt_op", "-id"), to_attr="alle")
    kring = list(traject.betrokkenen.in_kring().prefetch_related(alle_links))
    for b in kring:
        b.link = b.alle[0] if b.alle else None
        b.link_status = _status(b.link)
        b.laatst_gebruikt = max((link.laatst_gebruikt_op for link in b.alle if link.laatst_gebruikt_op), default=None)
        if fout and fout[0].pk == b.pk:
            b.form = fout[1]
        else:
            b.form = UitgevenForm(auto_id=_form_id(b))
    return render(request, "links/overzicht.html", {"traject": traject, "kring": kring, "fout": fout})


@login_required
def overzicht(request, traject):
    traject = get_traject_for_facilitator(request, traject)
    return _overzicht(request, traject)


def qr_svg(url, titel):
    """The link as a QR code, inline SVG that prints sharp at any size."""
    svg = segno.make(url, error="m").svg_inline(scale=4, title=titel, dark="#000", omitsize=True, svgclass="qr")
    # segno writes only path data and the title, which it escapes: safe to put in the page as is.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


@login_required
@require_POST
def uitgeven(request, traject, betrokkene):
    betrokkene = get_betrokkene_for_user(request, traject, betrokkene)
    traject = betrokkene.traject
    form = UitgevenForm(request.POST, auto_id=_form_id(betrokkene))
    if not form.is_valid():
        return _overzicht(request, traject, fout=(betrokkene, form))
    link, token = PersoonlijkeLink.uitgeven(betrokkene, request.user, verloopt_op=form.verloopt_op())
    url = request.build_absolute_uri(reverse("link:pagina", args=[token]))
    bijeenkomst = lopende_bijeenkomst(traject)
    context = {
        "traject": traject,
        "betrokkene": betrokkene,
        "link": link,
        "url": url,
        "qr": qr_svg(url, _("QR-code met de link voor %(naam)s") % {"naam": betrokkene.voornaam}),
        "kwestie": traject.kwestie,
        "bijeenkomst": bijeenkomst if bijeenkomst is not None and bijeenkomst.datum else None,
    }
    # Answered directly, not redirected: only the token's hash is stored, so this is the one chance to see it.
    response = render(request, "links/uitnodiging.html", context)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def intrekken(request, traject, link):
    link = get_link_for_user(request, traject, link)
    naam = link.betrokkene.voornaam
    if link.is_ingetrokken:
        messages.info(request, _("De link van %(naam)s was al ingetrokken.") % {"naam": naam})
    else:
        link.intrekken(request.user)
        messages.success(
            request,
            _("De link van %(naam)s werkt niet meer. Maak een nieuwe link als %(naam)s de pagina weer moet kunnen zien.")
            % {"naam": naam},
        )
    return redirect("links:overzicht", link.betrokkene.traject.uuid)


def _detail_tekst(regel):
    """What the log's detail means, in words; the detail itself stays as it was written."""
    woorden = {
        "ingetrokken": _("de link was ingetrokken"),
        "verlopen": _("de link was verlopen"),
        "niet meer in de kring": _("niet meer in de kring"),
    }
    if regel.actie == LinkGebruik.Actie.INGESTUURD and regel.detail in Inbreng.Soort.values:
        return Inbreng.Soort(regel.detail).label
    return woorden.get(regel.detail, regel.detail)


@login_required
def gebruik(request, traject):
    traject = get_traject_for_facilitator(request, traject)
    regels = LinkGebruik.objects.filter(traject=traject).select_related("betrokkene").order_by("-op", "-id")
    pagina = Paginator(regels, 50).get_page(request.GET.get("pagina"))
    for regel in pagina:
        regel.detail_tekst = _detail_tekst(regel)
    return render(request, "links/gebruik.html", {"traject": traject, "pagina": pagina})
