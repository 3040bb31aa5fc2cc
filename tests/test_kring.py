"""The kring page: reading the circle, and adding someone to it."""

import re
import uuid
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kwesties.models import Betrokkene

from .conftest import assert_login_redirect


def kring_url(traject):
    return reverse("kwesties:kring", args=[traject.uuid])


def nieuw(**velden):
    """POST data for the add form (prefix 'nieuw'); only first name and relation by default."""
    data = {"voornaam": "Sanne", "relatie": "ouder"}
    data.update(velden)
    return {f"nieuw-{k}": v for k, v in data.items()}


def html(response):
    return response.content.decode()


# Reading


def test_it_shows_everyone_by_name_with_their_relation(alice_client, traject, kring):
    response = alice_client.get(kring_url(traject))
    assert response.status_code == 200
    page = html(response)
    assert "Sanne Jacobs" in page
    assert "Fatima El Idrissi" in page
    assert "· Leerkracht" in page
    assert "· Opa of oma" in page
    assert "Moeder" not in page


def test_it_shows_who_speaks_for_a_represented_child(alice_client, traject, kring):
    page = html(alice_client.get(kring_url(traject)))
    assert "Ria spreekt namens hem of haar" in page


def test_it_shows_the_relation_in_their_own_words(alice_client, traject):
    Betrokkene.objects.create(traject=traject, voornaam="Kees", relatie="anders", relatie_anders="Wijkagent")
    page = html(alice_client.get(kring_url(traject)))
    assert "· Wijkagent" in page
    assert "Anders, namelijk" not in page.split('id="kring-lijst"')[1].split("</ul>")[0]


def test_it_shows_needs_compactly(alice_client, traject, kring):
    sanne, mark = kring[0], kring[1]
    sanne.tolk_nodig, sanne.taal, sanne.toegankelijkheid = True, "Pools", "Een ruimte zonder trap"
    sanne.save()
    sanne.niet_samen_met.add(mark)
    page = html(alice_client.get(kring_url(traject)))
    assert "Tolk: Pools" in page
    assert "Niet samen met: <bdi>Mark Jacobs</bdi>" in page
    assert "Een ruimte zonder trap" in page


def test_it_warns_when_the_representative_left_the_kring(alice_client, traject, kring):
    kring[2].verwijder()
    page = html(alice_client.get(kring_url(traject)))
    assert "Ria staat niet meer in de kring. Kies iemand anders." in page


def test_it_lists_removed_people_apart_with_an_undo_button(alice_client, traject, kring):
    mark = kring[1]
    mark.verwijder()
    page = html(alice_client.get(kring_url(traject)))
    in_kring, weg = page.split("Onlangs uit de kring gehaald")
    assert "Mark Jacobs" not in in_kring
    assert "Mark Jacobs" in weg
    assert reverse("kwesties:betrokkene_terugzetten", args=[traject.uuid, mark.uuid]) in weg


def test_it_leaves_out_people_removed_long_ago(alice_client, traject, kring):
    Betrokkene.objects.filter(pk=kring[1].pk).update(verwijderd_op=timezone.now() - timezone.timedelta(days=90))
    page = html(alice_client.get(kring_url(traject)))
    assert "Mark Jacobs" not in page


def test_it_does_not_name_a_removed_person_as_someone_to_keep_apart(alice_client, traject, kring):
    sanne, mark = kring[0], kring[1]
    sanne.niet_samen_met.add(mark)
    mark.verwijder()
    page = html(alice_client.get(kring_url(traject)))
    assert "Niet samen met" not in page


def test_it_says_when_nobody_is_in_the_kring_yet(alice_client, traject):
    page = html(alice_client.get(kring_url(traject)))
    assert '<p id="kring-leeg" class="muted">Nog niemand in de kring.</p>' in page


def test_it_lets_a_kadersteller_read_but_not_change(bob_client, traject, kring):
    kring[0].email = "sanne@example.org"
    kring[0].save()
    kring[1].verwijder()
    response = bob_client.get(kring_url(traject))
    assert response.status_code == 200
    page = html(response)
    assert "Sanne Jacobs" in page
    assert "Iemand toevoegen" not in page
    assert "Uit de kring halen" not in page
    assert "Onlangs uit de kring gehaald" not in page
    assert "sanne@example.org" not in page


def test_it_shows_contact_details_to_the_facilitator(alice_client, traject, kring):
    kring[0].email, kring[0].telefoon = "sanne@example.org", "06 12345678"
    kring[0].save()
    page = html(alice_client.get(kring_url(traject)))
    assert 'href="mailto:sanne@example.org"' in page
    assert "06 12345678" in page


def test_it_returns_404_for_another_organisation(mallory_client, traject, kring):
    assert mallory_client.get(kring_url(traject)).status_code == 404
    assert mallory_client.post(kring_url(traject), nieuw()).status_code == 404
    assert Betrokkene.objects.count() == 5


def test_it_returns_404_for_a_colleague_without_a_role(erin_client, traject):
    assert erin_client.get(kring_url(traject)).status_code == 404


def test_it_redirects_anonymous_users_to_login(client, traject):
    assert_login_redirect(client.get(kring_url(traject)))
    assert_login_redirect(client.post(kring_url(traject), nieuw()))
    assert not Betrokkene.objects.exists()


def _maak_kring(traject, aantal):
    mensen = [
        Betrokkene.objects.create(traject=traject, voornaam=f"Persoon {i}", relatie="familie", taal="Turks")
        for i in range(aantal)
    ]
    for i, b in enumerate(mensen[1:], start=1):
        b.niet_samen_met.add(mensen[i - 1])
        if i % 3 == 0:
            b.is_kind, b.deelname, b.vertegenwoordigd_door = True, "vertegenwoordigd", mensen[0]
            b.save()
    mensen[-1].verwijder()
    return mensen


def test_it_loads_a_large_kring_in_a_fixed_number_of_queries(alice_client, traject, django_assert_max_num_queries):
    _maak_kring(traject, 15)
    with django_assert_max_num_queries(12):
        response = alice_client.get(kring_url(traject))
    assert html(response).count('class="kring-lid"') == 14


def test_it_needs_as_many_queries_for_fifteen_people_as_for_three(alice_client, traject):
    _maak_kring(traject, 3)
    with CaptureQueriesContext(connection) as klein:
        alice_client.get(kring_url(traject))
    _maak_kring(traject, 12)
    with CaptureQueriesContext(connection) as groot:
        alice_client.get(kring_url(traject))
    assert len(groot) == len(klein)


# Adding


def test_it_adds_someone_with_only_a_first_name_and_a_relation(alice_client, traject):
    response = alice_client.post(kring_url(traject), nieuw(voornaam="Sanne", relatie="ouder"))
    sanne = Betrokkene.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{kring_url(traject)}#b-{sanne.uuid}"
    assert (sanne.traject, sanne.voornaam, sanne.relatie, sanne.deelname) == (traject, "Sanne", "ouder", "aanwezig")
    page = html(alice_client.get(response["Location"]))
    assert "Sanne staat nu in de kring." in page
    assert f'id="b-{sanne.uuid}"' in page


def test_it_adds_someone_with_all_details(alice_client, traject, kring):
    mark = kring[1]
    alice_client.post(
        kring_url(traject),
        nieuw(
            voornaam="Yusuf", achternaam="Demir", relatie="anders", relatie_anders="Buurjongen",
            waarom="Ik zie Noor elke dag.", email="yusuf@example.org", telefoon="0612345678",
            taal="Turks", tolk_nodig="on", niet_samen_met=[str(mark.uuid)], toegankelijkheid="Alleen overdag",
        ),
    )
    yusuf = Betrokkene.objects.get(voornaam="Yusuf")
    assert yusuf.relatie_tekst == "Buurjongen"
    assert (yusuf.email, yusuf.taal, yusuf.tolk_nodig) == ("yusuf@example.org", "Turks", True)
    assert list(yusuf.niet_samen_met.all()) == [mark]
    assert yusuf.waarom == "Ik zie Noor elke dag."


def test_it_adds_a_child_who_is_represented_by_someone_in_the_kring(alice_client, traject, kring):
    ria = kring[2]
    alice_client.post(
        kring_url(traject),
        nieuw(voornaam="Daan", relatie="kind", is_kind="on", deelname="vertegenwoordigd", vertegenwoordigd_door=str(ria.uuid)),
    )
    daan = Betrokkene.objects.get(voornaam="Daan")
    assert (daan.is_kind, daan.deelname, daan.vertegenwoordigd_door) == (True, "vertegenwoordigd", ria)


def test_it_adds_a_child_who_gives_input_beforehand(alice_client, traject):
    alice_client.post(kring_url(traject), nieuw(voornaam="Daan", relatie="kind", is_kind="on", deelname="inbreng_vooraf"))
    daan = Betrokkene.objects.get()
    assert (daan.deelname, daan.vertegenwoordigd_door) == ("inbreng_vooraf", None)
    assert "Geeft vooraf zijn of haar inbreng" in html(alice_client.get(kring_url(traject)))


def test_it_ignores_the_way_of_taking_part_for_an_adult(alice_client, traject, kring):
    alice_client.post(
        kring_url(traject),
        nieuw(voornaam="Piet", deelname="vertegenwoordigd", vertegenwoordigd_door=str(kring[2].uuid)),
    )
    piet = Betrokkene.objects.get(voornaam="Piet")
    assert (piet.deelname, piet.vertegenwoordigd_door) == ("aanwezig", None)


def test_it_forgets_own_words_when_the_relation_is_not_anders(alice_client, traject):
    alice_client.post(kring_url(traject), nieuw(relatie="ouder", relatie_anders="iets"))
    assert Betrokkene.objects.get().relatie_anders == ""


def test_it_adds_a_professional_the_same_way(alice_client, traject):
    alice_client.post(kring_url(traject), nieuw(voornaam="Bob", achternaam="de Vries", relatie="gezinsvoogd"))
    page = html(alice_client.get(kring_url(traject)))
    assert "Bob de Vries</bdi> <span class=\"relatie\">· Gezinsvoogd" in page


def test_it_answers_htmx_with_a_fresh_form_and_the_new_row(alice_client, traject):
    response = alice_client.post(kring_url(traject), nieuw(voornaam="Sanne"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = html(response)
    sanne = Betrokkene.objects.get()
    assert "<html" not in fragment
    assert '<section id="kring-nieuw"' in fragment
    assert 'hx-swap-oob="beforeend:#kring-lijst"' in fragment
    assert f'<li id="b-{sanne.uuid}" class="kring-lid">' in fragment
    assert 'name="nieuw-voornaam" maxlength="100" autocomplete="off" autofocus required' in fragment
    assert "Sanne staat nu in de kring." in fragment
    assert f'value="{sanne.client_token}"' not in fragment


def test_it_creates_one_person_when_the_form_is_sent_twice(alice_client, traject):
    data = nieuw(voornaam="Sanne", client_token=str(uuid.uuid4()))
    first = alice_client.post(kring_url(traject), data)
    second = alice_client.post(kring_url(traject), data)
    assert Betrokkene.objects.count() == 1
    assert first.status_code == second.status_code == 302


def test_it_does_not_add_the_row_twice_for_a_double_htmx_submit(alice_client, traject):
    data = nieuw(voornaam="Sanne", client_token=str(uuid.uuid4()))
    alice_client.post(kring_url(traject), data, HTTP_HX_REQUEST="true")
    second = alice_client.post(kring_url(traject), data, HTTP_HX_REQUEST="true")
    assert Betrokkene.objects.count() == 1
    assert second.status_code == 200
    assert "hx-swap-oob=\"beforeend" not in html(second)


def test_it_keeps_the_same_token_when_the_form_comes_back_with_errors(alice_client, traject):
    token = str(uuid.uuid4())
    response = alice_client.post(kring_url(traject), nieuw(voornaam="", client_token=token))
    assert f'name="nieuw-client_token" value="{token}"' in html(response)


@pytest.mark.parametrize("htmx", [False, True])
def test_it_keeps_what_was_typed_when_the_first_name_is_empty(alice_client, traject, htmx):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = alice_client.post(kring_url(traject), nieuw(voornaam="  ", achternaam="Jacobs", waarom="Ik slaap slecht"), **extra)
    assert response.status_code == 200
    page = html(response)
    assert "Vul een voornaam in." in page
    assert 'value="Jacobs"' in page
    assert "Ik slaap slecht</textarea>" in page
    assert "Niet alles is goed ingevuld" in page
    assert ("<html" in page) is not htmx
    assert not Betrokkene.objects.exists()


def test_it_asks_for_the_relation(alice_client, traject):
    response = alice_client.post(kring_url(traject), nieuw(relatie=""))
    assert "Kies wie deze persoon is voor het gezin." in html(response)
    assert not Betrokkene.objects.exists()


def test_it_rejects_a_relation_that_is_not_on_the_list(alice_client, traject):
    response = alice_client.post(kring_url(traject), nieuw(relatie="baas"))
    assert response.status_code == 200
    assert not Betrokkene.objects.exists()


def test_it_asks_for_own_words_when_the_relation_is_anders(alice_client, traject):
    response = alice_client.post(kring_url(traject), nieuw(relatie="anders", relatie_anders=""))
    assert "Schrijf in eigen woorden wie deze persoon is." in html(response)
    assert not Betrokkene.objects.exists()


@pytest.mark.parametrize(
    "veld,limiet", [("voornaam", 100), ("achternaam", 100), ("relatie_anders", 100), ("waarom", 2000),
                    ("taal", 50), ("telefoon", 30), ("toegankelijkheid", 1000)],
)
def test_it_refuses_text_over_the_limit_and_keeps_it(alice_client, traject, veld, limiet):
    te_lang = "a" * (limiet + 1)
    velden = {"relatie": "anders", "relatie_anders": "x", veld: te_lang}
    response = alice_client.post(kring_url(traject), nieuw(**velden))
    assert response.status_code == 200
    page = html(response)
    assert f"niet meer dan {limiet} tekens" in page
    assert te_lang in page
    assert not Betrokkene.objects.exists()


def test_it_refuses_an_email_address_that_is_not_one(alice_client, traject):
    response = alice_client.post(kring_url(traject), nieuw(email="sanne@"))
    assert "Dit is geen geldig e-mailadres." in html(response)
    assert 'value="sanne@"' in html(response)


def test_it_shows_html_as_text_after_saving(alice_client, traject):
    alice_client.post(kring_url(traject), nieuw(voornaam="<script>alert(1)</script>", waarom="<b>vet</b>"))
    assert Betrokkene.objects.get().voornaam == "<script>alert(1)</script>"
    page = html(alice_client.get(kring_url(traject)))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "&lt;b&gt;vet&lt;/b&gt;" in page


def test_it_shows_html_as_text_when_the_form_comes_back(alice_client, traject):
    response = alice_client.post(kring_url(traject), nieuw(voornaam="<script>alert(1)</script>", relatie=""))
    page = html(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize("naam", ["محمد", "👩‍👧 Sanne", "Zoë Ğül"])
def test_it_keeps_names_in_any_script(alice_client, traject, naam):
    alice_client.post(kring_url(traject), nieuw(voornaam=naam))
    assert Betrokkene.objects.get().voornaam == naam
    assert f'<bdi class="naam">{naam}</bdi>' in html(alice_client.get(kring_url(traject)))


def test_it_asks_who_speaks_for_a_represented_child(alice_client, traject, kring):
    response = alice_client.post(kring_url(traject), nieuw(voornaam="Daan", is_kind="on", deelname="vertegenwoordigd"))
    assert "Kies wie namens het kind spreekt." in html(response)
    assert not Betrokkene.objects.filter(voornaam="Daan").exists()


@pytest.mark.parametrize("waarde", ["123", "not-a-uuid", str(uuid.uuid4()), "\x00"])
def test_it_turns_a_strange_representative_into_a_form_error(alice_client, traject, kring, waarde):
    response = alice_client.post(
        kring_url(traject), nieuw(voornaam="Daan", is_kind="on", deelname="vertegenwoordigd", vertegenwoordigd_door=waarde)
    )
    assert response.status_code == 200
    assert "Niet alles is goed ingevuld" in html(response)
    assert not Betrokkene.objects.filter(voornaam="Daan").exists()


def test_it_refuses_a_representative_from_another_traject(alice_client, traject, kring, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Vreemd", relatie="ouder")
    for veld in ("uuid", "pk"):
        response = alice_client.post(
            kring_url(traject),
            nieuw(voornaam="Daan", is_kind="on", deelname="vertegenwoordigd", vertegenwoordigd_door=str(getattr(vreemde, veld))),
        )
        assert response.status_code == 200
        assert "Kies iemand uit de kring." in html(response)
    assert not Betrokkene.objects.filter(voornaam="Daan").exists()


def test_it_refuses_a_representative_who_left_the_kring(alice_client, traject, kring):
    ria = kring[2]
    ria.verwijder()
    response = alice_client.post(
        kring_url(traject),
        nieuw(voornaam="Daan", is_kind="on", deelname="vertegenwoordigd", vertegenwoordigd_door=str(ria.uuid)),
    )
    assert "Kies iemand uit de kring." in html(response)


@pytest.mark.parametrize("waarde", ["123", "x", "other"])
def test_it_refuses_strange_people_to_keep_apart(alice_client, traject, kring, mallory_traject, waarde):
    if waarde == "other":
        waarde = str(Betrokkene.objects.create(traject=mallory_traject, voornaam="Vreemd", relatie="ouder").uuid)
    response = alice_client.post(kring_url(traject), nieuw(voornaam="Daan", niet_samen_met=[str(kring[0].uuid), waarde]))
    assert response.status_code == 200
    assert "Kies iemand uit de kring." in html(response)
    assert not Betrokkene.objects.filter(voornaam="Daan").exists()


def test_it_offers_only_this_kring_to_choose_from(alice_client, traject, kring, mallory_traject):
    Betrokkene.objects.create(traject=mallory_traject, voornaam="Vreemd", relatie="ouder")
    kring[1].verwijder()
    form = html(alice_client.get(kring_url(traject))).split('id="kring-nieuw"')[1]
    assert "Ria (Opa of oma)" in form
    assert "Vreemd" not in form
    assert "Mark Jacobs (Ouder)" not in form


def test_it_forbids_a_kadersteller_to_add(bob_client, traject):
    response = bob_client.post(kring_url(traject), nieuw())
    assert response.status_code == 403
    assert not Betrokkene.objects.exists()


def test_it_has_no_duplicate_ids_on_the_page(alice_client, traject, kring):
    kring[1].verwijder()
    page = html(alice_client.get(kring_url(traject)))
    dubbel = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', page)).items() if n > 1]
    assert dubbel == []


def test_it_shows_why_someone_lies_awake(alice_client, traject, kring):
    kring[4].waarom = "Noor is vaak moe in de klas."
    kring[4].save()
    assert "Noor is vaak moe in de klas." in html(alice_client.get(kring_url(traject)))
