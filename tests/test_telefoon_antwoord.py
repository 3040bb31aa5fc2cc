"""Answering a consent round on your own phone through your personal link: plain words, never overwriting anyone.

Shared helpers for test_telefoon_meedoen.py live here too.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from besluitvorming.models import Bijeenkomst, Reactie, Voorstel
from links.models import LinkGebruik, PersoonlijkeLink

from .test_links_pagina import assert_geen_gegevens, assert_prive_headers, html, pagina_url, verloop

HTMX = {"HTTP_HX_REQUEST": "true"}
GEEN_VRAAG = "Er is nu geen vraag om te beantwoorden. Deze pagina ververst zichzelf."
GEHEIM = "GEHEIM-ZORG: de overdracht op vrijdag"


def antwoord_url(token):
    return reverse("link:antwoord", args=[token])


def reactie(ronde, betrokkene):
    return Reactie.objects.get(ronde=ronde, betrokkene=betrokkene)


def stand(client, token):
    """The `sinds` the phone's page polls with, read from the page itself."""
    m = re.search(r'\?sinds=([^"&]+)"', html(client.get(antwoord_url(token))))
    assert m, "the page does not poll"
    return m.group(1)


def sturen(ronde, voor, antwoord="geen_bezwaar", **velden):
    return {"ronde": str(ronde.uuid), "voor": str(voor.uuid), "antwoord": antwoord, **velden}


@pytest.fixture
def telefoons(lopende_bijeenkomst):
    lopende_bijeenkomst.zet_telefoons(True)
    return lopende_bijeenkomst


@pytest.fixture
def ria_link(kring, alice):
    return PersoonlijkeLink.uitgeven(kring[2], alice)


# When there is nothing to answer


def test_before_the_meeting_there_is_no_question(client, link, bijeenkomst):
    r = client.get(antwoord_url(link[1]))
    body = html(r)
    assert r.status_code == 200
    assert "Hallo Sanne" in body and GEEN_VRAAG in body
    assert "Vernieuwen" in body and pagina_url(link[1]) in body
    assert_prive_headers(r)


def test_without_phones_switched_on_there_is_no_question(client, link, ronde):
    body = html(client.get(antwoord_url(link[1])))
    assert GEEN_VRAAG in body
    assert "Weekend bij papa" not in body


def test_without_an_open_round_there_is_no_question(client, link, telefoons):
    assert GEEN_VRAAG in html(client.get(antwoord_url(link[1])))


def test_without_a_meeting_at_all_there_is_no_question(client, link):
    assert GEEN_VRAAG in html(client.get(antwoord_url(link[1])))
    assert not Bijeenkomst.objects.exists()


def test_the_waiting_page_polls_for_a_new_round(client, link, telefoons):
    body = html(client.get(antwoord_url(link[1])))
    url = f"{antwoord_url(link[1])}?sinds={stand(client, link[1])}"
    assert f'hx-get="{url}" hx-trigger="every 2s" hx-swap="outerHTML"' in body
    assert client.get(url, **HTMX).status_code == 204


def test_the_poll_answers_204_until_something_changes(client, link, telefoons, voorstel, alice):
    sinds = stand(client, link[1])
    r = client.get(f"{antwoord_url(link[1])}?sinds={sinds}", **HTMX)
    assert r.status_code == 204
    assert_prive_headers(r)
    voorstel.open_ronde(alice)
    r = client.get(f"{antwoord_url(link[1])}?sinds={sinds}", **HTMX)
    body = html(r)
    assert r.status_code == 200
    assert body.lstrip().startswith('<div id="vraag"') and "<html" not in body
    assert "Noor is elk tweede weekend bij Mark" in body and "Antwoord versturen" in body


def test_only_what_the_person_sees_is_logged_not_every_poll(client, link, telefoons):
    url = f"{antwoord_url(link[1])}?sinds={stand(client, link[1])}"
    for _ in range(5):
        client.get(url, **HTMX)
    assert LinkGebruik.objects.filter(actie="bekeken").count() == 1


def test_the_poll_is_one_query(client, link, telefoons):
    url = f"{antwoord_url(link[1])}?sinds={stand(client, link[1])}"
    with CaptureQueriesContext(connection) as q:
        assert client.get(url, **HTMX).status_code == 204
    assert len(q) == 1, [x["sql"] for x in q]


@pytest.mark.parametrize("hoe", ["ingetrokken", "verlopen", "uit de kring"])
def test_a_poll_with_a_link_that_no_longer_works_reloads_the_page(client, link, telefoons, alice, hoe):
    url = f"{antwoord_url(link[1])}?sinds={stand(client, link[1])}"
    if hoe == "ingetrokken":
        link[0].intrekken(alice)
    elif hoe == "verlopen":
        verloop(link[0])
    else:
        link[0].betrokkene.verwijder()
    r = client.get(url, **HTMX)
    assert r.status_code == 200 and r["HX-Refresh"] == "true"


def test_a_waiting_phone_is_not_sent_a_new_page_for_other_peoples_answers(client, link, telefoons, voorstel, alice, kring):
    ronde = voorstel.open_ronde(alice)
    sturen_voor_sanne = sturen(ronde, kring[0])
    client.post(antwoord_url(link[1]), sturen_voor_sanne)
    url = f"{antwoord_url(link[1])}?sinds={stand(client, link[1])}"
    for anderen in kring[1:]:
        if Reactie.objects.filter(ronde=ronde, betrokkene=anderen).exists():
            ronde.reageer(anderen, "geen_bezwaar", door=alice)
    # The meeting's stand moved with every answer; Sanne's page did not change.
    assert client.get(url, **HTMX).status_code == 204
    ronde.reageer(kring[0], "zorg", aandachtspunt="Toch even opletten.", door=alice)
    r = client.get(url, **HTMX)
    assert r.status_code == 200 and "Je antwoord is genoteerd." in html(r)


def test_after_the_meeting_the_waiting_page_stays_as_it_is(client, link, telefoons):
    url = f"{antwoord_url(link[1])}?sinds={stand(client, link[1])}"
    Bijeenkomst.objects.filter(pk=telefoons.pk).update(status=Bijeenkomst.Status.AFGEROND)
    assert client.get(url, **HTMX).status_code == 204
    assert GEEN_VRAAG in html(client.get(antwoord_url(link[1])))


# Answering


def test_the_page_shows_the_proposal_and_three_answers_in_plain_words(client, link, telefoons, ronde):
    r = client.get(antwoord_url(link[1]))
    body = html(r)
    assert r.status_code == 200
    assert "Noor is elk tweede weekend bij Mark, van vrijdag 17:00 tot zondag 17:00." in body
    assert "Weekend bij papa" in body and "versie 1" in body
    assert "Geen bezwaar" in body and "Ik kan hiermee leven en help mee." in body
    assert "Zorg" in body and "Ik doe mee, maar let op: …" in body
    assert "Bezwaar" in body and "Dit is niet goed of niet veilig genoeg." in body
    assert "Waar moeten we op letten?" in body and "Wat moet erbij?" in body
    assert "hx-get" not in body  # a form being filled in is never swapped away
    assert LinkGebruik.objects.get().detail == "antwoord ronde 1"
    assert_prive_headers(r)


def test_sanne_answers_and_it_is_recorded_as_her_own_from_the_phone(client, link, telefoons, ronde, kring):
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0]))
    assert r.status_code == 302 and r["Location"] == antwoord_url(link[1])
    assert_prive_headers(r)
    rij = reactie(ronde, kring[0])
    assert rij.antwoord == "geen_bezwaar" and rij.bron == "telefoon" and rij.door is None
    assert LinkGebruik.objects.filter(actie="ingestuurd", detail="antwoord ronde 1").count() == 1
    body = html(client.get(r["Location"]))
    assert "Dank je wel, je antwoord is genoteerd." in body
    assert "Je antwoord is genoteerd." in body
    assert "Antwoord versturen" not in body
    assert "hx-get" in body  # waiting for the next round


def test_a_zorg_is_recorded_with_its_aandachtspunt(client, link, telefoons, ronde, kring):
    client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "zorg", aandachtspunt="  Ook in de vakantie?  "))
    rij = reactie(ronde, kring[0])
    assert rij.antwoord == "zorg" and rij.aandachtspunt == "Ook in de vakantie?"


def test_a_bezwaar_is_recorded_with_reason_and_what_must_be_added(client, link, telefoons, ronde, kring):
    data = sturen(ronde, kring[0], "bezwaar", reden="Te snel", wat_erbij="Eerst een proefweekend", aandachtspunt="weg")
    client.post(antwoord_url(link[1]), data)
    rij = reactie(ronde, kring[0])
    assert (rij.antwoord, rij.reden, rij.wat_erbij, rij.aandachtspunt) == ("bezwaar", "Te snel", "Eerst een proefweekend", "")


def test_a_zorg_without_what_to_watch_is_refused_beside_the_field(client, link, telefoons, ronde, kring):
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "zorg", aandachtspunt="  "))
    body = html(r)
    assert r.status_code == 200
    assert "Schrijf op waar we op moeten letten." in body
    assert re.search(r'value="zorg"[^>]*checked', body)
    assert reactie(ronde, kring[0]).antwoord == ""
    assert not LinkGebruik.objects.filter(actie="ingestuurd").exists()


def test_a_bezwaar_needs_a_reason_and_what_must_be_added(client, link, telefoons, ronde, kring):
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "bezwaar", reden="Te snel"))
    body = html(r)
    assert "Schrijf op wat erbij moet." in body and "Schrijf op waarom je bezwaar hebt." not in body
    assert ">\nTe snel</textarea>" in body
    assert "niet verplicht" not in body
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "bezwaar"))
    assert "Schrijf op waarom je bezwaar hebt." in html(r) and "Schrijf op wat erbij moet." in html(r)
    assert reactie(ronde, kring[0]).antwoord == ""


@pytest.mark.parametrize(
    "velden, melding",
    [
        ({"antwoord": ""}, "Kies een antwoord."),
        ({"antwoord": "misschien"}, "Kies een van de drie antwoorden."),
        ({"antwoord": "geen_antwoord"}, "Kies een van de drie antwoorden."),
        ({"antwoord": "zorg", "aandachtspunt": "x" * 1001}, "Dit is te lang. Gebruik hoogstens 1000 tekens."),
        ({"antwoord": "zorg", "aandachtspunt": "a\x00b"}, ""),
    ],
)
def test_bad_input_gets_a_dutch_message_and_saves_nothing(client, link, telefoons, ronde, kring, velden, melding):
    r = client.post(antwoord_url(link[1]), {**sturen(ronde, kring[0]), **velden})
    assert r.status_code == 200
    assert melding in html(r)
    assert 'class="errors' in html(r)
    assert reactie(ronde, kring[0]).antwoord == ""


@pytest.mark.parametrize(
    "velden",
    [{"ronde": "geen-uuid"}, {"ronde": ""}, {"voor": "x"}, {"voor": ""}, {"ronde": "\x00"}, {"voor": "a" * 10000}],
)
def test_garbage_in_the_hidden_fields_never_errors(client, link, telefoons, ronde, kring, velden):
    data = {**sturen(ronde, kring[0]), **velden}
    r = client.post(antwoord_url(link[1]), data)
    assert r.status_code == 302
    assert reactie(ronde, kring[0]).antwoord == ""


def test_a_phone_never_overwrites_an_answer_the_facilitator_recorded(client, link, telefoons, ronde, kring, alice):
    ronde.reageer(kring[0], "zorg", aandachtspunt=GEHEIM, door=alice)
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "bezwaar", reden="x", wat_erbij="y"), follow=True)
    body = html(r)
    assert "Je antwoord staat al genoteerd. Klopt het niet? Zeg het tegen de begeleider." in body
    rij = reactie(ronde, kring[0])
    assert rij.antwoord == "zorg" and rij.aandachtspunt == GEHEIM and rij.bron == "begeleider"
    assert GEHEIM in body  # not a silent round: she may see what is recorded for her


def test_a_double_submit_records_one_answer(client, link, telefoons, ronde, kring):
    client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "zorg", aandachtspunt="Eerste"))
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "zorg", aandachtspunt="Tweede"), follow=True)
    rij = reactie(ronde, kring[0])
    assert rij.aandachtspunt == "Eerste" and rij.versie == 1
    assert "Je antwoord staat al genoteerd." in html(r)
    assert Reactie.objects.filter(ronde=ronde, betrokkene=kring[0]).count() == 1


def test_a_round_closed_meanwhile_records_nothing(client, link, telefoons, ronde, kring, alice):
    ronde.afbreken(alice)
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0]), follow=True)
    assert "Deze vraag is al gesloten. Je antwoord is niet genoteerd." in html(r)
    assert reactie(ronde, kring[0]).antwoord == ""


def test_an_answer_meant_for_an_earlier_round_does_not_land_in_the_new_one(client, link, telefoons, ronde, kring, alice):
    oud = sturen(ronde, kring[0], "bezwaar", reden="Over versie 1", wat_erbij="Meer tijd")
    ronde.afbreken(alice)
    nieuwe = ronde.voorstel.open_ronde(alice)
    r = client.post(antwoord_url(link[1]), oud, follow=True)
    assert "Deze vraag is al gesloten." in html(r)
    assert reactie(nieuwe, kring[0]).antwoord == ""


def test_phones_switched_off_meanwhile_records_nothing(client, link, telefoons, ronde, kring):
    telefoons.zet_telefoons(False)
    client.post(antwoord_url(link[1]), sturen(ronde, kring[0]))
    assert reactie(ronde, kring[0]).antwoord == ""


# For whom


def test_ria_answers_for_herself_and_for_noor(client, ria_link, telefoons, ronde, kring):
    ria, noor = kring[2], kring[3]
    body = html(client.get(antwoord_url(ria_link[1])))
    assert "Jouw antwoord" in body and "Jouw antwoord namens Noor" in body
    assert "Antwoord voor Noor versturen" in body
    r = client.post(antwoord_url(ria_link[1]), sturen(ronde, noor, "zorg", aandachtspunt="Noor wil haar knuffel mee"))
    assert "Dank je wel, het antwoord voor Noor is genoteerd." in html(client.get(r["Location"]))
    assert reactie(ronde, noor).antwoord == "zorg" and reactie(ronde, ria).antwoord == ""
    body = html(client.get(antwoord_url(ria_link[1])))
    assert "Het antwoord voor Noor is genoteerd." in body and "Antwoord versturen" in body


def test_nobody_answers_for_someone_they_do_not_speak_for(client, link, telefoons, ronde, kring):
    mark = kring[1]
    r = client.post(antwoord_url(link[1]), sturen(ronde, mark, "bezwaar", reden="x", wat_erbij="y"))
    assert r.status_code == 302
    assert reactie(ronde, mark).antwoord == ""


def test_someone_not_in_the_round_has_no_question(client, kring, alice, telefoons, voorstel):
    from besluitvorming.models import Aanwezigheid

    Aanwezigheid.objects.filter(betrokkene=kring[0]).update(status="afwezig")
    ronde = voorstel.open_ronde(alice)
    link, token = PersoonlijkeLink.uitgeven(kring[0], alice)
    assert GEEN_VRAAG in html(client.get(antwoord_url(token)))
    assert client.post(antwoord_url(token), sturen(ronde, kring[0])).status_code == 302
    assert not Reactie.objects.filter(ronde=ronde, betrokkene=kring[0]).exists()


# Privacy


def test_a_silent_round_shows_only_that_the_answer_is_noted(client, link, telefoons, voorstel, kring, alice):
    ronde = voorstel.open_ronde(alice, stil=True)
    client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "zorg", aandachtspunt=GEHEIM))
    body = html(client.get(antwoord_url(link[1])))
    assert "Je antwoord is genoteerd." in body and GEHEIM not in body
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0], "bezwaar", reden="x", wat_erbij="y"), follow=True)
    assert "Je antwoord staat al genoteerd." in html(r) and GEHEIM not in html(r)
    ronde.onthul()
    assert GEHEIM in html(client.get(antwoord_url(link[1])))


def test_the_phone_never_shows_what_others_answered(client, link, telefoons, ronde, kring, alice):
    ronde.reageer(kring[1], "bezwaar", reden="GEHEIM-MARK", wat_erbij="GEHEIM-ERBIJ", door=alice)
    ronde.reageer(kring[4], "zorg", aandachtspunt="GEHEIM-FATIMA", door=alice)
    body = html(client.get(antwoord_url(link[1])))
    assert "GEHEIM" not in body and "Fatima" not in body


def test_html_in_the_proposal_is_shown_as_text(client, link, telefoons, alice):
    v = Voorstel.indienen(telefoons, alice, "<b>titel</b>", "<script>alert(1)</script>")
    v.open_ronde(alice)
    body = html(client.get(antwoord_url(link[1])))
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>titel</b>" not in body


# Refused links


def test_an_unknown_token_is_refused(client, db):
    r = client.get(antwoord_url("onbekend-token-xxxxxxxxxxx"))
    assert r.status_code == 404
    assert_prive_headers(r)


def test_a_revoked_link_cannot_answer(client, link, telefoons, ronde, kring, alice):
    link[0].intrekken(alice)
    r = client.post(antwoord_url(link[1]), sturen(ronde, kring[0]))
    assert r.status_code == 410
    assert_geen_gegevens(html(r))
    assert reactie(ronde, kring[0]).antwoord == ""
    assert client.get(antwoord_url(link[1])).status_code == 410


def test_an_expired_link_cannot_answer(client, link, telefoons, ronde, kring):
    verloop(link[0])
    r = client.get(antwoord_url(link[1]))
    assert r.status_code == 410
    assert "Noor is elk tweede weekend" not in html(r)


def test_a_poll_with_a_revoked_link_reloads_the_page_once(client, link, telefoons, alice):
    link[0].intrekken(alice)
    r = client.get(f"{antwoord_url(link[1])}?sinds=0", **HTMX)
    assert r.status_code == 200 and r["HX-Refresh"] == "true"
    assert r.content == b""


def test_answering_needs_the_csrf_token(link, telefoons, ronde, kring):
    r = Client(enforce_csrf_checks=True).post(antwoord_url(link[1]), sturen(ronde, kring[0]))
    assert r.status_code == 403
    assert reactie(ronde, kring[0]).antwoord == ""


def test_other_methods_are_not_allowed(client, link):
    assert client.put(antwoord_url(link[1])).status_code == 405


# The link page points to the question


def test_the_personal_page_links_to_the_question_while_a_round_is_open(client, link, telefoons, ronde):
    body = html(client.get(pagina_url(link[1])))
    assert "Geef je antwoord" in body and antwoord_url(link[1]) in body


def test_the_personal_page_has_no_answer_link_without_phones_or_round(client, link, ronde, lopende_bijeenkomst, alice):
    assert "Geef je antwoord" not in html(client.get(pagina_url(link[1])))
    lopende_bijeenkomst.zet_telefoons(True)
    ronde.afbreken(alice)
    assert "Geef je antwoord" not in html(client.get(pagina_url(link[1])))


def test_a_link_that_expires_within_the_minute_is_no_longer_polled_unchanged(client, link, telefoons):
    # Same day, a minute apart: the expiry is compared as a moment, not as text.
    from django.utils import timezone

    url = f"{antwoord_url(link[1])}?sinds={stand(client, link[1])}"
    nu = timezone.now()
    PersoonlijkeLink.objects.filter(pk=link[0].pk).update(
        aangemaakt_op=nu - datetime.timedelta(hours=1), verloopt_op=nu - datetime.timedelta(seconds=30)
    )
    assert client.get(url, **HTMX).status_code != 204
    PersoonlijkeLink.objects.filter(pk=link[0].pk).update(verloopt_op=nu + datetime.timedelta(minutes=5))
    assert client.get(url, **HTMX).status_code == 204
