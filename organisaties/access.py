"""Who may manage an organisation: its beheerders, nobody else (404 for the rest)."""

from django.shortcuts import get_object_or_404

from .models import Organisatie


def get_organisatie_for_beheerder(request, organisatie_uuid):
    return get_object_or_404(
        Organisatie.objects.filter(lidmaatschappen__user=request.user, lidmaatschappen__is_beheerder=True),
        uuid=organisatie_uuid,
    )
