"""manage.py bewaartermijn: lists the trajecten past their term, and with --wissen erases exactly those."""

import datetime
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gegevens import wissen
from gegevens.models import Verwijdering
from kwesties.models import Traject, TrajectRol
from organisaties.models import Organisatie

from .test_every_url import database_snapshot

OUD = timezone.now() - datetime.timedelta(days=366 * 21)


@pytest.fixture
def trajecten(org, other_org, alice, mallory, traject, mallory_traject, kring):
    """Familie J. (with its kring) and Familie X. of the other organisation past their term; one kept, one open."""
    recent = Traject.objects.create(organisatie=org, label="Familie Recent")
    open_ = Traject.objects.create(organisatie=org, label="Familie Open", aangemaakt_op=OUD)
    for t, wie, op in ((traject, alice, OUD), (mallory_traject, mallory, OUD),
                       (recent, alice, timezone.now() - datetime.timedelta(days=30))):
        t.afsluiten(wie)
        Traject.objects.filter(pk=t.pk).update(afgesloten_op=op)
    return {"verlopen": [traject, mallory_traject], "blijft": [recent, open_]}


def run(*args):
    uit = StringIO()
    call_command("bewaartermijn", *args, stdout=uit)
    return uit.getvalue()


def test_the_dry_run_lists_what_is_due_by_uuid_and_changes_nothing(trajecten, org):
    voor = database_snapshot()
    uit = run()
    assert database_snapshot() == voor
    for t in trajecten["verlopen"]:
        assert str(t.uuid) in uit
    for t in trajecten["blijft"]:
        assert str(t.uuid) not in uit
    assert "Familie" not in uit
    assert "2 trajecten past their bewaartermijn. Nothing erased (use --wissen)." in uit


def test_wissen_erases_exactly_the_trajecten_past_their_term_with_an_automatic_record(trajecten, caplog):
    with caplog.at_level(logging.INFO):
        uit = run("--wissen")
    for t in trajecten["verlopen"]:
        assert not Traject.objects.filter(pk=t.pk).exists()
        v = Verwijdering.objects.get(traject_uuid=t.uuid)
        assert (v.reden, v.door, v.automatisch, v.toelichting) == ("bewaartermijn_verstreken", None, True, "")
        assert v.traject_afgesloten_op == OUD and v.organisatie_id == t.organisatie_id
        assert str(t.uuid) in caplog.text
    assert Verwijdering.objects.get(traject_uuid=trajecten["verlopen"][0].uuid).aantallen["kwesties.Betrokkene"] == 5
    for t in trajecten["blijft"]:
        assert Traject.objects.filter(pk=t.pk).exists()
    assert "erased" in uit
    assert "Familie" not in caplog.text and "Sanne" not in caplog.text
    assert "bewaartermijn: 2 trajecten erased, 0 failed" in caplog.text


def test_running_it_twice_is_harmless(trajecten):
    run("--wissen")
    voor = database_snapshot()
    uit = run("--wissen")
    assert database_snapshot() == voor
    assert Verwijdering.objects.count() == 2
    assert "erased" not in uit


def test_the_organisation_s_own_term_counts(trajecten, org):
    Organisatie.objects.filter(pk=org.pk).update(bewaartermijn_maanden=1)
    run("--wissen")
    recent, open_ = trajecten["blijft"]
    assert not Traject.objects.filter(pk=recent.pk).exists()
    assert Traject.objects.filter(pk=open_.pk).exists()


def test_one_failed_erasure_leaves_the_others_done_and_ends_with_an_error(trajecten, monkeypatch, caplog):
    eerste, tweede = trajecten["verlopen"]
    echt = wissen.wis_traject

    def soms_kapot(traject, *args, **kwargs):
        if traject.pk == eerste.pk:
            raise RuntimeError("database trigger")
        return echt(traject, *args, **kwargs)

    monkeypatch.setattr("gegevens.management.commands.bewaartermijn.wis_traject", soms_kapot)
    with pytest.raises(CommandError, match="1 trajecten could not be erased"):
        run("--wissen")
    assert Traject.objects.filter(pk=eerste.pk).exists()
    assert not Traject.objects.filter(pk=tweede.pk).exists()
    assert f"Could not erase traject {eerste.uuid}" in caplog.text


def test_it_is_quiet_with_verbosity_0(trajecten):
    uit = StringIO()
    call_command("bewaartermijn", "--wissen", verbosity=0, stdout=uit)
    assert uit.getvalue() == ""
    assert Verwijdering.objects.count() == 2


def test_a_traject_with_roles_and_a_meeting_is_erased_whole(trajecten, vastgesteld_plan):
    run("--wissen")
    assert not TrajectRol.objects.filter(traject_id=vastgesteld_plan.traject_id).exists()
    assert Verwijdering.objects.get(traject_uuid=trajecten["verlopen"][0].uuid).aantallen["besluitvorming.Plan"] == 1
