"""The kaders page: who sees what, and what it costs in queries.

Shared helpers for the other test_kaders_* files live here too.
"""

import pytest

from kaders.models import Kader, KaderSet, KaderWijziging

from .conftest import assert_login_redirect

NOOR_BIJ_OMA = "Noor woont bij oma, zo heeft de rechter besloten."


def kaders_url(traject, naam="", kader=None):
    base = f"/trajecten/{traject.uuid}/kaders/"
    if kader is not None:
        return f"{base}{kader.uuid}/{naam}/"
    return base + (f"{naam}/" if naam else "")


@pytest.fixture
def kaderset(traject):
    return KaderSet.objects.get(traject=traject)


@pytest.fixture
def bobs_kader(kaderset, bob):
    return kaderset.kader_toevoegen(bob, Kader.Soort.WETTELIJK, NOOR_BIJ_OMA, "Uitspraak van 3 maart.")


@pytest.fixture
def daves_kader(kaderset, dave):
    return kaderset.kader_toevoegen(dave, Kader.Soort.FINANCIEEL, "De gemeente betaalt twee uur hulp per week.")


def vul_interventie(kaderset, user):
    kaderset.wijzig_interventie(user, "De gezinsvoogd vraagt de rechter om een uithuisplaatsing.", "Bob de Vries, gezinsvoogd")


@pytest.fixture
def vastgesteld(kaderset, bob, bobs_kader):
    vul_interventie(kaderset, bob)
    kaderset.vaststellen(bob)
    return kaderset


def test_the_kadersteller_sees_the_kaders_with_their_owners(bob_client, traject, bobs_kader, daves_kader):
    body = bob_client.get(kaders_url(traject)).content.decode()
    assert NOOR_BIJ_OMA in body and "De gemeente betaalt twee uur hulp" in body
    assert "Kader van Bob de Vries" in body and "Kader van Dave Peters" in body
    assert "Concept" in body


def test_the_kadersteller_may_edit_only_their_own_kaders(bob_client, traject, bobs_kader, daves_kader):
    body = bob_client.get(kaders_url(traject)).content.decode()
    assert kaders_url(traject, "bewerken", bobs_kader) in body
    assert kaders_url(traject, "bewerken", daves_kader) not in body
    assert 'id="kader-nieuw"' in body and kaders_url(traject, "vaststellen") in body


def test_the_facilitator_reads_the_kaders_without_edit_buttons(alice_client, traject, bobs_kader):
    r = alice_client.get(kaders_url(traject))
    body = r.content.decode()
    assert r.status_code == 200
    assert NOOR_BIJ_OMA in body
    assert "bewerken/" not in body and "verwijderen/" not in body
    assert 'id="kader-nieuw"' not in body and kaders_url(traject, "vaststellen") not in body
    assert "Aanpassen" not in body and "Tip:" not in body


def test_the_facilitator_sees_who_fixed_the_kaders_and_when(alice_client, traject, vastgesteld):
    body = alice_client.get(kaders_url(traject)).content.decode()
    assert "Vastgesteld op" in body and "door Bob de Vries" in body
    assert "Versie 1" in body and "gewijzigd na vaststelling" not in body
    assert "De gezinsvoogd vraagt de rechter om een uithuisplaatsing." in body


def test_an_empty_kaderset_explains_what_is_missing(bob_client, traject):
    body = bob_client.get(kaders_url(traject)).content.decode()
    assert "Er zijn nog geen kaders." in body
    assert "Dit moet ingevuld zijn voordat de kaders vastgesteld kunnen worden." in body
    assert 'id="interventie-form"' in body


def test_a_gentle_hint_appears_when_there_is_no_safety_kader(bob_client, traject, kaderset, bob, bobs_kader):
    assert "nog geen kader over veiligheid" in bob_client.get(kaders_url(traject)).content.decode()
    kaderset.kader_toevoegen(bob, Kader.Soort.VEILIGHEID, "Er wordt niet geslagen.")
    assert "nog geen kader over veiligheid" not in bob_client.get(kaders_url(traject)).content.decode()


def test_html_in_a_kader_is_shown_escaped(bob_client, traject, kaderset, bob):
    kaderset.kader_toevoegen(bob, Kader.Soort.ANDERS, "<script>alert(1)</script>", "<b>vet</b>")
    body = bob_client.get(kaders_url(traject)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;b&gt;vet&lt;/b&gt;" in body
    assert "<script>alert(1)" not in body


def test_the_page_has_no_duplicate_ids(bob_client, traject, bobs_kader, daves_kader):
    import re

    body = bob_client.get(kaders_url(traject)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert len(ids) == len(set(ids))


def test_the_page_uses_a_fixed_number_of_queries(
    bob_client, traject, kaderset, bob, dave, django_assert_max_num_queries
):
    for i in range(10):
        kaderset.kader_toevoegen(bob if i % 2 else dave, Kader.Soort.ANDERS, f"Kader {i}")
    vul_interventie(kaderset, bob)
    kaderset.vaststellen(bob)
    for kader in Kader.objects.filter(eigenaar=bob):
        kader.wijzig(bob, Kader.Soort.AFSPRAAK, kader.tekst + " (aangepast)", reden="De school belde.")
    kaderset.refresh_from_db()
    assert kaderset.wijzigingen.count() == 6
    with django_assert_max_num_queries(10):
        r = bob_client.get(kaders_url(traject))
    assert r.content.decode().count('class="card kader"') == 10
    assert r.content.decode().count('class="wijziging"') == 6


@pytest.mark.parametrize("naam", ["", "nieuw", "als-er-geen-veilig-plan-komt", "vaststellen"])
def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, naam):
    assert mallory_client.get(kaders_url(traject, naam)).status_code in (404, 405)
    assert mallory_client.post(kaders_url(traject, naam), {"tekst": "x"}).status_code == 404


@pytest.mark.parametrize("naam", ["bewerken", "verwijderen", "terugzetten"])
def test_another_organisation_gets_404_for_a_kader(mallory_client, traject, bobs_kader, naam):
    assert mallory_client.get(kaders_url(traject, naam, bobs_kader)).status_code in (404, 405)
    assert mallory_client.post(kaders_url(traject, naam, bobs_kader), {"tekst": "x"}).status_code == 404


@pytest.mark.parametrize("naam", ["", "nieuw", "als-er-geen-veilig-plan-komt", "vaststellen"])
def test_a_colleague_without_a_role_gets_404(erin_client, traject, naam):
    assert erin_client.post(kaders_url(traject, naam)).status_code == 404


@pytest.mark.parametrize("naam", ["", "nieuw", "als-er-geen-veilig-plan-komt", "vaststellen"])
def test_anonymous_users_are_sent_to_login(client, traject, naam):
    assert_login_redirect(client.get(kaders_url(traject, naam)))
    assert_login_redirect(client.post(kaders_url(traject, naam)))


@pytest.mark.parametrize("naam", ["bewerken", "verwijderen", "terugzetten"])
def test_anonymous_users_are_sent_to_login_for_a_kader(client, traject, bobs_kader, naam):
    assert_login_redirect(client.get(kaders_url(traject, naam, bobs_kader)))
    assert_login_redirect(client.post(kaders_url(traject, naam, bobs_kader)))


@pytest.mark.parametrize("naam", ["nieuw", "als-er-geen-veilig-plan-komt", "vaststellen"])
def test_the_facilitator_may_not_change_the_kaders(alice_client, traject, kaderset, naam):
    assert alice_client.get(kaders_url(traject, naam)).status_code in (403, 405)
    r = alice_client.post(kaders_url(traject, naam), {
        "soort": "wettelijk", "tekst": "Alice schrijft", "als_geen_veilig_plan": "x", "wie_grijpt_in": "Alice",
        "gezien_versie": kaderset.bewerkversie,
    })
    assert r.status_code == 403
    kaderset.refresh_from_db()
    assert not kaderset.kaders.exists() and kaderset.wie_grijpt_in == "" and not kaderset.is_vastgesteld


@pytest.mark.parametrize("naam", ["bewerken", "verwijderen"])
def test_the_facilitator_may_not_change_a_kader(alice_client, traject, bobs_kader, naam):
    assert alice_client.get(kaders_url(traject, naam, bobs_kader)).status_code == 403
    r = alice_client.post(kaders_url(traject, naam, bobs_kader), {"soort": "anders", "tekst": "Alice", "gezien_versie": 1})
    assert r.status_code == 403
    bobs_kader.refresh_from_db()
    assert bobs_kader.tekst == NOOR_BIJ_OMA and not bobs_kader.is_verwijderd


def test_the_facilitator_may_not_restore_a_kader(alice_client, traject, bob, bobs_kader):
    bobs_kader.verwijder(bob)
    assert alice_client.post(kaders_url(traject, "terugzetten", bobs_kader)).status_code == 403
    assert Kader.objects.get(pk=bobs_kader.pk).is_verwijderd


@pytest.mark.parametrize("naam", ["bewerken", "verwijderen"])
def test_a_second_kadersteller_may_not_change_anothers_kader(dave_client, traject, bobs_kader, naam):
    assert dave_client.get(kaders_url(traject, naam, bobs_kader)).status_code == 403
    r = dave_client.post(kaders_url(traject, naam, bobs_kader), {"soort": "anders", "tekst": "Dave", "gezien_versie": 1})
    assert r.status_code == 403
    bobs_kader.refresh_from_db()
    assert bobs_kader.tekst == NOOR_BIJ_OMA and not bobs_kader.is_verwijderd


def test_a_kader_of_another_traject_is_not_found(bob_client, traject, mallory_traject, mallory):
    anders = KaderSet.objects.get(traject=mallory_traject).kader_toevoegen(mallory, "anders", "Van Mallory")
    assert bob_client.get(kaders_url(traject, "bewerken", anders)).status_code == 404
    assert KaderWijziging.objects.count() == 0
