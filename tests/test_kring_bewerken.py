"""Editing one person in the kring, and showing one row (the htmx 'annuleren')."""

import pytest
from django.db.models import F
from django.urls import reverse

from kwesties.models import Betrokkene
from nieuwe_route.forms import STALE_MESSAGE

from .conftest import assert_login_redirect


def bewerk_url(b):
    return reverse("kwesties:betrokkene_bewerken", args=[b.traject.uuid, b.uuid])


def rij_url(b):
    return reverse("kwesties:betrokkene", args=[b.traject.uuid, b.uuid])


def gegevens(b, **velden):
    """POST data for the edit form of b, as it is now, with the given changes."""
    data = {
        "voornaam": b.voornaam,
        "achternaam": b.achternaam,
        "relatie": b.relatie,
        "relatie_anders": b.relatie_anders,
        "waarom": b.waarom,
        "deelname": b.deelname,
        "gezien_versie": b.versie,
    }
    if b.is_kind:
        data["is_kind"] = "on"
    if b.vertegenwoordigd_door:
        data["vertegenwoordigd_door"] = str(b.vertegenwoordigd_door.uuid)
    data.update(velden)
    return {f"b-{b.uuid}-{k}": v for k, v in data.items() if v is not None}


def html(response):
    return response.content.decode()


# Showing one row


def test_it_shows_one_person_on_a_page_of_its_own(alice_client, kring):
    noor = kring[3]
    response = alice_client.get(rij_url(noor))
    assert response.status_code == 200
    page = html(response)
    assert "<html" in page
    assert '<h2 class="kring-kop"><bdi class="naam">Noor</bdi>' in page
    assert "Ria spreekt namens hem of haar" in page


def test_it_answers_htmx_with_just_the_row(alice_client, kring):
    sanne = kring[0]
    response = alice_client.get(rij_url(sanne), HTTP_HX_REQUEST="true")
    fragment = html(response).strip()
    assert fragment.startswith(f'<li id="b-{sanne.uuid}" class="kring-lid">')
    assert "<h3" in fragment
    assert "<html" not in fragment


def test_it_shows_a_removed_person_as_removed(alice_client, kring):
    mark = kring[1]
    mark.verwijder()
    fragment = html(alice_client.get(rij_url(mark), HTTP_HX_REQUEST="true"))
    assert "Mark Jacobs is uit de kring gehaald." in fragment
    assert reverse("kwesties:betrokkene_terugzetten", args=[mark.traject.uuid, mark.uuid]) in fragment


def test_it_lets_a_kadersteller_see_one_row_without_buttons(bob_client, kring):
    response = bob_client.get(rij_url(kring[0]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Sanne Jacobs" in html(response)
    assert "Bewerken" not in html(response)


def test_it_hides_a_row_from_another_organisation(mallory_client, kring):
    assert mallory_client.get(rij_url(kring[0])).status_code == 404


def test_it_does_not_find_a_person_under_another_traject(alice_client, traject, kring, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Vreemd", relatie="ouder")
    url = reverse("kwesties:betrokkene", args=[traject.uuid, vreemde.uuid])
    assert alice_client.get(url).status_code == 404
    url = reverse("kwesties:betrokkene_bewerken", args=[traject.uuid, vreemde.uuid])
    assert alice_client.post(url, {"voornaam": "x"}).status_code == 404
    vreemde.refresh_from_db()
    assert vreemde.voornaam == "Vreemd"


def test_it_sends_anonymous_users_to_login_for_a_row(client, kring):
    assert_login_redirect(client.get(rij_url(kring[0])))


# Editing


def test_it_shows_the_form_with_what_is_saved(alice_client, kring):
    sanne = kring[0]
    response = alice_client.get(bewerk_url(sanne))
    assert response.status_code == 200
    page = html(response)
    assert "<html" in page
    assert "<h1>De kring</h1>" in page
    assert '<h2 class="kring-kop">Sanne Jacobs bewerken</h2>' in page
    assert f'name="b-{sanne.uuid}-voornaam" value="Sanne"' in page


def test_it_answers_htmx_with_just_the_form_in_the_row(alice_client, kring):
    sanne = kring[0]
    fragment = html(alice_client.get(bewerk_url(sanne), HTTP_HX_REQUEST="true")).strip()
    assert fragment.startswith(f'<li id="b-{sanne.uuid}" class="kring-lid kring-bewerk">')
    assert '<h3 class="kring-kop">Sanne Jacobs bewerken</h3>' in fragment
    assert "autofocus" in fragment
    assert f'hx-get="{rij_url(sanne)}"' in fragment


def test_it_gives_each_edit_form_its_own_ids(alice_client, kring):
    sanne, mark = kring[0], kring[1]
    a = html(alice_client.get(bewerk_url(sanne), HTTP_HX_REQUEST="true"))
    b = html(alice_client.get(bewerk_url(mark), HTTP_HX_REQUEST="true"))
    assert f'id="id_b-{sanne.uuid}-voornaam"' in a
    assert f'id="id_b-{mark.uuid}-voornaam"' in b


def test_it_saves_changes_and_counts_the_version(alice_client, kring):
    sanne = kring[0]
    response = alice_client.post(bewerk_url(sanne), gegevens(sanne, voornaam="Sanna", taal="Fries", tolk_nodig="on"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/kring/#b-{sanne.uuid}")
    sanne.refresh_from_db()
    assert (sanne.voornaam, sanne.taal, sanne.tolk_nodig, sanne.versie) == ("Sanna", "Fries", True, 2)
    page = html(alice_client.get(response["Location"]))
    assert "De gegevens van Sanna Jacobs zijn opgeslagen." in page
    assert "Tolk: Fries" in page


def test_it_answers_htmx_with_the_saved_row(alice_client, kring):
    sanne = kring[0]
    response = alice_client.post(bewerk_url(sanne), gegevens(sanne, voornaam="Sanna"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = html(response)
    assert f'<li id="b-{sanne.uuid}" class="kring-lid">' in fragment
    assert "Sanna Jacobs" in fragment
    assert 'hx-swap-oob="innerHTML"' in fragment
    assert "<form" in fragment and "kring-bewerk" not in fragment


def test_it_can_change_who_speaks_for_a_child(alice_client, kring):
    noor, sanne = kring[3], kring[0]
    alice_client.post(bewerk_url(noor), gegevens(noor, vertegenwoordigd_door=str(sanne.uuid)))
    noor.refresh_from_db()
    assert noor.vertegenwoordigd_door == sanne


def test_it_lets_a_child_take_part_in_person_again(alice_client, kring):
    noor = kring[3]
    alice_client.post(bewerk_url(noor), gegevens(noor, deelname="aanwezig"))
    noor.refresh_from_db()
    assert (noor.deelname, noor.vertegenwoordigd_door) == ("aanwezig", None)


def test_it_does_not_let_a_child_represent_themself(alice_client, kring):
    noor = kring[3]
    response = alice_client.post(bewerk_url(noor), gegevens(noor, vertegenwoordigd_door=str(noor.uuid)))
    assert response.status_code == 200
    assert "Kies iemand uit de kring." in html(response)
    noor.refresh_from_db()
    assert noor.vertegenwoordigd_door == kring[2]


def test_it_does_not_offer_the_person_themself_to_choose(alice_client, kring):
    noor = kring[3]
    page = html(alice_client.get(bewerk_url(noor)))
    assert "Noor (Kind)" not in page
    assert "Ria (Opa of oma)" in page


def test_it_refuses_to_keep_someone_apart_from_themself(alice_client, kring):
    sanne = kring[0]
    response = alice_client.post(bewerk_url(sanne), gegevens(sanne, niet_samen_met=[str(sanne.uuid)]))
    assert "Kies iemand uit de kring." in html(response)
    assert not sanne.niet_samen_met.exists()


def test_it_remembers_a_removed_person_to_keep_apart_for_undo(alice_client, kring):
    sanne, mark, ria = kring[0], kring[1], kring[2]
    sanne.niet_samen_met.add(mark)
    mark.verwijder()
    alice_client.post(bewerk_url(sanne), gegevens(sanne, niet_samen_met=[str(ria.uuid)]))
    assert set(sanne.niet_samen_met.all()) == {mark, ria}


def test_it_opens_the_optional_part_when_it_holds_something(alice_client, kring):
    sanne = kring[0]
    assert '<details class="kring-meer">' in html(alice_client.get(bewerk_url(sanne)))
    sanne.taal = "Pools"
    sanne.save()
    assert '<details class="kring-meer" open>' in html(alice_client.get(bewerk_url(sanne)))


@pytest.mark.parametrize("htmx", [False, True])
def test_it_keeps_what_was_typed_when_the_first_name_is_empty(alice_client, kring, htmx):
    sanne = kring[0]
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = alice_client.post(bewerk_url(sanne), gegevens(sanne, voornaam="", achternaam="Jansen-Jacobs"), **extra)
    assert response.status_code == 200
    page = html(response)
    assert "Vul een voornaam in." in page
    assert 'value="Jansen-Jacobs"' in page
    assert ("<html" in page) is not htmx
    sanne.refresh_from_db()
    assert (sanne.voornaam, sanne.achternaam, sanne.versie) == ("Sanne", "Jacobs", 1)


def test_it_refuses_a_name_over_the_limit(alice_client, kring):
    sanne = kring[0]
    response = alice_client.post(bewerk_url(sanne), gegevens(sanne, achternaam="J" * 101))
    assert "niet meer dan 100 tekens" in html(response)
    assert "J" * 101 in html(response)
    sanne.refresh_from_db()
    assert sanne.achternaam == "Jacobs"


def test_it_shows_html_in_an_edit_as_text(alice_client, kring):
    sanne = kring[0]
    response = alice_client.post(
        bewerk_url(sanne), gegevens(sanne, waarom="<script>alert(1)</script>"), HTTP_HX_REQUEST="true"
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html(response)
    assert "<script>" not in html(response)


def test_it_keeps_right_to_left_names(alice_client, kring):
    sanne = kring[0]
    alice_client.post(bewerk_url(sanne), gegevens(sanne, voornaam="محمد", achternaam="👩‍👧"))
    sanne.refresh_from_db()
    assert sanne.naam == "محمد 👩‍👧"


def test_it_does_not_overwrite_a_change_made_meanwhile(alice_client, kring):
    sanne = kring[0]
    data = gegevens(sanne, voornaam="Sanna")  # the form as Alice opened it, at version 1
    Betrokkene.objects.filter(pk=sanne.pk).update(achternaam="de Boer", versie=F("versie") + 1)
    response = alice_client.post(bewerk_url(sanne), data)
    assert response.status_code == 200
    page = html(response)
    assert str(STALE_MESSAGE) in page
    assert f'name="b-{sanne.uuid}-voornaam" value="Sanna"' in page
    assert "Dit is nu opgeslagen:" in page
    assert "Sanne de Boer" in page
    sanne.refresh_from_db()
    assert (sanne.voornaam, sanne.achternaam) == ("Sanne", "de Boer")


def test_it_saves_after_the_user_has_seen_the_newer_version(alice_client, kring):
    sanne = kring[0]
    data = gegevens(sanne, voornaam="Sanna")
    Betrokkene.objects.filter(pk=sanne.pk).update(versie=F("versie") + 1)
    response = alice_client.post(bewerk_url(sanne), data, HTTP_HX_REQUEST="true")
    assert f'name="b-{sanne.uuid}-gezien_versie" value="2"' in html(response)
    data[f"b-{sanne.uuid}-gezien_versie"] = 2
    assert alice_client.post(bewerk_url(sanne), data).status_code == 302
    sanne.refresh_from_db()
    assert (sanne.voornaam, sanne.versie) == ("Sanna", 3)


def test_it_treats_a_missing_version_as_stale(alice_client, kring):
    sanne = kring[0]
    response = alice_client.post(bewerk_url(sanne), gegevens(sanne, voornaam="Sanna", gezien_versie=None))
    assert str(STALE_MESSAGE) in html(response)
    sanne.refresh_from_db()
    assert sanne.voornaam == "Sanne"


def test_it_sends_an_edit_of_a_removed_person_back_to_the_kring(alice_client, kring):
    mark = kring[1]
    mark.verwijder()
    response = alice_client.post(bewerk_url(mark), gegevens(mark, voornaam="Marco"))
    assert response.status_code == 302
    mark.refresh_from_db()
    assert mark.voornaam == "Mark"


def test_it_forbids_a_kadersteller_to_edit(bob_client, kring):
    sanne = kring[0]
    assert bob_client.get(bewerk_url(sanne)).status_code == 403
    assert bob_client.post(bewerk_url(sanne), gegevens(sanne, voornaam="Sanna")).status_code == 403
    sanne.refresh_from_db()
    assert sanne.voornaam == "Sanne"


def test_it_hides_the_edit_form_from_another_organisation(mallory_client, kring):
    sanne = kring[0]
    assert mallory_client.get(bewerk_url(sanne)).status_code == 404
    assert mallory_client.post(bewerk_url(sanne), gegevens(sanne, voornaam="Sanna")).status_code == 404


def test_it_sends_anonymous_users_to_login_for_the_edit_form(client, kring):
    assert_login_redirect(client.get(bewerk_url(kring[0])))
    assert_login_redirect(client.post(bewerk_url(kring[0]), gegevens(kring[0], voornaam="Sanna")))


def test_it_saves_who_stands_beside_someone_and_hiding_them_from_the_others(alice_client, kring):
    mark = kring[1]
    response = alice_client.post(
        bewerk_url(mark), gegevens(mark, naast_wie="Yusuf, zijn partner", verborgen_voor_anderen="on")
    )
    assert response.status_code == 302
    mark.refresh_from_db()
    assert mark.naast_wie == "Yusuf, zijn partner" and mark.verborgen_voor_anderen
    page = html(alice_client.get(response["Location"]))
    assert "Naast zich: Yusuf, zijn partner" in page
    assert "Niet zichtbaar voor de anderen in de kring" in page
