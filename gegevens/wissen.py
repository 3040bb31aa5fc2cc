"""Erasing a traject completely: one function for the beheerder's screen and for manage.py bewaartermijn."""

import logging

from django.db import transaction

from kwesties.models import Traject
from logboek.models import wis_persoonsgegevens

from .models import Verwijdering

logger = logging.getLogger(__name__)


@transaction.atomic
def wis_traject(traject, door, reden, toelichting=""):
    """Remove the traject and everything under it; what stays is an anonymous Verwijdering, which is returned.

    door: the beheerder, or None when the retention command erases it ("automatisch").
    Raises Traject.DoesNotExist when someone else erased it first.
    """
    # Locked, so that of two erasures at once the second finds nothing instead of counting a half-erased traject.
    traject = Traject.objects.select_for_update().get(pk=traject.pk)
    traject_uuid = traject.uuid
    # The access log keeps who worked on the traject and when; its free text and IP addresses go with it.
    wis_persoonsgegevens(traject_uuid)
    totaal, per_model = traject.delete()
    verwijdering = Verwijdering.objects.create(
        traject_uuid=traject_uuid,
        organisatie_id=traject.organisatie_id,
        door=door,
        automatisch=door is None,
        reden=reden,
        toelichting=toelichting.strip(),
        traject_aangemaakt_op=traject.aangemaakt_op,
        traject_afgesloten_op=traject.afgesloten_op,
        aantallen=dict(sorted(per_model.items())),
        totaal=totaal,
    )
    logger.info(
        "Traject %s gewist (%s) door %s: %s rijen",
        traject_uuid, reden, "automatisch" if door is None else f"gebruiker {door.uuid}", totaal,
    )
    return verwijdering
