"""The vastgesteld plan on a phone: Ria opens her link, sees her agreement first, takes the PDF, switches to English.

Every page goes through check_page: axe-core (WCAG 2.2 AA, zero violations) and screenshots at 1280 and 375 px.
"""

import re

from playwright.sync_api import expect
from pypdf import PdfReader

from links.models import LinkGebruik, PersoonlijkeLink
from tests.conftest import PASSWORD

from .conftest import check_page, login

TELEFOON = {"width": 375, "height": 667}
AFSPRAAK = "Noor maakt op dinsdag haar huiswerk bij Ria."


def scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


def test_ria_reads_the_plan_on_her_phone_and_takes_the_pdf_home(page, vastgesteld_plan, kring, alice):
    ria = kring[2]
    link, token = PersoonlijkeLink.uitgeven(ria, alice)
    page.set_viewport_size(TELEFOON)
    page.goto(f"/l/{token}/")

    expect(page.get_by_role("heading", level=1, name="Hallo Ria")).to_be_visible()
    mijn = page.locator("#mijn")
    expect(mijn.get_by_role("heading", level=2, name="Mijn afspraken")).to_be_visible()
    expect(mijn.get_by_text(AFSPRAAK)).to_be_visible()
    expect(page.get_by_text("Versie 1, vastgesteld op")).to_be_visible()
    expect(page.get_by_text("Ook in de vakantie?")).to_be_visible()
    # Her own agreement is the first thing after the greeting, above the fold of a small phone.
    assert mijn.get_by_text(AFSPRAAK).bounding_box()["y"] < TELEFOON["height"] * 1.5
    check_page(page, "link-plan")
    page.set_viewport_size({"width": 320, "height": 640})
    assert not scrolls_sideways(page), "the plan page scrolls sideways at 320 px"
    page.set_viewport_size(TELEFOON)

    # The PDF: a real file with her agreement in it.
    with page.expect_download() as download:
        page.locator('a[href$="/plan.pdf"]').click()
    assert download.value.suggested_filename == "plan-familie-j-versie-1.pdf"
    tekst = " ".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "huiswerk bij Ria" in re.sub(r"\s+", " ", tekst)

    # The evaluation date as a calendar file.
    with page.expect_download() as agenda:
        page.locator('a[href$="/evaluatie.ics"]').click()
    assert agenda.value.suggested_filename.startswith("evaluatie-")

    # The visible language switch gives English, on the same page.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1, name="Hello Ria")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    check_page(page, "link-plan-en")

    acties = list(LinkGebruik.objects.filter(link=link).order_by("op", "id").values_list("actie", "detail"))
    assert acties == [
        ("bekeken", "plan versie 1"),
        ("bekeken", "plan pdf versie 1"),
        ("agenda", "evaluatie"),
        ("bekeken", "plan versie 1"),
    ]


def test_the_plan_page_works_without_javascript(browser, live_server, vastgesteld_plan, kring, alice):
    _link, token = PersoonlijkeLink.uitgeven(kring[0], alice)
    context = browser.new_context(
        viewport=TELEFOON, locale="nl-NL", java_script_enabled=False, base_url=live_server.url
    )
    page = context.new_page()
    page.goto(f"/l/{token}/")
    expect(page.get_by_text("Er staat geen afspraak op jouw naam. Je hoort wel bij het plan.")).to_be_visible()
    page.get_by_role("link", name="Het hele plan").click()
    expect(page.locator("#plan").get_by_text(AFSPRAAK)).to_be_visible()
    with page.expect_download() as download:
        page.locator('a[href$="/plan.pdf"]').click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.close()


def test_the_traject_page_lists_the_links_and_the_plan_pdf(page, vastgesteld_plan, traject, kring, alice):
    PersoonlijkeLink.uitgeven(kring[2], alice)
    login(page, alice.email, PASSWORD)
    page.goto(f"/trajecten/{traject.uuid}/")
    expect(page.get_by_role("heading", name="Persoonlijke links")).to_be_visible()
    expect(page.get_by_role("link", name="Plan versie 1 (PDF)")).to_be_visible()
    check_page(page, "traject-links")
    # Revoking from the traject page: the link stops working at once.
    page.get_by_role("button", name=re.compile(r"^Intrekken\W+de link van Ria$")).click()
    expect(page.get_by_text("De link van Ria werkt niet meer.")).to_be_visible()
    assert not PersoonlijkeLink.objects.filter(betrokkene=kring[2]).geldig().exists()
