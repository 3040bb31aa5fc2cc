"""Adding, editing, removing and restoring one kader."""

import uuid

import pytest

from kaders.models import Kader

from .test_kaders import NOOR_BIJ_OMA, bobs_kader, daves_kader, kaders_url, kaderset, vastgesteld  # noqa: F401

NIEUW = {"soort": "veiligheid", "tekst": "Er wordt in huis niet geslagen.", "toelichting": "Afspraak met de politie."}


def voeg_toe(client, traject, **velden):
    return client.post(kaders_url(traject, "nieuw"), {**NIEUW, "client_token": str(uuid.uuid4()), **velden})


def bewerk(client, traject, kader, **velden):
    data = {"soort": "wettelijk", "tekst": "Noor woont bij oma tot de zomer.", "toelichting": "",
            "gezien_versie": Kader.objects.get(pk=kader.pk).versie}
    return client.post(kaders_url(traject, "bewerken", kader), {**data, **velden}, **velden.pop("headers", {}))


# Toevoegen


def test_a_kadersteller_adds_a_kader(bob_client, bob, traject):
    r = voeg_toe(bob_client, traject)
    assert r.status_code == 302 and r["Location"] == kaders_url(traject)
    kader = Kader.objects.get()
    assert (kader.soort, kader.tekst, kader.toelichting, kader.eigenaar) == (
        "veiligheid", NIEUW["tekst"], NIEUW["toelichting"], bob)
    body = bob_client.get(kaders_url(traject)).content.decode()
    assert NIEUW["tekst"] in body and "Het kader is toegevoegd." in body


def test_both_kaderstellers_may_add(dave_client, dave, traject):
    voeg_toe(dave_client, traject)
    assert Kader.objects.get().eigenaar == dave


def test_adding_with_htmx_answers_the_refreshed_kaders(bob_client, traject):
    r = bob_client.post(kaders_url(traject, "nieuw"), {**NIEUW, "client_token": str(uuid.uuid4())}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body
    assert r["HX-Retarget"] == "#kaders-inhoud" and r["HX-Reswap"] == "outerHTML"
    assert 'id="kaders-inhoud"' in body and NIEUW["tekst"] in body and "Het kader is toegevoegd." in body
    assert Kader.objects.count() == 1


def test_the_add_form_page_works_without_javascript(bob_client, traject):
    r = bob_client.get(kaders_url(traject, "nieuw"))
    assert r.status_code == 200 and "<h1>Kader toevoegen</h1>" in r.content.decode()


def test_a_double_submit_adds_the_kader_once(bob_client, traject):
    token = str(uuid.uuid4())
    eerste = voeg_toe(bob_client, traject, client_token=token)
    tweede = voeg_toe(bob_client, traject, client_token=token)
    assert eerste.status_code == tweede.status_code == 302
    assert Kader.objects.count() == 1


def test_an_empty_kader_is_refused_with_the_choice_kept(bob_client, traject):
    r = voeg_toe(bob_client, traject, tekst="   ", toelichting="Mijn toelichting blijft")
    body = r.content.decode()
    assert r.status_code == 200
    assert "Schrijf het kader op." in body and "Mijn toelichting blijft" in body
    assert 'value="veiligheid" required id="nieuw-soort_3" checked' in body
    assert not Kader.objects.exists()


def test_invalid_input_with_htmx_comes_back_as_the_form_with_status_200(bob_client, traject):
    r = bob_client.post(kaders_url(traject, "nieuw"), {"soort": "", "tekst": ""}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and 'id="kader-nieuw"' in body
    assert "Kies de soort kader." in body and "Schrijf het kader op." in body


def test_an_unknown_soort_is_refused(bob_client, traject):
    r = voeg_toe(bob_client, traject, soort="geheim")
    assert r.status_code == 200 and "Selecteer een geldige keuze" in r.content.decode()
    assert not Kader.objects.exists()


def test_a_kader_over_2000_characters_is_refused_and_kept(bob_client, traject):
    r = voeg_toe(bob_client, traject, tekst="a" * 2001)
    body = r.content.decode()
    assert "2000 tekens bevat (het zijn er nu 2001)" in body and "a" * 2001 in body
    assert not Kader.objects.exists()


def test_a_toelichting_over_5000_characters_is_refused(bob_client, traject):
    r = voeg_toe(bob_client, traject, toelichting="b" * 5001)
    assert "5000 tekens bevat (het zijn er nu 5001)" in r.content.decode()


def test_emoji_and_right_to_left_text_are_kept(bob_client, traject):
    voeg_toe(bob_client, traject, tekst="مريم woont bij oma 😊")
    assert Kader.objects.get().tekst == "مريم woont bij oma 😊"
    assert "مريم woont bij oma 😊" in bob_client.get(kaders_url(traject)).content.decode()


def test_html_typed_in_the_form_comes_back_escaped(bob_client, traject):
    r = voeg_toe(bob_client, traject, tekst="<script>x()</script>", soort="")
    body = r.content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in body and "<script>x()" not in body


def test_a_broken_client_token_does_not_break_the_form(bob_client, traject):
    r = voeg_toe(bob_client, traject, client_token="geen-uuid")
    assert r.status_code == 200 and Kader.objects.count() == 0


# Bewerken


def test_the_owner_edits_a_kader(bob_client, traject, bobs_kader):
    r = bewerk(bob_client, traject, bobs_kader, soort="afspraak")
    assert r.status_code == 302
    kader = Kader.objects.get(pk=bobs_kader.pk)
    assert (kader.soort, kader.tekst, kader.versie) == ("afspraak", "Noor woont bij oma tot de zomer.", 2)
    body = bob_client.get(kaders_url(traject)).content.decode()
    assert "Noor woont bij oma tot de zomer." in body and "Het kader is opgeslagen." in body
    assert kader.wijzigingen.count() == 0  # concept changes are not history


def test_the_edit_form_swaps_in_for_the_card_with_htmx(bob_client, traject, bobs_kader):
    r = bob_client.get(kaders_url(traject, "bewerken", bobs_kader), HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body
    assert body.strip().startswith("<form") and f'id="kader-{bobs_kader.uuid}"' in body
    assert NOOR_BIJ_OMA in body


def test_the_edit_page_works_without_javascript(bob_client, traject, bobs_kader):
    body = bob_client.get(kaders_url(traject, "bewerken", bobs_kader)).content.decode()
    assert "<h1>Kader bewerken</h1>" in body and NOOR_BIJ_OMA in body


def test_saving_with_htmx_swaps_the_card_back(bob_client, traject, bobs_kader):
    r = bewerk(bob_client, traject, bobs_kader, headers={"HTTP_HX_REQUEST": "true"})
    body = r.content.decode()
    assert r.status_code == 200 and r["HX-Retarget"] == "#kaders-inhoud"
    assert f'<article class="card kader" id="kader-{bobs_kader.uuid}"' in body
    assert "Noor woont bij oma tot de zomer." in body


def test_an_invalid_edit_with_htmx_returns_the_form_with_status_200(bob_client, traject, bobs_kader):
    r = bewerk(bob_client, traject, bobs_kader, tekst="", toelichting="blijft staan", headers={"HTTP_HX_REQUEST": "true"})
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and "HX-Retarget" not in r
    assert "Schrijf het kader op." in body and "blijft staan" in body
    assert Kader.objects.get(pk=bobs_kader.pk).tekst == NOOR_BIJ_OMA


def test_a_stale_edit_is_refused_and_keeps_what_i_typed(bob_client, bob, traject, bobs_kader):
    oud = bobs_kader.versie
    Kader.objects.get(pk=bobs_kader.pk).wijzig(bob, "wettelijk", "Intussen in een ander tabblad opgeslagen.")
    r = bewerk(bob_client, traject, bobs_kader, tekst="Mijn eigen versie", gezien_versie=oud)
    body = r.content.decode()
    assert "Iemand anders heeft dit intussen veranderd" in body
    assert "Mijn eigen versie" in body and "Intussen in een ander tabblad opgeslagen." in body
    assert Kader.objects.get(pk=bobs_kader.pk).tekst == "Intussen in een ander tabblad opgeslagen."


def test_a_missing_version_counts_as_stale(bob_client, traject, bobs_kader):
    r = bewerk(bob_client, traject, bobs_kader, gezien_versie="")
    assert "Iemand anders heeft dit intussen veranderd" in r.content.decode()
    assert Kader.objects.get(pk=bobs_kader.pk).tekst == NOOR_BIJ_OMA


def test_an_unknown_kader_is_not_found(bob_client, traject):
    r = bob_client.get(f"/trajecten/{traject.uuid}/kaders/{uuid.uuid4()}/bewerken/")
    assert r.status_code == 404


# Verwijderen en terugzetten


def test_the_owner_removes_a_kader_and_can_restore_it(bob_client, traject, bobs_kader):
    r = bob_client.post(kaders_url(traject, "verwijderen", bobs_kader))
    assert r.status_code == 302 and Kader.objects.get(pk=bobs_kader.pk).is_verwijderd
    body = bob_client.get(kaders_url(traject)).content.decode()
    assert "Verwijderde kaders" in body and "Terugzetten" in body
    assert f'id="kader-{bobs_kader.uuid}"' not in body
    r = bob_client.post(kaders_url(traject, "terugzetten", bobs_kader))
    assert r.status_code == 302 and not Kader.objects.get(pk=bobs_kader.pk).is_verwijderd
    assert f'id="kader-{bobs_kader.uuid}"' in bob_client.get(kaders_url(traject)).content.decode()


def test_removing_with_htmx_answers_the_refreshed_kaders(bob_client, traject, bobs_kader):
    r = bob_client.post(kaders_url(traject, "verwijderen", bobs_kader), HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and "Terugzetten" in body
    r = bob_client.post(kaders_url(traject, "terugzetten", bobs_kader), HTTP_HX_REQUEST="true")
    assert f'id="kader-{bobs_kader.uuid}"' in r.content.decode()


def test_removing_asks_for_confirmation_on_get(bob_client, traject, bobs_kader):
    r = bob_client.get(kaders_url(traject, "verwijderen", bobs_kader))
    assert r.status_code == 200 and "<h1>Kader verwijderen</h1>" in r.content.decode()
    assert not Kader.objects.get(pk=bobs_kader.pk).is_verwijderd


def test_another_kadersteller_does_not_see_my_removed_kaders(dave_client, bob, traject, bobs_kader):
    bobs_kader.verwijder(bob)
    assert "Verwijderde kaders" not in dave_client.get(kaders_url(traject)).content.decode()


def test_another_kadersteller_may_not_restore_my_kader(dave_client, bob, traject, bobs_kader):
    bobs_kader.verwijder(bob)
    assert dave_client.post(kaders_url(traject, "terugzetten", bobs_kader)).status_code == 403
    assert Kader.objects.get(pk=bobs_kader.pk).is_verwijderd


def test_removing_twice_is_not_a_server_error(bob_client, traject, bobs_kader):
    bob_client.post(kaders_url(traject, "verwijderen", bobs_kader))
    assert bob_client.post(kaders_url(traject, "verwijderen", bobs_kader)).status_code == 404


def test_restoring_rejects_get(bob_client, bob, traject, bobs_kader):
    bobs_kader.verwijder(bob)
    assert bob_client.get(kaders_url(traject, "terugzetten", bobs_kader)).status_code == 405
    assert Kader.objects.get(pk=bobs_kader.pk).is_verwijderd
