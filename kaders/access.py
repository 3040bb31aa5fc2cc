"""Access to kaders: read by everyone with a role on the traject, written by its kaderstellers."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kwesties.access import get_traject_for_user
from kwesties.models import TrajectRol

from .models import Kader, KaderSet


def get_kaderset_for_user(request, traject_uuid, schrijven=False):
    traject = get_traject_for_user(request, traject_uuid, rol=TrajectRol.Rol.KADERSTELLER if schrijven else None)
    kaderset, _ = KaderSet.objects.get_or_create(traject=traject)
    kaderset.traject = traject
    return kaderset


def get_kader_for_user(request, traject_uuid, kader_uuid):
    """A kader its owner may change; other kaderstellers and facilitators get 403."""
    kaderset = get_kaderset_for_user(request, traject_uuid, schrijven=True)
    kader = get_object_or_404(Kader.objects.geldig().filter(kaderset=kaderset), uuid=kader_uuid)
    if kader.eigenaar_id != request.user.pk:
        raise PermissionDenied
    kader.kaderset = kaderset
    return kader
