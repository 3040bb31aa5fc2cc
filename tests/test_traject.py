import pytest

from kaders.models import Kader
from kwesties.models import Betrokkene
from voorbereiding.models import Gesprek

from .conftest import assert_login_redirect


def url(traject):
    return f"/trajecten/{traject.uuid}/"


def test_the_spine_shows_what_is_next_and_what_blocks(alice_client, traject):
    body = alice_client.get(url(traject)).content.decode()
    assert "Centrale vraag opschrijven en vaststellen" in body
    assert "Mensen aan de kring toevoegen" in body
    assert "Kaders nog niet vastgesteld" in body
    assert "Kan pas beginnen als de kaders zijn vastgesteld" in body


def test_the_spine_shows_done_phases(alice_client, alice, bob, traject, kring):
    traject.kwestie.wijzig(alice, "Wat is ervoor nodig dat Noor rust heeft?", "")
    traject.kwestie.vaststellen(alice)
    ks = traject.kaderset
    ks.als_geen_veilig_plan, ks.wie_grijpt_in = "De rechter beslist over de omgang.", "Bob de Vries"
    ks.save()
    ks.vaststellen(bob)
    body = alice_client.get(url(traject)).content.decode()
    assert body.count('class="phase phase-klaar"') == 2
    assert "Vastgesteld, versie 1" in body
    assert "Kan pas beginnen" not in body


def test_it_shows_people_by_name_with_their_relation(alice_client, traject, kring):
    body = alice_client.get(url(traject)).content.decode()
    assert "Sanne Jacobs" in body and "Ouder" in body
    assert "Ria spreekt namens hem of haar" in body


def test_the_kadersteller_sees_it_too(bob_client, traject):
    assert bob_client.get(url(traject)).status_code == 200


def test_the_page_uses_a_fixed_number_of_queries(alice_client, alice, bob, traject, django_assert_max_num_queries):
    for i in range(15):
        Betrokkene.objects.create(traject=traject, voornaam=f"Persoon {i}", relatie="familie")
    for i in range(10):
        Kader.objects.create(kaderset=traject.kaderset, soort="anders", tekst=f"Kader {i}", eigenaar=bob)
    mensen = list(traject.betrokkenen.all())
    for i in range(10):
        Gesprek.objects.create(traject=traject).deelnemers.set(mensen[i:i + 2])
    with django_assert_max_num_queries(12):
        assert alice_client.get(url(traject)).status_code == 200


def test_another_organisation_gets_404(mallory_client, traject):
    assert mallory_client.get(url(traject)).status_code == 404


def test_a_colleague_without_a_role_gets_404(erin_client, carol_client, traject):
    assert erin_client.get(url(traject)).status_code == 404
    assert carol_client.get(url(traject)).status_code == 404


def test_an_unknown_uuid_gets_404(alice_client, db):
    assert alice_client.get("/trajecten/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_anonymous_users_are_sent_to_login(client, traject):
    assert_login_redirect(client.get(url(traject)))


def _kwestie_vast(traject, alice):
    traject.kwestie.wijzig(alice, "Wat is ervoor nodig dat Noor rust heeft?", "")
    traject.kwestie.vaststellen(alice)


def test_the_spine_names_who_still_needs_a_conversation(alice_client, alice, traject, kring, gesprek):
    _kwestie_vast(traject, alice)
    body = alice_client.get(url(traject)).content.decode()
    assert "1 van de 5 mensen in de kring hadden hun gesprek." in body
    assert "Nog een gesprek met: Mark, Ria, Noor, Fatima" in body
    assert f"/trajecten/{traject.uuid}/voorbereiding/" in body


def test_the_spine_shows_preparation_done_when_everyone_had_a_conversation(alice_client, alice, traject, kring, gesprek):
    _kwestie_vast(traject, alice)
    gesprek.deelnemers.set(kring)
    body = alice_client.get(url(traject)).content.decode()
    assert "Met iedereen in de kring is gesproken." in body
    assert "Nog een gesprek met" not in body


def test_a_deleted_conversation_does_not_count(alice_client, alice, traject, kring, gesprek):
    _kwestie_vast(traject, alice)
    gesprek.verwijder()
    assert "Nog een gesprek met: Sanne, Mark" in alice_client.get(url(traject)).content.decode()


def test_the_kadersteller_is_not_sent_to_the_facilitators_preparation(bob_client, alice, traject, kring):
    _kwestie_vast(traject, alice)
    body = bob_client.get(url(traject)).content.decode()
    assert f"/trajecten/{traject.uuid}/voorbereiding/" not in body
    assert f"/trajecten/{traject.uuid}/bijeenkomst/" in body


def test_the_spine_shows_the_planned_meeting(alice_client, traject, kring, kaders_vastgesteld, bijeenkomst):
    from django.utils.formats import date_format

    body = alice_client.get(url(traject)).content.decode()
    assert f"Gepland op {date_format(bijeenkomst.datum)}." in body
    assert "Kan pas beginnen" not in body


def test_the_spine_shows_a_started_meeting(alice_client, alice, traject, kring, kaders_vastgesteld, bijeenkomst):
    bijeenkomst.starten(alice)
    assert "De bijeenkomst is begonnen." in alice_client.get(url(traject)).content.decode()
    assert f"/trajecten/{traject.uuid}/bijeenkomst/console/" in alice_client.get(url(traject)).content.decode()


def test_the_spine_shows_the_vastgesteld_plan(alice_client, bob_client, alice, bob, traject, afspraak, kaders_vastgesteld):
    afspraak.plan.kaders_toetsen(bob, [(kaders_vastgesteld.kaders.get(), True, "")])
    afspraak.plan.vaststellen(alice)
    for c in (alice_client, bob_client):
        body = c.get(url(traject)).content.decode()
        assert "Het plan is vastgesteld (versie 1)." in body
        assert f"/trajecten/{traject.uuid}/bijeenkomst/plan/" in body
