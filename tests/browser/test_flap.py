"""The room's screen in a real browser: it follows the meeting by itself, also after the network drops,
and a parent joins with the QR code and answers on her phone.
"""

import re
import time

from playwright.sync_api import expect

from besluitvorming.models import Reactie
from tests.conftest import PASSWORD

from .conftest import PHONE, check_page, login

BINNEN = 2_000  # ms: the flap must show a change within 2 seconds


def verschijnt(page, tekst, timeout=BINNEN):
    """Wait until the flap shows `tekst`; returns how long it took, in seconds."""
    begin = time.monotonic()
    expect(page.locator("#flap").get_by_text(tekst)).to_be_visible(timeout=timeout)
    return time.monotonic() - begin


def test_the_flap_follows_the_meeting_and_recovers_after_the_network_drops(
    page, alice, traject, kring, ronde, lopende_bijeenkomst
):
    sanne, mark, ria, noor, fatima = kring
    login(page, "alice@example.org", PASSWORD)
    page.goto(f"/trajecten/{traject.uuid}/bijeenkomst/flap/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("#flap").get_by_text("0 van de 5 hebben geantwoord")).to_be_visible()
    expect(page.get_by_role("heading", name="Het voorstel: Weekend bij papa")).to_be_visible()
    check_page(page, "flap")

    # An answer recorded anywhere is on the screen within 2 seconds.
    ronde.reageer(sanne, "geen_bezwaar", door=alice)
    duur = verschijnt(page, "1 van de 5 heeft geantwoord")
    assert duur < 2, duur

    # The network drops for 3 seconds; a change meanwhile shows once it is back, without a reload.
    page.context.set_offline(True)
    page.wait_for_timeout(1_200)
    ronde.reageer(fatima, "zorg", aandachtspunt="Ook in de vakantie?", door=alice)
    page.wait_for_timeout(1_800)
    expect(page.locator("#flap").get_by_text("1 van de 5 heeft geantwoord")).to_be_visible()
    page.context.set_offline(False)
    duur = verschijnt(page, "2 van de 5 hebben geantwoord", timeout=5_000)
    assert duur < 3, duur
    expect(page.locator("#flap").get_by_text("Ook in de vakantie?")).to_be_visible()

    # Phones on: the QR code appears by itself; Ria joins with it on her phone and answers for Noor.
    lopende_bijeenkomst.zet_telefoons(True)
    verschijnt(page, "Antwoorden op je eigen telefoon? Scan de code.")
    expect(page.locator("#flap svg.flap-qr")).to_be_visible()
    check_page(page, "flap-telefoons")
    meedoen = page.locator(".flap-url").inner_text().strip()
    assert re.search(r"/l/meedoen/[A-Za-z0-9_-]{16}/$", meedoen)

    telefoon = page.context.browser.new_context(viewport=PHONE, locale="nl-NL")
    fouten = []
    ria_tel = telefoon.new_page()
    ria_tel.on("pageerror", lambda e: fouten.append(str(e)))
    ria_tel.goto(meedoen)
    expect(ria_tel.get_by_role("heading", level=1, name="Wie ben jij?")).to_be_visible()
    check_page(ria_tel, "telefoon-meedoen")
    ria_tel.get_by_role("button", name=re.compile(r"^Ria")).click()
    expect(ria_tel.get_by_role("heading", level=1, name="Hallo Ria")).to_be_visible()
    expect(ria_tel.get_by_role("heading", name="Jouw antwoord namens Noor")).to_be_visible()
    check_page(ria_tel, "telefoon-antwoord")

    # A zorg without what to watch: the error comes back beside the field, the choice is kept.
    noor_blok = ria_tel.locator("section", has=ria_tel.get_by_role("heading", name="Jouw antwoord namens Noor"))
    noor_blok.get_by_role("radio", name=re.compile("^Zorg")).check()
    expect(noor_blok.get_by_label("Waar moeten we op letten?")).to_be_visible()
    expect(noor_blok.get_by_label("Waarom is het niet goed of niet veilig genoeg?")).to_be_hidden()
    noor_blok.get_by_role("button", name="Antwoord voor Noor versturen").click()
    expect(ria_tel.get_by_text("Schrijf op waar we op moeten letten.")).to_be_visible()
    check_page(ria_tel, "telefoon-antwoord-fout")
    noor_blok = ria_tel.locator("section", has=ria_tel.get_by_role("heading", name="Jouw antwoord namens Noor"))
    expect(noor_blok.get_by_role("radio", name=re.compile("^Zorg"))).to_be_checked()
    noor_blok.get_by_label("Waar moeten we op letten?").fill("Noor wil haar knuffel mee.")
    noor_blok.get_by_role("button", name="Antwoord voor Noor versturen").click()
    expect(ria_tel.get_by_text("Dank je wel, het antwoord voor Noor is genoteerd.")).to_be_visible()
    verschijnt(page, "3 van de 5 hebben geantwoord")

    # Her own answer; then the phone waits for the next round and shows it by itself.
    ria_tel.get_by_role("radio", name=re.compile("^Geen bezwaar")).first.check()
    ria_tel.get_by_role("button", name="Antwoord versturen").click()
    expect(ria_tel.get_by_text("Dank je wel, je antwoord is genoteerd.")).to_be_visible()
    assert Reactie.objects.get(ronde=ronde, betrokkene=ria).bron == "telefoon"
    verschijnt(page, "4 van de 5 hebben geantwoord")
    ronde.afbreken(alice)
    expect(ria_tel.get_by_text("Er is nu geen vraag om te beantwoorden.")).to_be_visible(timeout=5_000)
    check_page(ria_tel, "telefoon-wachten")
    ronde.voorstel.open_ronde(alice)
    expect(ria_tel.get_by_role("heading", name="Jouw antwoord namens Noor")).to_be_visible(timeout=5_000)
    expect(page.locator("#flap").get_by_text("Consentronde 2")).to_be_visible(timeout=BINNEN)
    telefoon.close()
    assert not fouten, fouten


def test_the_flap_recovers_by_itself_when_the_server_is_down_for_a_while(
    page, alice, traject, kring, ronde, lopende_bijeenkomst
):
    sanne = kring[0]
    login(page, "alice@example.org", PASSWORD)
    page.goto(f"/trajecten/{traject.uuid}/bijeenkomst/flap/")
    expect(page.locator("#flap").get_by_text("0 van de 5 hebben geantwoord")).to_be_visible()

    # A restart as the browser sees it: first the proxy answers 502, then nothing listens at all.
    page.route("**/flap/stand/**", lambda route: route.fulfill(status=502, body="Bad Gateway"))
    page.wait_for_timeout(1_500)
    page.unroute("**/flap/stand/**")
    page.route("**/flap/stand/**", lambda route: route.abort("connectionrefused"))
    ronde.reageer(sanne, "geen_bezwaar", door=alice)
    page.wait_for_timeout(1_500)
    expect(page.locator("#flap").get_by_text("0 van de 5 hebben geantwoord")).to_be_visible()
    page.unroute("**/flap/stand/**")
    duur = verschijnt(page, "1 van de 5 heeft geantwoord", timeout=5_000)
    assert duur < 3, duur
    assert "Bad Gateway" not in page.content()
