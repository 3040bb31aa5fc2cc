import pytest

from kaders.models import Kader
from kwesties.models import Betrokkene

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
