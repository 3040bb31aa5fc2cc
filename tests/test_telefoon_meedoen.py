"""Joining the meeting with the QR code on the flap: pick your name once, then answer on that phone."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from besluitvorming.models import Bijeenkomst, Reactie, Telefoonkoppeling
from links.models import LinkPoging
from links.telefoon_views import COOKIE

from .test_links_pagina import assert_prive_headers, html
from .test_telefoon_antwoord import GEEN_VRAAG, GEHEIM, HTMX, sturen


def sinds(client, code):
    """The `sinds` the joined phone's page polls with, read from the page itself."""
    m = re.search(r'\?sinds=([^"&]+)"', html(client.get(antwoord_url(code))))
    assert m, "the page does not poll"
    return m.group(1)


def meedoen_url(code):
    return reverse("link:meedoen", args=[code])


def antwoord_url(code):
    return reverse("link:meedoen_antwoord", args=[code])


def actief(bijeenkomst):
    return Telefoonkoppeling.objects.filter(bijeenkomst=bijeenkomst, losgekoppeld_op__isnull=True)


@pytest.fixture
def code(lopende_bijeenkomst):
    lopende_bijeenkomst.zet_telefoons(True)
    return lopende_bijeenkomst.meedoen_code


@pytest.fixture
def weinig_pogingen(settings):
    settings.LINK_POGINGEN_MAX = 3


def kies(client, code, betrokkene):
    return client.post(meedoen_url(code), {"wie": str(betrokkene.uuid)})


# Choosing your name


def test_the_page_lists_who_is_in_the_room_by_first_name_and_relation(client, code, kring):
    r = client.get(meedoen_url(code))
    body = html(r)
    assert r.status_code == 200
    assert "Wie ben jij?" in body
    knoppen = body.split('class="list-plain telefoon-namen"')[1].split("</ul>")[0]
    for naam in ("Sanne", "Mark", "Ria", "Fatima"):
        assert f"<bdi>{naam}</bdi>" in knoppen
    assert "Noor" not in knoppen  # Ria answers for her on Ria's phone
    assert "Ouder" in knoppen and "Leerkracht" in knoppen
    assert "Jacobs" not in body and "El Idrissi" not in body
    assert_prive_headers(r)


def test_someone_hidden_for_others_is_listed_but_nothing_more(client, code, kring):
    mark = kring[1]
    mark.verborgen_voor_anderen, mark.email, mark.waarom = True, "mark@example.org", "PRIVE-WAAROM"
    mark.save()
    body = html(client.get(meedoen_url(code)))
    assert "<bdi>Mark</bdi>" in body
    assert "mark@example.org" not in body and "PRIVE-WAAROM" not in body


def test_choosing_your_name_links_this_phone_with_a_private_cookie(client, code, kring, lopende_bijeenkomst):
    stand = Bijeenkomst.objects.get(pk=lopende_bijeenkomst.pk).stand
    r = kies(client, code, kring[0])
    assert r.status_code == 302 and r["Location"] == antwoord_url(code)
    assert_prive_headers(r)
    cookie = r.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
    assert cookie["path"] == meedoen_url(code)
    assert cookie["max-age"] == 12 * 3600
    koppeling = actief(lopende_bijeenkomst).get()
    assert koppeling.betrokkene == kring[0]
    assert koppeling.token_hash == Telefoonkoppeling.hash(cookie.value)
    assert Bijeenkomst.objects.get(pk=lopende_bijeenkomst.pk).stand > stand


def test_the_cookie_is_secure_over_https(client, code, kring):
    r = client.post(meedoen_url(code), {"wie": str(kring[0].uuid)}, secure=True)
    assert r.cookies[COOKIE]["secure"]


def test_a_name_already_chosen_on_another_phone_is_refused(client, code, kring, lopende_bijeenkomst):
    kies(Client(), code, kring[0])
    r = kies(client, code, kring[0])
    body = html(r)
    assert r.status_code == 200
    assert "Deze naam is al gekozen op een andere telefoon. Vraag het aan de begeleider." in body
    assert COOKIE not in r.cookies
    assert actief(lopende_bijeenkomst).count() == 1
    assert "<bdi>Sanne</bdi>" not in html(client.get(meedoen_url(code)))


@pytest.mark.parametrize("wie", ["", "geen-uuid", "00000000-0000-0000-0000-000000000000", "\x00", "x" * 5000])
def test_a_bad_choice_asks_again_and_never_errors(client, code, wie, lopende_bijeenkomst):
    r = client.post(meedoen_url(code), {"wie": wie})
    assert r.status_code == 200
    assert "Kies je naam uit de lijst." in html(r)
    assert not actief(lopende_bijeenkomst).exists()


def test_someone_only_represented_cannot_be_chosen(client, code, kring, lopende_bijeenkomst):
    r = kies(client, code, kring[3])
    assert "Kies je naam uit de lijst." in html(r)
    assert not actief(lopende_bijeenkomst).exists()


def test_a_phone_that_already_joined_goes_straight_to_the_question(client, code, kring):
    kies(client, code, kring[0])
    r = client.get(meedoen_url(code))
    assert r.status_code == 302 and r["Location"] == antwoord_url(code)


def test_choosing_needs_the_csrf_token(code, kring, lopende_bijeenkomst):
    telefoon = Client(enforce_csrf_checks=True)
    assert kies(telefoon, code, kring[0]).status_code == 403
    assert not actief(lopende_bijeenkomst).exists()


# Answering


def test_the_joined_phone_answers_for_its_person(client, code, kring, ronde):
    kies(client, code, kring[0])
    body = html(client.get(antwoord_url(code)))
    assert "Hallo Sanne" in body and "Noor is elk tweede weekend bij Mark" in body
    r = client.post(antwoord_url(code), sturen(ronde, kring[0], "zorg", aandachtspunt="Ook in de vakantie?"))
    assert r.status_code == 302 and r["Location"] == antwoord_url(code)
    rij = Reactie.objects.get(ronde=ronde, betrokkene=kring[0])
    assert (rij.antwoord, rij.aandachtspunt, rij.bron, rij.door) == ("zorg", "Ook in de vakantie?", "telefoon", None)
    assert "Dank je wel, je antwoord is genoteerd." in html(client.get(antwoord_url(code)))


def test_ria_answers_for_noor_on_her_phone(client, code, kring, ronde):
    kies(client, code, kring[2])
    body = html(client.get(antwoord_url(code)))
    assert "Jouw antwoord namens Noor" in body
    client.post(antwoord_url(code), sturen(ronde, kring[3]))
    assert Reactie.objects.get(ronde=ronde, betrokkene=kring[3]).antwoord == "geen_bezwaar"


def test_bad_input_on_the_joined_phone_is_shown_beside_the_field(client, code, kring, ronde):
    kies(client, code, kring[0])
    r = client.post(antwoord_url(code), sturen(ronde, kring[0], "bezwaar", wat_erbij="Meer tijd"))
    assert r.status_code == 200
    assert "Schrijf op waarom je bezwaar hebt." in html(r) and "Meer tijd" in html(r)
    assert Reactie.objects.get(ronde=ronde, betrokkene=kring[0]).antwoord == ""


def test_a_silent_round_never_shows_the_answer_on_the_joined_phone(client, code, kring, voorstel, alice):
    ronde = voorstel.open_ronde(alice, stil=True)
    kies(client, code, kring[0])
    client.post(antwoord_url(code), sturen(ronde, kring[0], "zorg", aandachtspunt=GEHEIM))
    body = html(client.get(antwoord_url(code)))
    assert "Je antwoord is genoteerd." in body and GEHEIM not in body


def test_without_a_round_the_joined_phone_waits(client, code, kring, lopende_bijeenkomst):
    kies(client, code, kring[0])
    body = html(client.get(antwoord_url(code)))
    assert GEEN_VRAAG in body and 'hx-trigger="every 2s"' in body
    stand = sinds(client, code)
    assert client.get(f"{antwoord_url(code)}?sinds={stand}", **HTMX).status_code == 204


def test_without_the_cookie_the_question_sends_you_to_choose_your_name(client, code, ronde, kring):
    r = client.get(antwoord_url(code))
    assert r.status_code == 302 and r["Location"] == meedoen_url(code)
    r = client.post(antwoord_url(code), sturen(ronde, kring[0]))
    assert r.status_code == 302 and r["Location"] == meedoen_url(code)
    assert Reactie.objects.get(ronde=ronde, betrokkene=kring[0]).antwoord == ""


def test_a_forged_cookie_opens_nothing(client, code, ronde, kring):
    for waarde in ("verzonnen", "x" * 500, "é"):
        client.cookies[COOKIE] = waarde
        assert client.get(antwoord_url(code))["Location"] == meedoen_url(code)


def test_a_disconnected_phone_must_choose_again(client, code, kring, lopende_bijeenkomst, alice_client, traject):
    kies(client, code, kring[0])
    alice_client.post(reverse("besluitvorming:loskoppelen", args=[traject.uuid, kring[0].uuid]))
    assert client.get(antwoord_url(code))["Location"] == meedoen_url(code)
    r = client.get(f"{antwoord_url(code)}?sinds=0", **HTMX)
    assert r["HX-Redirect"] == meedoen_url(code)
    assert "<bdi>Sanne</bdi>" in html(client.get(meedoen_url(code)))


# Codes that open nothing


def test_an_unknown_code_gets_a_friendly_404_and_counts_as_a_guess(client, code):
    r = client.get(meedoen_url("verkeerde-code-123"))
    assert r.status_code == 404
    assert "Deze code werkt niet (meer)" in html(r)
    assert_prive_headers(r)
    assert LinkPoging.objects.count() == 1


def test_a_code_after_phones_were_switched_off_opens_nothing(client, code, kring, lopende_bijeenkomst):
    kies(client, code, kring[0])
    lopende_bijeenkomst.zet_telefoons(False)
    assert client.get(meedoen_url(code)).status_code == 404
    assert client.get(antwoord_url(code)).status_code == 404
    assert kies(Client(), code, kring[1]).status_code == 404


def test_a_poll_whose_code_stopped_working_reloads_once_without_counting(client, code, kring, lopende_bijeenkomst):
    kies(client, code, kring[0])
    lopende_bijeenkomst.zet_telefoons(False)
    for _ in range(5):
        r = client.get(f"{antwoord_url(code)}?sinds=0", **HTMX)
        assert r["HX-Refresh"] == "true"
    assert LinkPoging.objects.count() == 0


def test_the_code_of_a_meeting_that_has_not_started_opens_nothing(client, bijeenkomst, kring):
    bijeenkomst.zet_telefoons(True)
    assert client.get(meedoen_url(bijeenkomst.meedoen_code)).status_code == 404


@pytest.mark.parametrize("onzin", ["a", "%00", "%00abcdefghij", "x" * 300, "%F0%9F%98%80" * 3, "..%2F..", "abc def ghi"])
def test_odd_codes_never_error(client, code, onzin):
    assert client.get(f"/l/meedoen/{onzin}/").status_code in (404, 429)
    assert client.post(f"/l/meedoen/{onzin}/antwoord/", {"wie": "x"}).status_code in (404, 429)


def test_too_many_wrong_codes_get_429_even_with_the_right_code(client, code, weinig_pogingen):
    for i in range(3):
        assert client.get(meedoen_url(f"geraden-code-{i:04d}")).status_code == 404
    r = client.get(meedoen_url(code))
    assert r.status_code == 429
    assert "Sanne" not in html(r)
    assert client.get(meedoen_url(code), REMOTE_ADDR="10.9.8.7").status_code == 200


def test_wrong_codes_and_wrong_tokens_share_one_count(client, code, weinig_pogingen):
    client.get(meedoen_url("geraden-code-0001"))
    client.get(reverse("link:pagina", args=["geraden-token-xxxxxxxxxxxxx"]))
    client.get(reverse("link:antwoord", args=["geraden-token-yyyyyyyyyyyyy"]))
    assert client.get(meedoen_url(code)).status_code == 429


def test_other_methods_are_not_allowed(client, code):
    assert client.put(meedoen_url(code)).status_code == 405
    assert client.delete(antwoord_url(code)).status_code == 405


def test_the_joined_phones_poll_is_one_query(client, code, kring, lopende_bijeenkomst):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kies(client, code, kring[0])
    stand = sinds(client, code)
    with CaptureQueriesContext(connection) as q:
        assert client.get(f"{antwoord_url(code)}?sinds={stand}", **HTMX).status_code == 204
    assert len(q) == 1, [x["sql"] for x in q]


@pytest.mark.parametrize("hoe", ["losgekoppeld", "telefoons uit", "uit de kring", "ander cookie"])
def test_the_joined_phones_poll_stops_saying_unchanged_when_it_may_no_longer_answer(
    client, code, kring, lopende_bijeenkomst, alice, hoe
):
    kies(client, code, kring[0])
    stand = sinds(client, code)
    if hoe == "losgekoppeld":
        Telefoonkoppeling.objects.get(betrokkene=kring[0]).loskoppelen()
    elif hoe == "telefoons uit":
        Bijeenkomst.objects.filter(pk=lopende_bijeenkomst.pk).update(telefoons=False)
    elif hoe == "uit de kring":
        kring[0].verwijder()
    else:
        client.cookies[COOKIE] = "iets-anders"
    r = client.get(f"{antwoord_url(code)}?sinds={stand}", **HTMX)
    assert r.status_code != 204
    assert r.has_header("HX-Redirect") or r.has_header("HX-Refresh")
