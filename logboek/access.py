"""Who may read a log: a traject's facilitators read its log, an organisation's beheerders the whole organisation's.

Anyone else with a role on the traject gets a 403, anyone else a 404 (through the helpers below them).
"""

from beheer.access import get_organisatie_for_beheerder
from kwesties.access import get_traject_for_user
from kwesties.models import TrajectRol


def get_traject_for_logboek(request, traject_uuid):
    return get_traject_for_user(request, traject_uuid, rol=TrajectRol.Rol.FACILITATOR)


def get_organisatie_for_logboek(request, organisatie_uuid):
    return get_organisatie_for_beheerder(request, organisatie_uuid)
