"""Who may open what, answered in one place per model.

A user sees a traject only through a role on it; anything else is a 404, so
another organisation cannot even learn that a traject exists.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Betrokkene, Traject, TrajectRol


def get_traject_for_user(request, traject_uuid, rol=None):
    """The traject if the user holds a role on it; with `rol`, 403 for a user who lacks that role."""
    traject = get_object_or_404(
        Traject.objects.voor_gebruiker(request.user).select_related("organisatie", "kwestie", "kaderset"),
        uuid=traject_uuid,
    )
    traject.mijn_rollen = set(
        TrajectRol.objects.filter(traject=traject, user=request.user).values_list("rol", flat=True)
    )
    if rol is not None and rol not in traject.mijn_rollen:
        raise PermissionDenied
    return traject


def get_betrokkene_for_user(request, traject_uuid, betrokkene_uuid, rol=TrajectRol.Rol.FACILITATOR):
    traject = get_traject_for_user(request, traject_uuid, rol=rol)
    betrokkene = get_object_or_404(Betrokkene.objects.filter(traject=traject), uuid=betrokkene_uuid)
    betrokkene.traject = traject
    return betrokkene
