"""Access to kaders: read by everyone with a role on the traject, written by its kaderstellers."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kwesties.access import get_traject_for_user
from kwesties.models import TrajectRol

from .models import Kader, KaderSet


def get_kaderset_for_user(request, traject_uuid, schrijven=False):
    """The kaderset of a traject the user has a role on; with `schrijven`, 403 for anyone but a kadersteller."""
    traject = get_traject_for_user(request, traject_uuid, rol=TrajectRol.Rol.KADERSTELLER if schrijven else None)
    kaderset, _ = KaderSet.objects.select_related("vastgesteld_door").get_or_create(traject=traject)
    kaderset.traject = traject
    return kaderset


def get_kader_for_user(request, traject_uuid, kader_uuid, verwijderd=False):
    """A kader its owner may change; other kaderstellers and facilitators get 403."""
    kaderset = get_kaderset_for_user(request, traject_uuid, schrijven=True)
    kaders = Kader.objects.filter(kaderset=kaderset, verwijderd_op__isnull=not verwijderd)
    kader = get_object_or_404(kaders, uuid=kader_uuid)
    if kader.eigenaar_id != request.user.pk:
        raise PermissionDenied
    kader.kaderset = kaderset
    return kader
