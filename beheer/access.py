"""Who may manage an organisation: its beheerders, nobody else (404 for the rest).

Every beheer view gets its object through one of these helpers, so the check
lives in one place. A traject is reached only through an organisation the user
manages; its case content is never loaded here.
"""

from django.shortcuts import get_object_or_404

from kwesties.models import Traject, TrajectRol

from organisaties.models import Lidmaatschap, Organisatie


def get_organisatie_for_beheerder(request, organisatie_uuid):
    return get_object_or_404(
        Organisatie.objects.filter(lidmaatschappen__user=request.user, lidmaatschappen__is_beheerder=True),
        uuid=organisatie_uuid,
    )


def get_lidmaatschap_for_beheerder(request, organisatie_uuid, user_uuid):
    """A member's Lidmaatschap in an organisation the user manages."""
    organisatie = get_organisatie_for_beheerder(request, organisatie_uuid)
    lid = get_object_or_404(
        Lidmaatschap.objects.filter(organisatie=organisatie).select_related("user"), user__uuid=user_uuid
    )
    lid.organisatie = organisatie
    return lid


def get_traject_for_beheerder(request, organisatie_uuid, traject_uuid):
    """A traject of an organisation the user manages; only label, date and roles are meant for this screen."""
    organisatie = get_organisatie_for_beheerder(request, organisatie_uuid)
    traject = get_object_or_404(Traject.objects.filter(organisatie=organisatie), uuid=traject_uuid)
    traject.organisatie = organisatie
    return traject


def get_trajectrol_for_beheerder(request, organisatie_uuid, traject_uuid, user_uuid, rol):
    traject = get_traject_for_beheerder(request, organisatie_uuid, traject_uuid)
    trajectrol = get_object_or_404(
        TrajectRol.objects.filter(traject=traject).select_related("user"), user__uuid=user_uuid, rol=rol
    )
    trajectrol.traject = traject
    return trajectrol
