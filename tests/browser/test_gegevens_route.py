"""Closing a traject and erasing it once its bewaartermijn has passed, as the facilitator and the beheerder do it.

Every page goes through check_page: axe-core (WCAG 2.2 AA, zero violations) and screenshots at 1280 and 375 px.
"""

import datetime
import zipfile

from django.utils import timezone
from playwright.sync_api import expect

from gegevens.models import Verwijdering
from kwesties.models import Traject
from tests.conftest import PASSWORD

from .conftest import check_page, login, logout
from .test_route import open_traject, voor

KLAAR = "Het traject is klaar: het plan is uitgevoerd of geëvalueerd"


def test_the_facilitator_closes_the_traject_and_the_beheerder_erases_it_after_its_term(
    page, vastgesteld_plan, traject, org, alice, carol
):
    login(page, "alice@example.org", PASSWORD)
    open_traject(page)
    page.get_by_role("link", name="Traject afsluiten").click()
    expect(page.get_by_role("heading", level=1, name="Traject afsluiten")).to_be_visible()
    expect(page.get_by_text("Plan versie 1 is vastgesteld op")).to_be_visible()
    check_page(page, "afsluiten")

    page.get_by_role("button", name="Traject afsluiten").click()
    expect(page.get_by_text("Vink aan dat het traject klaar is. Anders blijft het open.")).to_be_visible()
    check_page(page, "afsluiten-fout")
    page.get_by_label(KLAAR).check()
    page.get_by_role("button", name="Traject afsluiten").click()
    expect(page.get_by_text("Het traject is afgesloten. Vanaf nu loopt de bewaartermijn.")).to_be_visible()
    expect(page.get_by_role("button", name="Traject weer openen")).to_be_visible()
    check_page(page, "traject-afgesloten")
    with page.expect_download() as export:
        page.get_by_role("link", name="Alle gegevens downloaden (ZIP)").click()
    assert export.value.suggested_filename.startswith("inzage-familie-j-")
    assert "plan-v1.pdf" in zipfile.ZipFile(export.value.path()).namelist()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn trajecten").click()
    expect(page.get_by_role("row", name="Familie J.").get_by_text("Afgesloten op")).to_be_visible()
    check_page(page, "overzicht-afgesloten")
    logout(page)

    # The beheerder shortens the term to one month; two months go by.
    login(page, "carol@example.org", PASSWORD)
    page.goto(f"/beheer/{org.uuid}/")
    page.get_by_label("Hoeveel maanden bewaren?").fill("1")
    page.get_by_role("button", name="Bewaartermijn opslaan").click()
    expect(page.get_by_text("Opgeslagen: een afgesloten traject wordt 1 maand bewaard.")).to_be_visible()
    Traject.objects.filter(pk=traject.pk).update(afgesloten_op=timezone.now() - datetime.timedelta(days=70))
    page.reload()
    verstreken = page.locator("#bewaartermijn")
    expect(verstreken.get_by_role("row", name="Familie J.")).to_be_visible()
    check_page(page, "beheer-bewaartermijn")

    verstreken.get_by_role("link", name=voor("Wissen", "Familie J.")).click()
    expect(page.get_by_role("heading", level=1, name="Familie J. wissen?")).to_be_visible()
    expect(page.get_by_text("5 mensen in de kring")).to_be_visible()
    check_page(page, "wissen")

    page.get_by_label("Bewaartermijn verstreken").check()
    naam = page.get_by_label("Typ ter bevestiging de naam van het traject")
    naam.fill("Familie K.")
    page.get_by_role("button", name="Definitief wissen").click()
    expect(page.get_by_text("Dit is niet de naam van dit traject. Typ precies: Familie J.")).to_be_visible()
    expect(naam).to_have_value("Familie K.")
    assert Traject.objects.filter(pk=traject.pk).exists()
    check_page(page, "wissen-fout")

    naam.fill("Familie J.")
    page.get_by_role("button", name="Definitief wissen").click()
    expect(page.get_by_role("heading", level=1, name="Gewiste trajecten")).to_be_visible()
    expect(page.get_by_role("cell", name="Bewaartermijn verstreken")).to_be_visible()
    expect(page.get_by_text("Familie J.")).to_have_count(0)
    check_page(page, "verwijderingen")
    assert not Traject.objects.filter(pk=traject.pk).exists()
    assert Verwijdering.objects.get().door == carol
