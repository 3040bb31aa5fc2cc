"""Erasing a traject leaves none of its personal data anywhere in the database, and touches nothing else.

The traject is built through the app's own methods with a marker in every free-text field (gegevens_hulp.py);
after the beheerder erases it, every column of every table is read back as text and searched for the marker.
Closed consent rounds are protected by triggers on SQLite and PostgreSQL: the erasure removes them all the same.
"""

import hashlib

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session

from gegevens.models import Verwijdering
from gegevens.records import cascade_paden, records_van
from gegevens.wissen import wis_traject
from kwesties.models import Traject

from .gegevens_hulp import ANDER_MERK, MERK, bouw_traject, free_text_fields, rows_with


@pytest.fixture
def volledig(org, alice, bob):
    return bouw_traject(org, alice, bob, MERK)[0]


@pytest.fixture
def ander(org, alice, bob):
    return bouw_traject(org, alice, bob, ANDER_MERK)[0]


def fingerprint(traject):
    """Row count and hash per model of everything under one traject."""
    uit = {}
    for model, queryset in records_van(traject):
        rijen = list(queryset.values_list())
        uit[model._meta.label] = (len(rijen), hashlib.sha256(repr(rijen).encode()).hexdigest())
    return uit


def test_the_marker_reaches_every_free_text_field_under_a_traject(volledig):
    missing = []
    for label, veld in free_text_fields():
        model = apps.get_model(label)
        waarden = model._base_manager.filter(**{cascade_paden()[model]: volledig.pk}).values_list(veld, flat=True)
        if not any(MERK.casefold() in str(w).casefold() for w in waarden):
            missing.append(f"{label}.{veld}")
    assert not missing, f"gegevens_hulp.bouw_traject writes no marker into: {missing}"


def test_erasing_leaves_the_marker_nowhere_in_the_database_and_the_other_traject_as_it_was(carol, org, volledig,
                                                                                         ander):
    voor = rows_with(MERK)
    assert len(voor) >= 15, voor
    ander_voor, ander_tabellen = fingerprint(ander), rows_with(ANDER_MERK)
    wis_traject(volledig, carol, "verzoek_betrokkene", "Verzoek per brief.")
    assert rows_with(MERK) == {}
    assert fingerprint(ander) == ander_voor
    assert rows_with(ANDER_MERK) == ander_tabellen
    assert Verwijdering.objects.get().traject_uuid == volledig.uuid


def test_the_beheerder_s_erasure_leaves_the_marker_nowhere_not_even_in_a_session(carol_client, org, volledig):
    r = carol_client.post(
        f"/beheer/{org.uuid}/trajecten/{volledig.uuid}/wissen/",
        {"reden": "verzoek_betrokkene", "toelichting": "Verzoek per brief.", "label": volledig.label},
    )
    assert r.status_code == 302
    assert rows_with(MERK) == {}
    for _ in ("the message waiting in the session", "the page that shows it"):
        assert Session.objects.exists()
        for sessie in Session.objects.all():
            assert MERK.casefold() not in str(sessie.get_decoded()).casefold()
        carol_client.get(r["Location"])


def test_what_stays_is_an_anonymous_record_with_the_counts(carol, org, volledig):
    aangemaakt, afgesloten, uuid = volledig.aangemaakt_op, volledig.afgesloten_op, volledig.uuid
    verwijdering = wis_traject(volledig, carol, "anders", "  Dubbel aangemaakt.  ")
    verwijdering.refresh_from_db()
    assert (verwijdering.traject_uuid, verwijdering.door, verwijdering.automatisch) == (uuid, carol, False)
    assert (verwijdering.reden, verwijdering.toelichting) == ("anders", "Dubbel aangemaakt.")
    assert (verwijdering.traject_aangemaakt_op, verwijdering.traject_afgesloten_op) == (aangemaakt, afgesloten)
    a = verwijdering.aantallen
    assert (a["kwesties.Traject"], a["kwesties.Betrokkene"], a["besluitvorming.ConsentRonde"]) == (1, 3, 2)
    assert (a["besluitvorming.Reactie"], a["besluitvorming.Plan"], a["besluitvorming.PlanPdf"]) == (6, 1, 1)
    assert verwijdering.totaal == sum(a.values())
    assert "3 mensen in de kring" in verwijdering.samenvatting()
    assert not Traject.objects.filter(uuid=uuid).exists()


def test_an_erasure_is_one_transaction(carol, volledig, monkeypatch):
    """If writing the record fails, nothing is erased."""
    def kapot(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Verwijdering.objects, "create", kapot)
    with pytest.raises(RuntimeError):
        wis_traject(volledig, carol, "verzoek_betrokkene")
    assert Traject.objects.filter(pk=volledig.pk).exists()
    assert len(rows_with(MERK)) >= 15


def test_a_traject_erased_in_the_meantime_is_not_erased_twice(carol, traject):
    kopie = Traject.objects.get(pk=traject.pk)
    wis_traject(traject, carol, "ten_onrechte")
    with pytest.raises(Traject.DoesNotExist):
        wis_traject(kopie, carol, "ten_onrechte")
    assert Verwijdering.objects.count() == 1


def test_the_access_log_keeps_its_entries_of_the_traject_without_their_free_text_or_ip(carol, org, traject):
    from logboek.models import Toegang

    andere = Traject.objects.create(organisatie=org, label="Familie Z.")
    for t in (traject, andere):
        Toegang.objects.create(organisatie=org, traject_uuid=t.uuid, via="account", gebruiker=carol, actie="bekeken",
                               weergave="traject", methode="GET", ip="192.0.2.7", omschrijving=f"{MERK} bekeken")
    wis_traject(traject, carol, "ten_onrechte")
    entry = Toegang.objects.get(traject_uuid=traject.uuid)
    assert (entry.omschrijving, entry.ip, entry.gebruiker_id, entry.actie) == ("", None, carol.pk, "bekeken")
    assert Toegang.objects.get(traject_uuid=andere.uuid).omschrijving == f"{MERK} bekeken"
