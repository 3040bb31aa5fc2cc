"""The one place the access log is written: after the view, one entry per request that showed or changed something.

Logged are requests by a logged-in professional whose URL names a traject (beheer's too), the beheerder's
changes to the organisation (members, settings: only when the view noted what it changed) and the log's own pages, and every use of a personal link or a phone in the room
(the view leaves a note for those, nieuwe_route.toegang, since the URL holds only a token). An answer that
delivered or changed nothing is not: 204 and 304 (the screens' "unchanged" polls), errors, and redirects after
a GET. A refused personal link is always logged. Writing the entry is one INSERT; if it cannot be written, the
page is not delivered either.
"""

import ipaddress

from django.db.models import Subquery
from django.db.models.functions import Coalesce

from kwesties.models import Traject
from nieuwe_route.storing import DATABASE_WEG, storing
from organisaties.models import Organisatie

from .models import Toegang
from .omschrijvingen import omschrijving

LEZEN = ("GET", "HEAD")
# Organisation pages without a traject in their URL that are logged when only opened, not only when sent.
ALTIJD = {"logboek:organisatie", "logboek:organisatie_csv"}


def levert_iets(methode, status):
    """Whether the answer showed or changed something: 2xx except 204, or a redirect after a POST."""
    if status in (204, 304):
        return False
    if 200 <= status < 300:
        return methode != "OPTIONS"
    return 300 <= status < 400 and methode not in (*LEZEN, "OPTIONS")


def client_ip(request):
    """The address the connection came from, or None when it is not an IP address (a unix socket)."""
    adres = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(adres.split("%")[0]))
    except ValueError:
        return None


def _actie(request, response, geweigerd):
    if geweigerd:
        return Toegang.Actie.GEWEIGERD
    if request.method in LEZEN:
        if response.get("Content-Disposition", "").startswith("attachment"):
            return Toegang.Actie.GEDOWNLOAD
        return Toegang.Actie.BEKEKEN
    return Toegang.Actie.GEWIJZIGD


def _wie_via_link(notitie):
    traject = notitie.traject
    return {
        "via": Toegang.Via.LINK if notitie.link is not None else Toegang.Via.TELEFOON,
        "organisatie_id": traject.organisatie_id,
        "traject_uuid": traject.uuid,
        "link_uuid": notitie.link.uuid if notitie.link is not None else None,
        "betrokkene_uuid": notitie.betrokkene.uuid if notitie.betrokkene is not None else None,
    }


def _waar(request, notitie):
    """(traject uuid, organisation id or a subquery for it) of a professional's request, or None if not logged."""
    kwargs = request.resolver_match.kwargs
    if notitie is not None and notitie.traject is not None:
        return notitie.traject.uuid, notitie.traject.organisatie_id
    organisatie = None
    if "organisatie" in kwargs:
        organisatie = Subquery(Organisatie.objects.filter(uuid=kwargs["organisatie"]).values("pk")[:1])
    if "traject" in kwargs:
        # The organisation is looked up in the INSERT itself: no query of its own, and no view has to pass it.
        van_traject = Subquery(Traject.objects.filter(uuid=kwargs["traject"]).values("organisatie_id")[:1])
        return kwargs["traject"], van_traject if organisatie is None else Coalesce(van_traject, organisatie)
    # The organisation's own beheer: what the beheerder changed (the view says what), and the log's pages.
    gewijzigd = request.method not in LEZEN and notitie is not None
    if organisatie is not None and (gewijzigd or request.resolver_match.view_name in ALTIJD):
        return None, organisatie
    return None


def toegang(request, response):
    """The fields of this request's entry, or None when it is not logged."""
    match = request.resolver_match
    if match is None:
        return None
    notitie = getattr(request, "logboek_notitie", None)
    geweigerd = notitie.geweigerd if notitie is not None else ""
    if not geweigerd and not levert_iets(request.method, response.status_code):
        return None
    if notitie is not None and (notitie.link is not None or notitie.telefoon):
        wie = _wie_via_link(notitie)
    elif match.namespace == "link":
        return None  # a family's page that opened no link (an unknown token): LinkPoging counts those
    else:
        waar = _waar(request, notitie)
        # Checked last: a poll answered from its signed ticket never loads the session.
        if waar is None or not request.user.is_authenticated:
            return None
        wie = {"via": Toegang.Via.ACCOUNT, "gebruiker_id": request.user.pk, "traject_uuid": waar[0], "organisatie_id": waar[1]}
    detail = geweigerd or (notitie.detail if notitie is not None else "")
    return {
        **wie,
        "actie": _actie(request, response, geweigerd),
        "weergave": match.view_name[:100],
        "methode": request.method[:10],
        "ip": client_ip(request),
        "omschrijving": omschrijving(match.view_name, request.method not in LEZEN, detail),
    }


class ToegangMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        velden = toegang(request, response)
        if velden is None:
            return response
        try:
            Toegang.objects.create(**velden)
        except DATABASE_WEG as fout:
            # Not logged, so not delivered: the 503 page instead (a POST is then rolled back, nieuwe_route.storing).
            return storing(request, fout)
        return response
