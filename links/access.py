"""Who may open what: facilitators manage the links of their traject; on the public side the token is the key.

Professional views get their objects through the get_*_for_user helpers. The public views get
the link through get_link_for_token, which slows down guessing and logs every refused use.
"""

from datetime import timedelta

from django.db import connection
from django.shortcuts import get_object_or_404
from django.utils import timezone

from besluitvorming.models import Bijeenkomst, ConsentRonde, Reactie, Telefoonkoppeling
from kwesties.access import get_traject_for_user
from kwesties.models import Betrokkene, TrajectRol
from nieuwe_route.db import een_rij
from nieuwe_route.toegang import noteer_toegang

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
        noteer_toegang(request, traject=betrokkene.traject, betrokkene=betrokkene, link=link, geweigerd=detail)
        return None, NIET_MEER
    # For the access log: the URL holds only the token.
    noteer_toegang(request, traject=betrokkene.traject, betrokkene=betrokkene, link=link)
    return link, None


def telefoonstand(ronde_pk, zichtbaar, versies):
    """All a waiting phone's page depends on, as one short text: the round it may answer now (if any), whether
    answers are shown, and the versions of this person's own answers in it.

    Other people's answers change the meeting's stand but not this, so a room full of waiting phones is not
    re-rendered for every answer someone else gives.
    """
    return f"{ronde_pk or 0}.{int(bool(zichtbaar))}.{versies or 0}"


# Plain SQL on purpose, as for the room's screen (besluitvorming.access): every waiting phone asks every 2 seconds.
# The open round counts only while the meeting runs with phones on, as in telefoon_views._open_ronde.
_TELEFOON_SQL = """
    SELECT r.id, r.stil, r.onthuld_op,
        (SELECT COALESCE(SUM(x.versie), 0) FROM {reactie} x
         WHERE x.ronde_id = r.id AND (x.betrokkene_id = p.id OR x.namens_id = p.id))
    {van}
    LEFT JOIN {ronde} r ON r.bijeenkomst_id = b.id AND r.gesloten_op IS NULL AND b.status = %s AND b.telefoons = %s
    WHERE {waar}
    ORDER BY b.aangemaakt_op DESC, b.id DESC
    LIMIT 1
"""


def _telefoonstand(van, waar, params):
    sql = _TELEFOON_SQL.format(
        reactie=Reactie._meta.db_table, ronde=ConsentRonde._meta.db_table, van=van, waar=waar
    )
    rij = een_rij(sql, [Bijeenkomst.Status.BEGONNEN.value, True, *params])
    if rij is None:
        return None
    ronde_pk, stil, onthuld_op, versies = rij
    if ronde_pk is None:
        return telefoonstand(None, False, 0)
    return telefoonstand(ronde_pk, not stil or onthuld_op is not None, versies)


def get_telefoonstand_for_token(token):
    """For a valid link whose person's meeting is being prepared or held: its telefoonstand, in one query; else None.

    A waiting phone asks this every two seconds. It only ever leads to "unchanged" (204): anything else, and
    any token that is not valid now, goes the whole way through get_link_for_token.
    """
    if not token or len(token) > 100:
        return None
    van = f"""FROM {PersoonlijkeLink._meta.db_table} l
    INNER JOIN {Betrokkene._meta.db_table} p ON p.id = l.betrokkene_id
    INNER JOIN {Bijeenkomst._meta.db_table} b ON b.traject_id = p.traject_id"""
    waar = """l.token_hash = %s AND l.ingetrokken_op IS NULL AND l.verloopt_op > %s
      AND p.verwijderd_op IS NULL AND b.status <> %s"""
    nu = connection.ops.adapt_datetimefield_value(timezone.now())
    return _telefoonstand(van, waar, [hash_token(token), nu, Bijeenkomst.Status.AFGEROND.value])


def get_telefoonstand_for_koppeling(code, token):
    """For a phone that joined with the QR code: its telefoonstand while its coupling holds, in one query, or None."""
    if not code or len(code) > 64 or not token or not token.isascii() or len(token) > 100:
        return None
    van = f"""FROM {Telefoonkoppeling._meta.db_table} k
    INNER JOIN {Bijeenkomst._meta.db_table} b ON b.id = k.bijeenkomst_id
    INNER JOIN {Betrokkene._meta.db_table} p ON p.id = k.betrokkene_id"""
    waar = """b.meedoen_code = %s AND b.status = %s AND b.telefoons = %s
      AND k.token_hash = %s AND k.losgekoppeld_op IS NULL AND p.verwijderd_op IS NULL"""
    return _telefoonstand(van, waar, [code, Bijeenkomst.Status.BEGONNEN.value, True, Telefoonkoppeling.hash(token)])


# "Last used" is shown to the minute: a link used again within it is not written again.
LAATST_GEBRUIKT_PRECISIE = timedelta(minutes=1)


def noteer_gebruik(link, actie, detail=""):
    """Log one use of a valid link and remember when it was last used."""
    gebruik = LinkGebruik.objects.create(
        link=link, traject=link.betrokkene.traject, betrokkene=link.betrokkene, actie=actie, detail=detail[:200]
    )
    vorige = link.laatst_gebruikt_op
    if vorige is None or gebruik.op - vorige >= LAATST_GEBRUIKT_PRECISIE:
        PersoonlijkeLink.objects.filter(pk=link.pk).update(laatst_gebruikt_op=gebruik.op)
        link.laatst_gebruikt_op = gebruik.op
    return gebruik
