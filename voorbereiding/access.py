"""Access to the preparation: facilitators only, because the private notes are theirs alone.

A kadersteller gets 403, anyone without a role on the traject 404.
"""

from django.shortcuts import get_object_or_404

from kwesties.access import get_traject_for_user
from kwesties.models import TrajectRol

from .models import Gesprek, Inbreng, InformatieVerzoek


def get_voorbereiding_for_user(request, traject_uuid):
    """The traject, for a facilitator on it."""
    return get_traject_for_user(request, traject_uuid, rol=TrajectRol.Rol.FACILITATOR)


def _verwijderd_filter(verwijderd):
    # None: both, so that removing or restoring twice is harmless instead of a 404.
    return {} if verwijderd is None else {"verwijderd_op__isnull": not verwijderd}


def get_gesprek_for_user(request, traject_uuid, gesprek_uuid, verwijderd=False):
    """A gesprek of this traject; `verwijderd` True for a removed one, None for either."""
    traject = get_voorbereiding_for_user(request, traject_uuid)
    gesprekken = Gesprek.objects.filter(traject=traject, **_verwijderd_filter(verwijderd))
    gesprek = get_object_or_404(gesprekken.select_related("begeleider"), uuid=gesprek_uuid)
    gesprek.traject = traject
    return gesprek


def get_verzoek_for_user(request, traject_uuid, verzoek_uuid):
    traject = get_voorbereiding_for_user(request, traject_uuid)
    verzoeken = InformatieVerzoek.objects.filter(traject=traject).select_related("gesprek", "aangemaakt_door")
    verzoek = get_object_or_404(verzoeken, uuid=verzoek_uuid)
    verzoek.traject = traject
    return verzoek


def get_inbreng_for_user(request, traject_uuid, inbreng_uuid, verwijderd=False):
    """One idea or someone's words; `verwijderd` True for a removed one, None for either."""
    traject = get_voorbereiding_for_user(request, traject_uuid)
    inbreng = Inbreng.objects.filter(traject=traject, **_verwijderd_filter(verwijderd)).select_related("betrokkene")
    inbreng = get_object_or_404(inbreng, uuid=inbreng_uuid)
    inbreng.traject = traject
    return inbreng
