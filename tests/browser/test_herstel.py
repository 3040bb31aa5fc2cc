"""After a server restart or a database that was gone for a while, the room's screen and the phones carry on by themselves.

While the server is away their polls get a 502 or 503 (the app's own 'even niet bereikbaar' page) or no answer
at all; htmx swaps none of that into the page and keeps polling, and what happened meanwhile shows once the
server is back.
"""

import re

from django.template.loader import render_to_string
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import PHONE, login

STORING = render_to_string("503.html", {"opnieuw": True})


def is_poll(url):
    return "sinds=" in url


def server_weg(page, seconden_503, seconden_weg):
    """The polls of `page` fail: first the app answers 503 (database gone), then nothing listens (restart)."""
    page.route(is_poll, lambda route: route.fulfill(status=503, body=STORING, content_type="text/html"))
    page.wait_for_timeout(seconden_503 * 1000)
    page.unroute(is_poll)
    page.route(is_poll, lambda route: route.abort("connectionrefused"))
    page.wait_for_timeout(seconden_weg * 1000)


def server_terug(page):
    page.unroute(is_poll)


def test_the_room_screen_shows_an_answer_given_while_the_database_was_gone(
    page, alice, traject, kring, ronde, lopende_bijeenkomst
):
    sanne, mark = kring[0], kring[1]
    login(page, "alice@example.org", PASSWORD)
    page.goto(f"/trajecten/{traject.uuid}/bijeenkomst/flap/")
    flap = page.locator("#flap")
    expect(flap.get_by_text("0 van de 5 hebben geantwoord")).to_be_visible()

    page.route(is_poll, lambda route: route.fulfill(status=503, body=STORING, content_type="text/html"))
    ronde.reageer(sanne, "geen_bezwaar", door=alice)
    page.wait_for_timeout(2_500)
    # The screen keeps what it showed: never the error page, never an empty screen.
    expect(flap.get_by_text("0 van de 5 hebben geantwoord")).to_be_visible()
    expect(page.get_by_text("Even niet bereikbaar")).to_have_count(0)
    page.unroute(is_poll)
    page.route(is_poll, lambda route: route.abort("connectionrefused"))
    ronde.reageer(mark, "zorg", aandachtspunt="Wie brengt Noor?", door=alice)
    page.wait_for_timeout(2_000)
    server_terug(page)

    expect(flap.get_by_text("2 van de 5 hebben geantwoord")).to_be_visible(timeout=4_000)
    expect(flap.get_by_text("Wie brengt Noor?")).to_be_visible()
    expect(page.get_by_text("Even niet bereikbaar")).to_have_count(0)


def phone(browser, live_server):
    """A phone's browser on the live server, and the JavaScript errors it meets."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(10_000)
    fouten = []
    pagina = context.new_page()
    pagina.on("pageerror", lambda e: fouten.append(str(e)))
    return context, pagina, fouten


def test_a_phone_waiting_on_its_link_shows_the_round_that_opened_while_the_server_was_away(
    browser, live_server, alice, voorstel, lopende_bijeenkomst, link
):
    lopende_bijeenkomst.zet_telefoons(True)
    telefoon, sanne, fouten = phone(browser, live_server)
    sanne.goto(f"/l/{link[1]}/antwoord/")
    expect(sanne.get_by_text("Er is nu geen vraag om te beantwoorden.")).to_be_visible()

    server_weg(sanne, 2.5, 0)
    voorstel.open_ronde(alice)
    sanne.wait_for_timeout(2_500)
    expect(sanne.get_by_text("Er is nu geen vraag om te beantwoorden.")).to_be_visible()
    server_weg(sanne, 0, 2.5)
    server_terug(sanne)

    expect(sanne.get_by_role("heading", name="Jouw antwoord")).to_be_visible(timeout=5_000)
    sanne.get_by_role("radio", name=re.compile("^Geen bezwaar")).check()
    sanne.get_by_role("button", name="Antwoord versturen").click()
    expect(sanne.get_by_text("Dank je wel, je antwoord is genoteerd.")).to_be_visible()
    assert voorstel.rondes.get().reacties.get(betrokkene=link[0].betrokkene).antwoord == "geen_bezwaar"
    telefoon.close()
    assert not fouten, fouten


def test_a_phone_that_joined_with_the_code_follows_the_next_round_after_a_restart(
    browser, live_server, alice, ronde, lopende_bijeenkomst, kring
):
    lopende_bijeenkomst.zet_telefoons(True)
    telefoon, mark, fouten = phone(browser, live_server)
    mark.goto(f"/l/meedoen/{lopende_bijeenkomst.meedoen_code}/")
    mark.get_by_role("button", name=re.compile(r"^Mark")).click()
    expect(mark.get_by_role("heading", level=1, name="Hallo Mark")).to_be_visible()
    mark.get_by_role("radio", name=re.compile("^Geen bezwaar")).check()
    mark.get_by_role("button", name="Antwoord versturen").click()
    expect(mark.get_by_text("Dank je wel, je antwoord is genoteerd.")).to_be_visible()

    # The round is stopped and a new one opened while the server restarts.
    server_weg(mark, 1.5, 0)
    ronde.afbreken(alice)
    tweede = ronde.voorstel.open_ronde(alice)
    server_weg(mark, 0, 2.5)
    expect(mark.get_by_role("button", name="Antwoord versturen")).to_have_count(0)
    server_terug(mark)

    expect(mark.get_by_role("button", name="Antwoord versturen")).to_be_visible(timeout=5_000)
    mark.get_by_role("radio", name=re.compile("^Geen bezwaar")).check()
    mark.get_by_role("button", name="Antwoord versturen").click()
    expect(mark.get_by_text("Dank je wel, je antwoord is genoteerd.")).to_be_visible()
    assert tweede.reacties.get(betrokkene=kring[1]).antwoord == "geen_bezwaar"
    telefoon.close()
    assert not fouten, fouten
