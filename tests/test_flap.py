"""The room's screen ("de flap"): what the room reads, what it must never read, and how it keeps up by itself."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from besluitvorming.models import Aanwezigheid, Bijeenkomst, Plan, Voorstel
from kaders.models import Kader
from kwesties.models import Betrokkene, TrajectRol

from .conftest import assert_login_redirect

HTMX = {"HTTP_HX_REQUEST": "true"}
GEHEIM_ZORG = "GEHEIM-ZORG: let op de overdracht"
GEHEIM_REDEN = "GEHEIM-REDEN: te weinig rust"
GEHEIM_ERBIJ = "GEHEIM-ERBIJ: eerst een proefweekend"


def flap_url(traject):
    return reverse("besluitvorming:flap", args=[traject.uuid])


def stand_url(traject, sinds=None):
    url = reverse("besluitvorming:flap_stand", args=[traject.uuid])
    return url if sinds is None else f"{url}?sinds={sinds}"


def html(response):
    return response.content.decode()


def stand(bijeenkomst):
    return Bijeenkomst.objects.get(pk=bijeenkomst.pk).stand


def beantwoord(ronde, kring, alice):
    """Sanne and Ria (also for Noor) have no objection, Fatima has a zorg, Mark objects."""
    sanne, mark, ria, noor, fatima = kring
    for b in (sanne, ria, noor):
        ronde.reageer(b, "geen_bezwaar", door=alice)
    ronde.reageer(fatima, "zorg", aandachtspunt=GEHEIM_ZORG, door=alice)
    ronde.reageer(mark, "bezwaar", reden=GEHEIM_REDEN, wat_erbij=GEHEIM_ERBIJ, door=alice)


@pytest.fixture
def stille_ronde(voorstel, alice):
    return voorstel.open_ronde(alice, stil=True)


# What the room sees


def test_the_flap_shows_the_proposal_and_everyone_in_the_round_by_first_name(alice_client, traject, ronde):
    r = alice_client.get(flap_url(traject))
    body = html(r)
    assert r.status_code == 200
    assert "Weekend bij papa" in body
    assert "Noor is elk tweede weekend bij Mark, van vrijdag 17:00 tot zondag 17:00." in body
    assert "Voorstel 1, versie 1" in body
    assert "Consentronde 1" in body and "0 van de 5 hebben geantwoord" in body
    namen = body.split('class="flap-namen"')[1].split("</ul>")[0]
    for naam in ("Sanne", "Mark", "Ria", "Noor", "Fatima"):
        assert f"<bdi>{naam}</bdi>" in namen
    assert "Ria antwoordt namens Noor" in namen
    assert "Jacobs" not in body and "El Idrissi" not in body


def test_the_flap_is_a_bare_screen_without_the_site_navigation(alice_client, traject, ronde):
    body = html(alice_client.get(flap_url(traject)))
    assert body.count("<h1") == 1
    assert 'id="inhoud"' in body and "Naar de inhoud" in body
    assert "Uitloggen" not in body and "Mijn trajecten" not in body and 'class="tabs"' not in body
    assert "Ververs de pagina" in body
    assert '<meta http-equiv="refresh"' not in body


def kaart_url(body, traject):
    """The poll URL the screen was given, with its signed ticket."""
    m = re.search(r'<div id="flap" class="flap" hx-get="([^"]+)" hx-trigger="every 1s" hx-swap="outerHTML">', body)
    assert m, body[:500]
    url = m.group(1).replace("&amp;", "&")
    assert url.startswith(stand_url(traject) + "?sinds=") and "&kaart=" in url
    return url


def test_the_flap_polls_its_stand_every_second(alice_client, traject, ronde, lopende_bijeenkomst):
    body = html(alice_client.get(flap_url(traject)))
    url = kaart_url(body, traject)
    assert url.startswith(stand_url(traject, stand(lopende_bijeenkomst)) + "&kaart=")


def test_the_flap_is_never_cached(alice_client, traject, ronde):
    r = alice_client.get(flap_url(traject))
    assert "no-store" in r["Cache-Control"]


def test_the_kwestie_is_the_heading(alice_client, traject, ronde):
    traject.kwestie.wijzig(traject.rollen.first().user, "Wat is ervoor nodig dat Noor rustig kan opgroeien?", "")
    body = html(alice_client.get(flap_url(traject)))
    assert re.search(r"<h1>Wat is ervoor nodig dat Noor rustig kan opgroeien\?</h1>", body)


def test_the_current_part_of_the_meeting_is_marked(alice_client, traject, lopende_bijeenkomst):
    body = html(alice_client.get(flap_url(traject)))
    assert re.search(r'aria-current="step"><span class="flap-nu">Nu:</span> Informatief deel', body)
    assert "Welkom en voorstelronde" in body and "We laten elkaar uitpraten." in body
    lopende_bijeenkomst.ga_naar_deel(Bijeenkomst.Deel.PRESENTATIE)
    body = html(alice_client.get(flap_url(traject)))
    assert re.search(r'aria-current="step"><span class="flap-nu">Nu:</span> Presentatie', body)
    assert "De kadersteller kijkt: past het plan binnen de kaders?" in body


def test_a_meeting_that_has_not_started_says_so(alice_client, traject, bijeenkomst):
    body = html(alice_client.get(flap_url(traject)))
    assert "De bijeenkomst is nog niet begonnen." in body


def test_a_kadersteller_may_open_the_flap(bob_client, traject, ronde):
    assert bob_client.get(flap_url(traject)).status_code == 200


def test_without_a_proposal_the_flap_shows_the_current_part(alice_client, traject, lopende_bijeenkomst):
    body = html(alice_client.get(flap_url(traject)))
    assert "Het voorstel" not in body
    assert "Informatief deel" in body and "De kwestie" in body


# The silent round: that someone answered, never what


def test_a_silent_round_shows_who_answered_but_never_what(alice_client, traject, stille_ronde, kring, alice):
    beantwoord(stille_ronde, kring, alice)
    for r in (alice_client.get(flap_url(traject)), alice_client.get(stand_url(traject, "x"), **HTMX)):
        body = html(r)
        assert "5 van de 5 hebben geantwoord" in body
        assert "heeft geantwoord" in body
        assert "Iedereen schrijft eerst stil zijn antwoord op." in body
        for geheim in (GEHEIM_ZORG, GEHEIM_REDEN, GEHEIM_ERBIJ, "antwoord-bezwaar", "antwoord-zorg", "Bezwaren",
                       "Geen bezwaar", "Zorgen"):
            assert geheim not in body, geheim


def test_after_the_reveal_the_flap_shows_the_zorgen_and_bezwaren(alice_client, traject, stille_ronde, kring, alice):
    beantwoord(stille_ronde, kring, alice)
    stille_ronde.onthul()
    body = html(alice_client.get(flap_url(traject)))
    assert "Iedereen schrijft eerst stil" not in body
    assert GEHEIM_ZORG in body and GEHEIM_REDEN in body and GEHEIM_ERBIJ in body
    assert "Wat moet erbij?" in body
    assert re.search(r"<bdi>Mark</bdi>\s*</span>\s*<span class=\"flap-naam-status\">Bezwaar</span>", body)


def test_an_open_round_that_is_not_silent_shows_answers_as_they_come(alice_client, traject, ronde, kring, alice):
    ronde.reageer(kring[4], "zorg", aandachtspunt=GEHEIM_ZORG, door=alice)
    body = html(alice_client.get(flap_url(traject)))
    assert "1 van de 5 heeft geantwoord" in body
    assert GEHEIM_ZORG in body and "Zorgen: laten we hierop letten" in body


# Outcome and plan


def test_a_closed_round_says_the_outcome_and_what_happens_next(alice_client, traject, ronde, kring, alice):
    beantwoord(ronde, kring, alice)
    assert ronde.sluiten(alice) == "kleine_minderheid"
    body = html(alice_client.get(flap_url(traject)))
    assert "Uitkomst van ronde 1" in body
    assert "Geen consent: een kleine groep heeft bezwaar." in body
    assert "wat is er nodig om mee te kunnen gaan?" in body
    assert "Geen bezwaar: 3 · Zorg: 1 · Bezwaar: 1" in body
    assert GEHEIM_REDEN in body


def test_consent_puts_the_proposal_in_the_plan_with_its_zorg(alice_client, traject, ronde, kring, alice):
    sanne, mark, ria, noor, fatima = kring
    for b in (sanne, mark, ria, noor):
        ronde.reageer(b, "geen_bezwaar", door=alice)
    ronde.reageer(fatima, "zorg", aandachtspunt="Ook in de vakantie?", door=alice)
    ronde.sluiten(alice)
    body = html(alice_client.get(flap_url(traject)))
    assert "Consent: niemand heeft bezwaar." in body and "Het voorstel staat nu in het plan." in body
    plan = body.split('id="flap-plan-kop"')[1]
    assert "Het plan tot nu toe" in body
    assert "Noor is elk tweede weekend bij Mark" in plan and "Elk tweede weekend" in plan
    assert "<bdi>Mark</bdi>" in plan
    assert "Let op:" in plan and "Ook in de vakantie?" in plan and "(<bdi>Fatima</bdi>)" in plan


def test_the_plan_grows_next_to_a_new_proposal(alice_client, traject, afspraak, ronde):
    body = html(alice_client.get(flap_url(traject)))
    assert "Weekend bij papa" in body
    assert "Noor maakt op dinsdag haar huiswerk bij Ria." in body and "Elke dinsdag" in body
    assert "Ook in de vakantie?" in body


def test_a_failed_kadertoets_sends_the_plan_back_to_the_kring(alice_client, traject, afspraak, bob):
    plan = Plan.objects.get(pk=afspraak.plan_id)
    kader = Kader.objects.get(kaderset__traject=traject)
    plan.kaders_toetsen(bob, [(kader, False, "Er staat nog niets over waar Noor en Daan slapen.")])
    body = html(alice_client.get(flap_url(traject)))
    terug = body.split('id="flap-terug-kop"')[1].split("</section>")[0]
    assert "Terug naar de kring" in body
    assert "Noor en Daan slapen elke nacht op een vaste, veilige plek." in terug
    assert "Er staat nog niets over waar Noor en Daan slapen." in terug


def test_a_plan_that_meets_every_kader_says_so_and_stays_up_once_vastgesteld(
    alice_client, traject, afspraak, bob, alice
):
    plan = Plan.objects.get(pk=afspraak.plan_id)
    kader = Kader.objects.get(kaderset__traject=traject)
    plan.kaders_toetsen(bob, [(kader, True, "")])
    assert "het plan past binnen alle kaders" in html(alice_client.get(flap_url(traject)))
    plan.vaststellen(alice)
    aantal = Bijeenkomst.objects.count()
    body = html(alice_client.get(flap_url(traject)))
    assert "De bijeenkomst is klaar. Het plan is vastgesteld." in body
    assert "Noor maakt op dinsdag haar huiswerk bij Ria." in body
    assert Bijeenkomst.objects.count() == aantal


# Phones


def test_with_phones_on_the_flap_shows_a_qr_code_to_join(alice_client, traject, lopende_bijeenkomst):
    lopende_bijeenkomst.zet_telefoons(True)
    body = html(alice_client.get(flap_url(traject)))
    url = "http://testserver" + reverse("link:meedoen", args=[lopende_bijeenkomst.meedoen_code])
    assert "Antwoorden op je eigen telefoon? Scan de code." in body
    assert '<svg role="img"' in body and "flap-qr" in body
    assert url in body


def test_with_phones_off_there_is_no_qr_code(alice_client, traject, lopende_bijeenkomst):
    body = html(alice_client.get(flap_url(traject)))
    assert "<svg" not in body and "Scan de code" not in body


# Escaping


def test_html_in_texts_is_shown_as_text(alice_client, traject, lopende_bijeenkomst, alice, kring):
    mark = kring[1]
    mark.voornaam = "<b>Mark</b>"
    mark.save()
    v = Voorstel.indienen(lopende_bijeenkomst, alice, "<i>titel</i>", "<script>alert(1)</script>", wanneer="<u>nu</u>")
    r = v.open_ronde(alice)
    r.reageer(kring[4], "zorg", aandachtspunt="<img src=x onerror=alert(2)>", door=alice)
    body = html(alice_client.get(flap_url(traject)))
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(2)&gt;" in body
    assert "<b>Mark</b>" not in body and "&lt;b&gt;Mark&lt;/b&gt;" in body
    assert "<i>titel</i>" not in body and "<u>nu</u>" not in body


# The poll


def test_the_poll_answers_204_while_nothing_changed(alice_client, traject, ronde, lopende_bijeenkomst):
    r = alice_client.get(stand_url(traject, stand(lopende_bijeenkomst)), **HTMX)
    assert r.status_code == 204
    assert r.content == b""
    assert "no-store" in r["Cache-Control"]


def test_the_poll_sends_the_new_fragment_after_a_change(alice_client, traject, ronde, lopende_bijeenkomst, kring, alice):
    oud = stand(lopende_bijeenkomst)
    ronde.reageer(kring[0], "geen_bezwaar", door=alice)
    r = alice_client.get(stand_url(traject, oud), **HTMX)
    body = html(r)
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    assert body.lstrip().startswith('<div id="flap"')
    assert "<html" not in body and "<h1" not in body
    assert "1 van de 5 heeft geantwoord" in body
    nieuw = stand(lopende_bijeenkomst)
    assert nieuw > oud
    assert kaart_url(body, traject).startswith(stand_url(traject, nieuw) + "&kaart=")
    assert alice_client.get(stand_url(traject, nieuw), **HTMX).status_code == 204


@pytest.mark.parametrize("sinds", ["", "abc", "-1", "99999999999999999999999", "1%00", "%F0%9F%98%80", "1.5"])
def test_a_garbage_stand_gets_the_fragment_and_never_an_error(alice_client, traject, ronde, sinds):
    r = alice_client.get(stand_url(traject) + f"?sinds={sinds}", **HTMX)
    assert r.status_code == 200
    assert 'id="flap"' in html(r)


def test_a_poll_without_sinds_gets_the_fragment(alice_client, traject, ronde):
    assert alice_client.get(stand_url(traject), **HTMX).status_code == 200


def test_every_engine_change_is_seen_by_the_poll(alice_client, traject, voorstel, lopende_bijeenkomst, kring, alice):
    stappen = [
        lambda: voorstel.open_ronde(alice),
        lambda: voorstel.rondes.get().reageer(kring[0], "geen_bezwaar", door=alice),
        lambda: voorstel.rondes.get().wis(kring[0]),
        lambda: lopende_bijeenkomst.ga_naar_deel("besluitvormend"),
        lambda: lopende_bijeenkomst.zet_telefoons(True),
        lambda: voorstel.rondes.get().afbreken(alice),
    ]
    for stap in stappen:
        sinds = stand(lopende_bijeenkomst)
        stap()
        assert alice_client.get(stand_url(traject, sinds), **HTMX).status_code == 200


def test_with_its_ticket_the_204_path_is_one_query_and_needs_no_session(
    alice_client, client, traject, ronde, lopende_bijeenkomst
):
    url = kaart_url(html(alice_client.get(flap_url(traject))), traject)
    with CaptureQueriesContext(connection) as queries:
        # `client` has no session at all: the ticket alone says who polls.
        assert client.get(url, **HTMX).status_code == 204
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "django_session" not in queries[0]["sql"]


def test_the_ticket_never_shows_content_without_the_session(client, alice_client, traject, ronde, kring, alice):
    url = kaart_url(html(alice_client.get(flap_url(traject))), traject)
    ronde.reageer(kring[0], "geen_bezwaar", door=alice)
    r = client.get(url, **HTMX)
    assert r.status_code == 200
    assert r["HX-Redirect"].startswith(reverse("login"))
    assert html(r) == ""


def test_a_ticket_stops_working_when_the_role_is_gone(client, alice_client, alice, traject, ronde):
    url = kaart_url(html(alice_client.get(flap_url(traject))), traject)
    assert client.get(url, **HTMX).status_code == 204
    TrajectRol.objects.filter(traject=traject, user=alice).delete()
    r = client.get(url, **HTMX)
    assert r.status_code != 204 and r["HX-Redirect"].startswith(reverse("login"))
    assert alice_client.get(url, **HTMX).status_code == 404


def test_a_ticket_stops_working_when_the_user_is_switched_off(client, alice_client, alice, traject, ronde):
    url = kaart_url(html(alice_client.get(flap_url(traject))), traject)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert client.get(url, **HTMX).status_code != 204


def test_an_expired_ticket_is_ignored(client, alice_client, traject, ronde, monkeypatch):
    from besluitvorming import access

    url = kaart_url(html(alice_client.get(flap_url(traject))), traject)
    monkeypatch.setattr(access, "SCHERMKAART_GELDIG", -1)
    assert client.get(url, **HTMX).status_code != 204


def test_a_ticket_for_another_traject_or_a_forged_one_is_ignored(
    client, alice_client, mallory_client, traject, mallory_traject, ronde, lopende_bijeenkomst
):
    url = kaart_url(html(alice_client.get(flap_url(traject))), traject)
    kaart = url.split("&kaart=")[1]
    andere = stand_url(mallory_traject, stand(lopende_bijeenkomst)) + f"&kaart={kaart}"
    assert mallory_client.get(andere, **HTMX).status_code == 404
    vals = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    assert client.get(vals, **HTMX).status_code != 204
    for onzin in ("", "x" * 500, "%00", "[1,2]"):
        r = client.get(stand_url(traject, stand(lopende_bijeenkomst)) + f"&kaart={onzin}", **HTMX)
        assert r.status_code != 204 and r.status_code < 500


def test_the_204_path_needs_at_most_three_queries(alice_client, traject, ronde, lopende_bijeenkomst):
    url = stand_url(traject, stand(lopende_bijeenkomst))
    alice_client.get(url, **HTMX)
    with CaptureQueriesContext(connection) as queries:
        assert alice_client.get(url, **HTMX).status_code == 204
    assert 1 <= len(queries) <= 3, [q["sql"] for q in queries]


def _meer_mensen_en_afspraken(traject, bijeenkomst, alice, n):
    for i in range(n):
        b = Betrokkene.objects.create(traject=traject, voornaam=f"Persoon{i}", relatie="vriend")
        Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=b, status="aanwezig")
    for i in range(n):
        v = Voorstel.indienen(bijeenkomst, alice, f"Afspraak {i}", f"Tekst van afspraak {i}", wanneer="Elke week")
        r = v.open_ronde(alice)
        for reactie in r.reacties.select_related("betrokkene"):
            if reactie.betrokkene.voornaam == "Fatima":
                r.reageer(reactie.betrokkene, "zorg", aandachtspunt=f"Zorg {i}", door=alice)
            else:
                r.reageer(reactie.betrokkene, "geen_bezwaar", door=alice)
        r.sluiten(alice)


def test_the_flap_needs_a_fixed_number_of_queries(alice_client, traject, lopende_bijeenkomst, alice, kring, bob):
    def meet():
        v = Voorstel.indienen(lopende_bijeenkomst, alice, "Nog een", "Nog een voorstel")
        r = v.open_ronde(alice)
        r.reageer(kring[4], "zorg", aandachtspunt="Let op", door=alice)
        with CaptureQueriesContext(connection) as q:
            body = html(alice_client.get(flap_url(traject)))
        with CaptureQueriesContext(connection) as q_stand:
            alice_client.get(stand_url(traject, "x"), **HTMX)
        r.afbreken(alice)
        return len(q), len(q_stand), body

    _meer_mensen_en_afspraken(traject, lopende_bijeenkomst, alice, 1)
    plan = Plan.objects.get(bijeenkomst=lopende_bijeenkomst)
    kader = Kader.objects.get(kaderset__traject=traject)
    plan.kaders_toetsen(bob, [(kader, False, "Nog niet")])
    weinig, weinig_stand, _body = meet()
    _meer_mensen_en_afspraken(traject, lopende_bijeenkomst, alice, 8)
    veel, veel_stand, body = meet()
    print("flap queries:", veel, "fragment queries:", veel_stand)
    assert "Persoon7" in body and "Tekst van afspraak 7" in body and "Zorg 7" in body
    assert veel == weinig and veel_stand == weinig_stand
    assert veel <= 20


# Who may see it


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, ronde):
    for url in (flap_url(traject), stand_url(traject, 0)):
        assert mallory_client.get(url).status_code == 404
        assert mallory_client.post(url).status_code == 404


def test_someone_in_the_organisation_without_a_role_gets_404(erin_client, traject, ronde):
    assert erin_client.get(flap_url(traject)).status_code == 404
    assert erin_client.get(stand_url(traject, 0)).status_code == 404


def test_a_poll_that_lost_access_reloads_the_page_instead_of_showing_old_content(
    alice_client, alice, traject, ronde
):
    TrajectRol.objects.filter(traject=traject, user=alice).delete()
    r = alice_client.get(stand_url(traject, 0), **HTMX)
    assert r.status_code == 404
    assert r["HX-Refresh"] == "true"
    assert "Weekend bij papa" not in html(r)


def test_anonymous_users_are_sent_to_login(client, traject, ronde):
    assert_login_redirect(client.get(flap_url(traject)))
    assert_login_redirect(client.get(stand_url(traject, 0)))


def test_a_poll_after_logging_out_goes_to_the_login_page_instead_of_swapping_it_in(client, traject, ronde):
    r = client.get(stand_url(traject, 0), **HTMX)
    assert r.status_code == 200
    assert r["HX-Redirect"] == "/inloggen/?next=" + flap_url(traject)
    assert r.content == b""
    assert "no-store" in r["Cache-Control"]


def test_posting_to_the_flap_is_not_allowed(alice_client, traject, ronde):
    assert alice_client.post(flap_url(traject)).status_code == 405
