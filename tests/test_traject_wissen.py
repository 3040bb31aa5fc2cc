"""Erasing a traject at the database level: everything goes at once, nothing half (issue 7 builds the screen on this)."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from besluitvorming.models import Aanwezigheid, ConsentRonde, Plan, Reactie
from kwesties.models import Betrokkene, Traject
from links.models import PersoonlijkeLink
from voorbereiding.models import Gesprek


def test_a_traject_with_its_meeting_rounds_and_plan_is_erased_completely(vastgesteld_plan, traject, gesprek, link):
    traject.delete()
    assert not Traject.objects.filter(pk=traject.pk).exists()
    for model in (Betrokkene, Aanwezigheid, ConsentRonde, Reactie, Plan, Gesprek, PersoonlijkeLink):
        assert not model.objects.exists(), model


def test_a_representative_alone_cannot_be_removed_from_under_the_child(kring):
    ria = kring[2]
    with pytest.raises((RestrictedError, IntegrityError)), transaction.atomic():
        ria.delete()
    assert Betrokkene.objects.get(pk=kring[3].pk).vertegenwoordigd_door == ria
