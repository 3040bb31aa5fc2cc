"""Who may open what: facilitators manage the links of their traject; on the public side the token is the key.

Professional views get their objects through the get_*_for_user helpers. The public views get
the link through get_link_for_token, which slows down guessing and logs every refused use.
"""

from django.db import connection
from django.shortcuts import get_object_or_404
from django.utils import timezone

from besluitvorming.models import Bijeenkomst, Telefoonkoppeling

from kwesties.access import get_traject_for_user
from kwesties.models import Betrokkene, TrajectRol

from .models import LinkGebruik, LinkPoging, PersoonlijkeLink, hash_token

# Why a token opens nothing: what the public page then says.
TE_VAAK = "te_vaak"
ONBEKEND = "onbekend"
NIET_MEER = "niet_meer"


def get_traject_for_facilitator(request, traject_uuid):
    return get_traject_for_user(request, traject_uuid, rol=TrajectRol.Rol.FACILITATOR)


def get_betrokkene_for_user(request, traject_uuid, betrokkene_uuid):
    """Someone in this traject's kring (not removed from it); only a facilitator may make their link."""
    traject = get_traject_for_facilitator(request, traject_uuid)
    betrokkene = get_object_or_404(Betrokkene.objects.in_kring().filter(traject=traject), uuid=betrokkene_uuid)
    betrokkene.traject = traject
    return betrokkene


def get_link_for_user(request, traject_uuid, link_uuid):
    traject = get_traject_for_facilitator(request, traject_uuid)
    link = get_object_or_404(
        PersoonlijkeLink.objects.select_related("betrokkene").filter(betrokkene__traject=traject), uuid=link_uuid
    )
    link.betrokkene.traject = traject
    return link


def client_ip(request):
    # The address the connection came from; a proxy in front must pass the real one in REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def get_link_for_token(request, token):
    """(link, None) for a token that opens a page, else (None, reason).

    Too many unknown tokens from one address: refused before the token is even looked up.
    An unknown token counts as an attempt; a revoked or expired one is logged on its link.
    """
    ip = client_ip(request)
    if LinkPoging.te_veel(ip):
        return None, TE_VAAK
    link = PersoonlijkeLink.zoek(token)
    if link is None:
        LinkPoging.noteer(ip)
        return None, ONBEKEND
    betrokkene = link.betrokkene
    if not link.is_geldig or betrokkene.verwijderd_op is not None:
        if link.is_ingetrokken:
            detail = "ingetrokken"
        elif link.is_verlopen:
            detail = "verlopen"
        else:
            detail = "niet meer in de kring"
        LinkGebruik.objects.create(
            link=link, traject=betrokkene.traject, betrokkene=betrokkene, actie=LinkGebruik.Actie.GEWEIGERD, detail=detail
        )
        return None, NIET_MEER
    return link, None


# Plain SQL on purpose, as for the room's screen (besluitvorming.access): every waiting phone asks every 2 seconds.
_STAND_SQL = """
    SELECT b.stand FROM {link} l
    INNER JOIN {betrokkene} p ON p.id = l.betrokkene_id
    INNER JOIN {bijeenkomst} b ON b.traject_id = p.traject_id
    WHERE l.token_hash = %s AND l.ingetrokken_op IS NULL AND l.verloopt_op > %s
      AND p.verwijderd_op IS NULL AND b.status <> %s
    ORDER BY b.aangemaakt_op DESC, b.id DESC
    LIMIT 1
"""


def get_stand_for_token(token):
    """The stand of the meeting being held for a valid link's person, in one query, or None.

    A waiting phone asks this every two seconds. It only ever leads to "unchanged" (204): anything else, and
    any token that is not valid now, goes the whole way through get_link_for_token.
    """
    if not token or len(token) > 100:
        return None
    sql = _STAND_SQL.format(
        link=PersoonlijkeLink._meta.db_table, betrokkene=Betrokkene._meta.db_table,
        bijeenkomst=Bijeenkomst._meta.db_table,
    )
    with connection.cursor() as cursor:
        nu = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(sql, [hash_token(token), nu, Bijeenkomst.Status.AFGEROND.value])
        rij = cursor.fetchone()
    return None if rij is None else rij[0]


_STAND_KOPPELING_SQL = """
    SELECT b.stand FROM {koppeling} k
    INNER JOIN {bijeenkomst} b ON b.id = k.bijeenkomst_id
    INNER JOIN {betrokkene} p ON p.id = k.betrokkene_id
    WHERE b.meedoen_code = %s AND b.status = %s AND b.telefoons = %s
      AND k.token_hash = %s AND k.losgekoppeld_op IS NULL AND p.verwijderd_op IS NULL
    LIMIT 1
"""


def get_stand_for_koppeling(code, token):
    """For a phone that joined with the QR code: the meeting's stand while its coupling holds, in one query, or None."""
    if not code or len(code) > 64 or not token or not token.isascii() or len(token) > 100:
        return None
    sql = _STAND_KOPPELING_SQL.format(
        koppeling=Telefoonkoppeling._meta.db_table, bijeenkomst=Bijeenkomst._meta.db_table,
        betrokkene=Betrokkene._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [code, Bijeenkomst.Status.BEGONNEN.value, True, Telefoonkoppeling.hash(token)])
        rij = cursor.fetchone()
    return None if rij is None else rij[0]


def noteer_gebruik(link, actie, detail=""):
    """Log one use of a valid link and remember when it was last used."""
    gebruik = LinkGebruik.objects.create(
        link=link, traject=link.betrokkene.traject, betrokkene=link.betrokkene, actie=actie, detail=detail[:200]
    )
    PersoonlijkeLink.objects.filter(pk=link.pk).update(laatst_gebruikt_op=gebruik.op)
    link.laatst_gebruikt_op = gebruik.op
    return gebruik
