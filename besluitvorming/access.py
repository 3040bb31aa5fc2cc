"""Access to the meeting: read by everyone with a role on the traject, planned and started by its facilitators."""

from django.shortcuts import get_object_or_404

from kwesties.access import get_traject_for_user
from kwesties.models import TrajectRol

from .models import huidige_bijeenkomst


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
