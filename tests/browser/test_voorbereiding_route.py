"""Phase 3 in the real browser: the facilitator prepares, a parent opens her link on a phone.

Every new page goes through check_page: axe-core (WCAG 2.2 AA, zero violations)
and screenshots at 1280 and 375 px.
"""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from voorbereiding.models import Inbreng

from .conftest import PHONE, check_page, login
from .test_route import traject_tab

PRIVE = "PRIVE-BROWSER: Mark vertelde over schulden."


def gesprek_vastleggen(page, met, gedeeld, prive=""):
    page.get_by_role("link", name=re.compile(rf"^Gesprek vastleggen\s*:\s*met {met}")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if prive:
        page.get_by_label("Privé-notities (alleen voor begeleiders)").fill(prive)
    page.get_by_label("Notities die gedeeld mogen worden").fill(gedeeld)
    page.get_by_role("button", name=re.compile("opslaan|Opslaan|vastleggen")).first.click()
    expect(page.get_by_role("heading", level=1, name=re.compile(rf"Gesprek met .*{met.split()[0]}"))).to_be_visible()


def test_the_facilitator_prepares_the_meeting(page, alice, traject, kring, kaders_vastgesteld):
    kwestie = traject.kwestie
    kwestie.wijzig(alice, "Wat is ervoor nodig dat Noor rustig kan opgroeien?", "")
    kwestie.vaststellen(alice)

    login(page, "alice@example.org", PASSWORD)
    page.goto(f"/trajecten/{traject.uuid}/")
    traject_tab(page, "Voorbereiding")
    expect(page.get_by_role("heading", level=1, name="Voorbereidende gesprekken")).to_be_visible()
    check_page(page, "voorbereiding-overzicht")

    # Two parents in conflict: each their own conversation.
    gesprek_vastleggen(page, "Sanne Jacobs", "Sanne wil een vaste plek voor de wissel.")
    check_page(page, "voorbereiding-gesprek")
    traject_tab(page, "Voorbereiding")
    gesprek_vastleggen(page, "Mark Jacobs", "Mark wil de kinderen elke week zien.", prive=PRIVE)

    # Wie kan er nog meedenken? Oom Kees joins the kring from this conversation.
    persoon = page.locator("#persoon")
    persoon.get_by_label("Voornaam").fill("Kees")
    persoon.get_by_label("Relatie", exact=True).select_option(label="Ander familielid")
    persoon.get_by_role("button", name="Toevoegen aan de kring").click()
    expect(page.locator("#persoon").get_by_text("Kees")).to_be_visible()

    # An information request, with a mistake first: the error comes back beside the field.
    info = page.locator("#informatie")
    info.get_by_label("Welke informatie is nodig?").fill("Het rapport van school over Noor")
    info.get_by_role("button", name="Informatie vragen").click()
    expect(page.locator("#informatie").get_by_text("Schrijf op van wie de informatie moet komen.")).to_be_visible()
    expect(page.locator("#informatie").get_by_label("Welke informatie is nodig?")).to_have_value(
        "Het rapport van school over Noor"
    )
    check_page(page, "voorbereiding-gesprek-fout")
    page.locator("#informatie").get_by_label("Van wie moet het komen?").fill("Fatima (leerkracht)")
    page.locator("#informatie").get_by_role("button", name="Informatie vragen").click()
    expect(page.locator("#informatie").get_by_role("link", name="Het rapport van school over Noor")).to_be_visible()

    # The readiness overview and the planning.
    traject_tab(page, "Bijeenkomst")
    expect(page.get_by_role("heading", level=1, name="Klaar voor de bijeenkomst?")).to_be_visible()
    expect(page.get_by_text("Kees")).not_to_have_count(0)
    check_page(page, "bijeenkomst-gereed")
    page.get_by_role("link", name="Bijeenkomst plannen").click()
    page.get_by_label("Datum").fill("2030-03-14")
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("09:00")
    page.get_by_role("button", name=re.compile("opslaan|Opslaan")).click()
    expect(page.get_by_text("De eindtijd moet na de begintijd liggen.")).to_be_visible()
    check_page(page, "bijeenkomst-plannen-fout")
    page.get_by_label("Eindtijd").fill("12:30")
    page.get_by_label("Plaats").fill("Buurthuis De Linde, Deventer")
    page.get_by_role("button", name=re.compile("opslaan|Opslaan")).click()
    expect(page.get_by_text("Buurthuis De Linde, Deventer")).to_be_visible()
    check_page(page, "bijeenkomst-gepland")

    # Nothing private on the pages a kadersteller can open.
    assert PRIVE not in page.content()

    # A personal link for Sanne, shown once, with its QR code and a printable invitation.
    page.get_by_role("link", name="Persoonlijke links en uitnodigingen").click()
    expect(page.get_by_role("heading", level=1, name="Persoonlijke links")).to_be_visible()
    check_page(page, "links-overzicht")
    page.get_by_role("button", name=re.compile(r"^Nieuwe link maken\s*:\s*Sanne Jacobs$")).click()
    expect(page.get_by_role("heading", name="Uitnodiging voor Sanne")).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()
    url = page.locator("#link-url").input_value()
    assert re.search(r"/l/[A-Za-z0-9_-]{24}/$", url)
    check_page(page, "links-uitnodiging")
    page.evaluate("window.print = () => { window.afgedrukt = true; }")
    page.get_by_role("button", name="Uitnodiging afdrukken").click()
    assert page.evaluate("window.afgedrukt") is True
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Uitnodiging afdrukken")).to_be_hidden()
    expect(page.get_by_role("heading", name="Uitnodiging voor Sanne")).to_be_visible()
    page.screenshot(path="test-artifacts/links-uitnodiging-print.png", full_page=True)
    page.emulate_media(media="screen")

    # Sanne opens her link on a phone: no account, plain words.
    telefoon = page.context.browser.new_context(viewport=PHONE, locale="nl-NL")
    sanne = telefoon.new_page()
    sanne.goto(url)
    expect(sanne.get_by_role("heading", level=1, name="Hallo Sanne")).to_be_visible()
    expect(sanne.get_by_text("Noor en Daan slapen elke nacht op een vaste, veilige plek.")).to_be_visible()
    expect(sanne.get_by_text("Bob de Vries, gezinsvoogd")).to_be_visible()
    expect(sanne.get_by_text("Buurthuis De Linde, Deventer")).to_be_visible()
    assert PRIVE not in sanne.content()
    assert "Mark wil de kinderen elke week zien." not in sanne.content()
    check_page(sanne, "link-pagina")
    sanne.get_by_role("button", name="Versturen").click()
    expect(sanne.get_by_text("Schrijf eerst iets op.")).to_be_visible()
    check_page(sanne, "link-pagina-fout")
    sanne.get_by_label("Een idee voor het plan").check()
    sanne.get_by_label("Wat wil je zeggen?").fill("Oom Kees kan de kinderen op zaterdag naar Mark brengen.")
    sanne.get_by_label("Met mijn naam").check()
    sanne.get_by_role("button", name="Versturen").click()
    expect(sanne.get_by_text("Dank je wel!")).to_be_visible()
    expect(sanne.get_by_text("Oom Kees kan de kinderen op zaterdag naar Mark brengen.")).to_be_visible()
    sanne.goto(url.replace(url.rstrip("/").rsplit("/", 1)[1], "x" * 24))
    expect(sanne.get_by_role("heading", level=1)).to_be_visible()
    assert "Sanne" not in sanne.content()
    check_page(sanne, "link-onbekend")
    telefoon.close()
    assert Inbreng.objects.filter(bron="link", betrokkene=kring[0]).count() == 1

    # The facilitator sees the idea and the use of the link.
    page.goto(f"/trajecten/{traject.uuid}/voorbereiding/inbreng/")
    expect(page.get_by_text("Oom Kees kan de kinderen op zaterdag naar Mark brengen.", exact=True)).to_be_visible()
    check_page(page, "voorbereiding-inbreng")
    page.goto(f"/trajecten/{traject.uuid}/links/gebruik/")
    expect(page.get_by_role("cell", name="Sanne Jacobs").first).to_be_visible()
    check_page(page, "links-gebruik")
