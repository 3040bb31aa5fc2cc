"""Who may open what, answered in one place per model.

A user sees a traject only through a role on it; anything else is a 404, so
another organisation cannot even learn that a traject exists.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Betrokkene, TrajectRol


def get_traject_for_user(request, traject_uuid, rol=None):
    """The traject if the user holds a role on it; with `rol`, 403 for a user who lacks that role."""
    if not request.user.is_authenticated:
        raise Http404
    # The user's roles on it, with the traject joined: every view asks this first, so it is one query.
    rollen = list(
        TrajectRol.objects.filter(user=request.user, traject__uuid=traject_uuid)
        .select_related("traject__organisatie", "traject__kwestie", "traject__kaderset")
        .order_by()
    )
    if not rollen:
        raise Http404
    traject = rollen[0].traject
    traject.mijn_rollen = {r.rol for r in rollen}
    if rol is not None and rol not in traject.mijn_rollen:
        raise PermissionDenied
    return traject


def get_betrokkene_for_user(request, traject_uuid, betrokkene_uuid, rol=TrajectRol.Rol.FACILITATOR):
    traject = get_traject_for_user(request, traject_uuid, rol=rol)
    betrokkene = get_object_or_404(Betrokkene.objects.filter(traject=traject), uuid=betrokkene_uuid)
    betrokkene.traject = traject
    return betrokkene
