"""The facilitator reads who looked at the traject; the beheerder searches the organisation's log and downloads it."""

import csv
import datetime
import io
import re

from django.utils import timezone
from playwright.sync_api import expect

from links.models import PersoonlijkeLink
from logboek.models import Toegang
from tests.conftest import PASSWORD

from .conftest import check_page, login, logout


def eerder_werk(traject, bob, kring):
    """A month of work by the gezinsvoogd: enough for two pages."""
    nu = timezone.now()
    Toegang.objects.bulk_create([
        Toegang(op=nu - datetime.timedelta(days=30 - i), organisatie_id=traject.organisatie_id,
                traject_uuid=traject.uuid, via="account", gebruiker=bob, actie="bekeken" if i % 3 else "gewijzigd",
                weergave="kaders:overzicht", methode="GET" if i % 3 else "POST", ip="192.0.2.17",
                omschrijving="Kaders" if i % 3 else "Kader gewijzigd")
        for i in range(30)
    ])


def test_the_facilitator_and_the_beheerder_read_the_log(page, alice, bob, carol, traject, kring, org):
    eerder_werk(traject, bob, kring)
    _link, token = PersoonlijkeLink.uitgeven(kring[0], alice)
    page.goto(f"/l/{token}/")  # Sanne opens her page
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    login(page, "alice@example.org", PASSWORD)
    page.get_by_role("link", name="Familie J.").click()
    page.get_by_role("link", name="Logboek: wie heeft wat bekeken of veranderd").click()
    expect(page.get_by_role("heading", level=1, name="Logboek")).to_be_visible()
    eerste = page.locator("table.logboek-tabel tbody tr").first
    expect(eerste).to_contain_text("Alice Jansen")
    expect(eerste).to_contain_text("Overzicht van het traject")
    expect(page.get_by_role("row").filter(has_text="Link van Sanne")).to_have_count(1)
    expect(page.get_by_text("Pagina 1 van 2")).to_be_visible()
    check_page(page, "logboek-traject")
    assert token not in page.content()
    logout(page)

    login(page, "carol@example.org", PASSWORD)
    page.goto(f"/beheer/{org.uuid}/")
    page.get_by_role("link", name="Naar het logboek").click()
    expect(page.get_by_role("heading", level=1, name="Logboek van Jeugdbescherming Oost")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Persoonlijke link")).to_have_count(1)
    assert "Sanne" not in page.locator("table.logboek-tabel").inner_text()
    check_page(page, "logboek-beheer")

    page.get_by_label("Wie").select_option(label="Bob de Vries")
    page.get_by_label("Traject").fill("familie j")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(re.compile(r"wie="))
    expect(page.locator("table.logboek-tabel tbody tr")).to_have_count(25)
    expect(page.get_by_text("30 regels, met de zoekopdracht hierboven.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV-bestand").click()
    inhoud = download.value.path().read_text(encoding="utf-8-sig")
    rijen = list(csv.DictReader(io.StringIO(inhoud), delimiter=";"))
    assert len(rijen) == 30 and {r["Wie"] for r in rijen} == {"Bob de Vries"}
    assert download.value.suggested_filename.startswith("logboek-jeugdbescherming-oost-")

    page.get_by_role("textbox", name="Van (niet verplicht)").fill("31-02-2026")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Deze datum klopt niet. Schrijf hem als dag-maand-jaar.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Van (niet verplicht)")).to_have_value("31-02-2026")
    expect(page.get_by_label("Traject")).to_have_value("familie j")
    check_page(page, "logboek-beheer-fout")
    assert Toegang.objects.filter(gebruiker=carol, weergave="logboek:organisatie_csv", actie="gedownload").exists()
