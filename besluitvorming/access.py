"""Access to the meeting: read by everyone with a role on the traject, planned and started by its facilitators."""

import uuid

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404

from kwesties.access import get_traject_for_user
from kwesties.models import TrajectRol
from nieuwe_route.db import een_rij

from .models import Afspraak, Bijeenkomst, ConsentRonde, Plan, Reactie, Voorstel, huidige_bijeenkomst


def get_bijeenkomst_for_user(request, traject_uuid, schrijven=False):
    """The traject's current meeting; with `schrijven`, 403 for anyone but a facilitator."""
    traject = get_traject_for_user(request, traject_uuid, rol=TrajectRol.Rol.FACILITATOR if schrijven else None)
    return huidige_bijeenkomst(traject)


def get_betrokkene_voor_bijeenkomst(request, traject_uuid, betrokkene_uuid):
    """The meeting and one person in its kring (removed people and other trajecten: 404)."""
    bijeenkomst = get_bijeenkomst_for_user(request, traject_uuid)
    betrokkene = get_object_or_404(bijeenkomst.traject.betrokkenen.in_kring(), uuid=betrokkene_uuid)
    betrokkene.traject = bijeenkomst.traject
    return bijeenkomst, betrokkene


def _rol(schrijven):
    return TrajectRol.Rol.FACILITATOR if schrijven else None


def get_voorstel_for_user(request, traject_uuid, voorstel_uuid, schrijven=False):
    """A proposal of the traject's current meeting; other meetings, trajecten and organisations: 404."""
    bijeenkomst = get_bijeenkomst_for_user(request, traject_uuid, schrijven=schrijven)
    voorstel = get_object_or_404(Voorstel.objects.filter(bijeenkomst=bijeenkomst), uuid=voorstel_uuid)
    voorstel.bijeenkomst = bijeenkomst
    return voorstel


def get_ronde_for_user(request, traject_uuid, ronde_uuid, schrijven=False):
    bijeenkomst = get_bijeenkomst_for_user(request, traject_uuid, schrijven=schrijven)
    ronde = get_object_or_404(
        ConsentRonde.objects.filter(bijeenkomst=bijeenkomst).select_related("voorstel", "versie"), uuid=ronde_uuid
    )
    ronde.bijeenkomst = ronde.voorstel.bijeenkomst = bijeenkomst
    return ronde


def get_reactie_for_user(request, traject_uuid, ronde_uuid, betrokkene_uuid):
    """One person's answer slot in a round; only the facilitator records answers."""
    ronde = get_ronde_for_user(request, traject_uuid, ronde_uuid, schrijven=True)
    reactie = get_object_or_404(
        Reactie.objects.filter(ronde=ronde).select_related("betrokkene", "namens"), betrokkene__uuid=betrokkene_uuid
    )
    reactie.ronde = ronde
    return reactie


def get_plan_for_user(request, traject_uuid, rol=None):
    """The current meeting's plan (made on first use); `rol` limits who may act on it (403 otherwise)."""
    traject = get_traject_for_user(request, traject_uuid, rol=rol)
    return Plan.voor(huidige_bijeenkomst(traject))


def get_afspraak_for_user(request, traject_uuid, afspraak_uuid, schrijven=False):
    plan = get_plan_for_user(request, traject_uuid, rol=_rol(schrijven))
    afspraak = get_object_or_404(Afspraak.objects.filter(plan=plan), uuid=afspraak_uuid)
    afspraak.plan = plan
    return afspraak


def _stand(traject_uuid, user_pk):
    """(uuid, stand) of the traject's latest meeting if this active user holds a role on it, in one query."""
    return (
        Bijeenkomst.objects.filter(
            traject__uuid=traject_uuid, traject__rollen__user_id=user_pk, traject__rollen__user__is_active=True
        )
        .order_by("-aangemaakt_op", "-id")
        .values_list("uuid", "stand")
        .first()
    )


def get_stand_for_user(request, traject_uuid):
    """(uuid, stand) of the traject's latest meeting, role checked, in one query: the screens poll this every second."""
    if not request.user.is_authenticated:
        raise Http404
    rij = _stand(traject_uuid, request.user.pk)
    if rij is None:
        raise Http404
    return rij


# The room's screen polls every second. Its poll carries a signed ticket (who, which traject), so that "nothing
# changed" costs one small query and no session lookup. The ticket only ever answers "unchanged": anything to show
# goes through the session and get_bijeenkomst_for_user as before, and the role is checked again on every poll.
SCHERMKAART_SALT = "besluitvorming.flap.stand"
SCHERMKAART_GELDIG = 24 * 3600

# Plain SQL on purpose: this runs for every screen every second, and the ORM's query building costs more than
# the query itself. The traject by primary key keeps PostgreSQL's planning short.
_STAND_SQL = """
    SELECT b.uuid, b.stand FROM {bijeenkomst} b
    WHERE b.traject_id = %s AND EXISTS (
        SELECT 1 FROM {rol} r INNER JOIN {user} u ON u.id = r.user_id
        WHERE r.traject_id = b.traject_id AND r.user_id = %s AND u.is_active = %s
    )
    ORDER BY b.aangemaakt_op DESC, b.id DESC
    LIMIT 1
"""


# The console's round panel polls too, every 2 s while a round is open. Its ticket is the screen's; the query also
# asks what the view does: a facilitator's role, and the round in the traject's latest meeting.
_RONDE_STAND_SQL = """
    SELECT b.stand FROM (
        SELECT b.id, b.stand FROM {bijeenkomst} b WHERE b.traject_id = %s
        ORDER BY b.aangemaakt_op DESC, b.id DESC LIMIT 1
    ) b
    WHERE EXISTS (SELECT 1 FROM {ronde} x WHERE x.bijeenkomst_id = b.id AND x.uuid = %s)
      AND EXISTS (
        SELECT 1 FROM {rol} r INNER JOIN {user} u ON u.id = r.user_id
        WHERE r.traject_id = %s AND r.user_id = %s AND r.rol = %s AND u.is_active = %s
      )
"""


def schermkaart(request, traject):
    return signing.dumps([request.user.pk, traject.pk, str(traject.uuid)], salt=SCHERMKAART_SALT)


def _kaart(kaart, traject_uuid):
    """(user pk, traject pk) of a valid, unexpired ticket for this traject, else None."""
    if not kaart or len(kaart) > 200:
        return None
    try:
        user_pk, traject_pk, traject = signing.loads(kaart, salt=SCHERMKAART_SALT, max_age=SCHERMKAART_GELDIG)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if traject != str(traject_uuid) or not isinstance(user_pk, int) or not isinstance(traject_pk, int):
        return None
    return user_pk, traject_pk


def get_ronde_stand_for_kaart(kaart, traject_uuid, ronde_uuid):
    """The meeting's stand for the round panel's poll: a valid ticket of a facilitator, the round in the meeting."""
    gelezen = _kaart(kaart, traject_uuid)
    if gelezen is None:
        return None
    user_pk, traject_pk = gelezen
    sql = _RONDE_STAND_SQL.format(
        bijeenkomst=Bijeenkomst._meta.db_table, ronde=ConsentRonde._meta.db_table, rol=TrajectRol._meta.db_table,
        user=get_user_model()._meta.db_table,
    )
    try:
        ronde = ConsentRonde._meta.get_field("uuid").get_db_prep_value(uuid.UUID(str(ronde_uuid)), connection)
    except ValueError:
        return None
    rij = een_rij(sql, [traject_pk, ronde, traject_pk, user_pk, TrajectRol.Rol.FACILITATOR.value, True])
    return None if rij is None else rij[0]


def get_stand_for_kaart(kaart, traject_uuid):
    """(uuid, stand) for a valid, unexpired ticket of a user who still holds a role on the traject; else None."""
    gelezen = _kaart(kaart, traject_uuid)
    if gelezen is None:
        return None
    user_pk, traject_pk = gelezen
    sql = _STAND_SQL.format(
        bijeenkomst=Bijeenkomst._meta.db_table, rol=TrajectRol._meta.db_table, user=get_user_model()._meta.db_table
    )
    rij = een_rij(sql, [traject_pk, user_pk, True])
    if rij is None:
        return None
    uuid_, stand = rij
    return uuid_, stand
