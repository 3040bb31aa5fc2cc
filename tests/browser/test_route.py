"""The route as its users walk it, in the real browser against the live server.

Every distinct page and state along the way goes through check_page: axe-core
(WCAG 2.2 AA, zero violations) and screenshots at 1280 and 375 px.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from kaders.models import Kader
from kwesties.models import Betrokkene, Traject, TrajectRol
from tests.conftest import PASSWORD

from .conftest import DESKTOP, check_page, login, logout

VRAAG = "Wat is ervoor nodig dat Noor veilig kan opgroeien en haar ouders goede afspraken maken?"
BESCHRIJVING = (
    "Noor is 8 jaar. Haar ouders Sanne en Mark zijn uit elkaar.\n"
    "Bij de overdracht is vaak ruzie. Noor ziet dat. Op school is ze stil."
)


# --- helpers -----------------------------------------------------------------------------------

def voor(actie, wie):
    """The name of a button like 'Bewerken' + a visually hidden ': Mark Jacobs' (chromium puts a space before the colon)."""
    return re.compile(rf"^{re.escape(actie)}\s*:\s*{re.escape(wie)}$")


def traject_tab(page, naam):
    page.get_by_role("navigation", name="Onderdelen van dit traject").get_by_role("link", name=naam, exact=True).click()


def open_traject(page, label="Familie J."):
    page.get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", level=1, name=label)).to_be_visible()


def kring_toevoegen(page, voornaam, relatie, achternaam="", waarom="", kind_door=None):
    """Fill and send the 'Iemand toevoegen' form; with htmx the row appears in place."""
    nieuw = page.locator("#kring-nieuw")
    nieuw.get_by_label("Voornaam").fill(voornaam)
    if achternaam:
        nieuw.get_by_label("Achternaam").fill(achternaam)
    nieuw.get_by_label("Relatie", exact=True).select_option(label=relatie)
    if waarom:
        nieuw.get_by_label("Waarom lig je hier wakker van?").fill(waarom)
    if kind_door:
        # The follow-up questions only appear once they apply (CSS :has, no script needed).
        expect(nieuw.get_by_text("Hoe doet het kind mee?")).to_be_hidden()
        nieuw.get_by_label("Dit is een kind").check()
        nieuw.get_by_label("Iemand anders spreekt namens hem of haar").check()
        nieuw.get_by_label("Wie spreekt namens het kind?").select_option(label=kind_door)
    nieuw.get_by_role("button", name="Toevoegen aan de kring").click()


def kader_toevoegen(page, soort, tekst, toelichting=""):
    form = page.locator("form#kader-nieuw")
    form.get_by_label(soort, exact=True).check()
    form.get_by_label("Het kader, in gewone woorden").fill(tekst)
    if toelichting:
        form.get_by_label("Toelichting").fill(toelichting)
    form.get_by_role("button", name="Kader toevoegen").click()


# --- 1. the route: facilitator, kadersteller, facilitator again --------------------------------

def test_the_route_from_new_traject_to_fixed_kaders(page, alice, bob):
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill("alice@example.org")
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Dit e-mailadres en wachtwoord horen niet bij elkaar.")
    check_page(page, "login-fout")
    login(page, "alice@example.org", PASSWORD)
    expect(page.get_by_text("U heeft nog geen trajecten.")).to_be_visible()
    check_page(page, "overzicht-leeg")

    # A new traject; sent empty once, to see the errors.
    page.get_by_role("link", name="Nieuw traject starten").click()
    expect(page.get_by_role("heading", level=1, name="Nieuw traject starten")).to_be_visible()
    check_page(page, "traject-nieuw")
    page.get_by_role("button", name="Traject starten").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    check_page(page, "traject-nieuw-fouten")
    page.get_by_label("Naam van het traject").fill("Familie J.")
    page.get_by_label("Kadersteller (meestal de gezinsvoogd)").select_option(label="Bob de Vries")
    page.get_by_role("button", name="Traject starten").click()

    # The kwestie: first an unfinished question (error), then the real one, then vaststellen.
    expect(page.get_by_role("heading", level=1, name="De kwestie")).to_be_visible()
    expect(page.get_by_text("Het traject is gestart.")).to_be_visible()
    check_page(page, "kwestie-leeg")
    page.get_by_role("link", name="Kwestie opschrijven").click()
    expect(page.get_by_role("heading", level=1, name="Kwestie bewerken")).to_be_visible()
    check_page(page, "kwestie-bewerken")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Maak de vraag af")).to_be_visible()
    check_page(page, "kwestie-bewerken-fout")
    page.get_by_label("Centrale vraag").fill(VRAAG)
    page.get_by_label("Beschrijving").fill(BESCHRIJVING)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De kwestie is opgeslagen.")).to_be_visible()
    expect(page.locator(".kwestie-vraag")).to_have_text(VRAAG)
    check_page(page, "kwestie-concept")
    page.get_by_role("button", name="Kwestie vaststellen").click()
    expect(page.get_by_text("De kwestie is vastgesteld.")).to_be_visible()
    expect(page.get_by_role("button", name="Kwestie vaststellen")).to_have_count(0)
    check_page(page, "kwestie-vastgesteld")

    traject_tab(page, "Overzicht")
    expect(page.get_by_role("heading", level=1, name="Familie J.")).to_be_visible()
    check_page(page, "traject-gestart")

    # The kring, inline with htmx: the page never reloads, a live region says what happened.
    traject_tab(page, "Kring")
    expect(page.get_by_role("heading", level=1, name="De kring")).to_be_visible()
    expect(page.locator("#kring-leeg")).to_be_visible()
    check_page(page, "kring-leeg")
    page.evaluate("window.__zelfde_pagina = true")
    lijst = page.locator("#kring-lijst")
    mensen = [
        dict(voornaam="Sanne", achternaam="Jacobs", relatie="Ouder", waarom="Ik wil dat Noor rustig kan opgroeien."),
        dict(voornaam="Mark", achternaam="Jacobs", relatie="Ouder"),
        dict(voornaam="Ria", relatie="Opa of oma", waarom="Noor logeert vaak bij mij."),
        dict(voornaam="Noor", relatie="Kind", kind_door="Ria (Opa of oma)"),
        dict(voornaam="Fatima", achternaam="El Idrissi", relatie="Leerkracht"),
    ]
    for i, persoon in enumerate(mensen, start=1):
        kring_toevoegen(page, **persoon)
        naam = f"{persoon['voornaam']} {persoon.get('achternaam', '')}".strip()
        expect(page.locator("#kring-melding")).to_have_text(f"{naam} staat nu in de kring.")
        expect(lijst.locator(".kring-lid")).to_have_count(i)
        expect(page.locator("#kring-nieuw").get_by_label("Voornaam")).to_have_value("")
    expect(page.locator("#kring-leeg")).to_be_hidden()
    noor = lijst.locator(".kring-lid").filter(has=page.get_by_role("heading", name=re.compile(r"^Noor ·")))
    expect(noor).to_contain_text("Ria spreekt namens hem of haar")
    assert page.evaluate("window.__zelfde_pagina === true"), "the kring page reloaded: htmx did not work"
    check_page(page, "kring-met-mensen")

    # Edit Mark inline.
    page.get_by_role("link", name=voor("Bewerken", "Mark Jacobs")).click()
    mark = page.locator(".kring-bewerk")
    expect(mark.get_by_role("heading", name="Mark Jacobs bewerken")).to_be_visible()
    expect(mark.get_by_label("Voornaam")).to_be_focused()
    check_page(page, "kring-bewerken-inline")
    mark.get_by_label("Waarom lig je hier wakker van?").fill("Ik mis Noor als ze bij Sanne is.")
    mark.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#kring-melding")).to_have_text("De gegevens van Mark Jacobs zijn opgeslagen.")
    expect(lijst.locator(".kring-lid", has_text="Mark Jacobs")).to_contain_text("Ik mis Noor als ze bij Sanne is.")

    # Take Fatima out of the kring, and put her back.
    page.get_by_role("button", name=voor("Uit de kring halen", "Fatima El Idrissi")).click()
    expect(lijst.get_by_text("Fatima El Idrissi is uit de kring gehaald.")).to_be_visible()
    expect(page.get_by_role("button", name=voor("Terugzetten", "Fatima El Idrissi"))).to_be_focused()
    check_page(page, "kring-uit-de-kring")
    page.get_by_role("button", name=voor("Terugzetten", "Fatima El Idrissi")).click()
    expect(page.locator("#kring-melding")).to_have_text("Fatima El Idrissi staat weer in de kring.")
    expect(page.get_by_role("button", name=voor("Uit de kring halen", "Fatima El Idrissi"))).to_be_visible()
    assert page.evaluate("window.__zelfde_pagina === true")
    logout(page)

    # Bob, the gezinsvoogd, writes the kaders.
    login(page, "bob@example.org", PASSWORD)
    open_traject(page)
    expect(page.get_by_text("Kaders nog niet vastgesteld")).to_be_visible()
    check_page(page, "traject-kadersteller")
    traject_tab(page, "Kaders")
    expect(page.get_by_role("heading", level=1, name="Kaders")).to_be_visible()
    expect(page.get_by_role("heading", name="De kaders (0)")).to_be_visible()
    check_page(page, "kaders-concept-leeg")

    # "Wie grijpt in" sent empty once: the errors show in place.
    interventie = page.locator("#interventie-form")
    interventie.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#interventie-form").get_by_text("Schrijf op wie er dan ingrijpt.")).to_be_visible()
    check_page(page, "kaders-interventie-fout")

    kader_toevoegen(
        page, "Wettelijk kader", "Noor woont bij haar moeder. Dat heeft de rechter besloten.",
        toelichting="Uitspraak van de kinderrechter: ondertoezichtstelling voor een jaar.",
    )
    expect(page.get_by_role("heading", name="De kaders (1)")).to_be_visible()
    kader_toevoegen(page, "Veiligheid: wat minimaal anders moet", "Er wordt geen ruzie gemaakt waar Noor bij is.")
    expect(page.get_by_role("heading", name="De kaders (2)")).to_be_visible()
    kader_toevoegen(page, "Financieel kader", "Voor extra begeleiding is tot 2.000 euro beschikbaar.")
    expect(page.get_by_role("heading", name="De kaders (3)")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Het kader is toegevoegd.")

    interventie = page.locator("#interventie-form")
    interventie.get_by_label("Wat gebeurt er als er geen veilig plan komt?").fill(
        "Dan vraag ik de rechter om Noor tijdelijk bij haar oma te laten wonen."
    )
    interventie.get_by_label("Wie grijpt dan in?").fill("Bob de Vries, gezinsvoogd")
    interventie.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".interventie-wie")).to_have_text("Bob de Vries, gezinsvoogd")
    check_page(page, "kaders-concept")

    # One kader opened for editing in place, then cancelled.
    page.get_by_role("link", name=voor("Bewerken", "Wettelijk kader")).click()
    bewerk = page.get_by_role("form", name="Kader bewerken")
    expect(bewerk.get_by_label("Het kader, in gewone woorden")).to_have_value(
        "Noor woont bij haar moeder. Dat heeft de rechter besloten."
    )
    check_page(page, "kaders-bewerken-inline")
    bewerk.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_role("form", name="Kader bewerken")).to_have_count(0)
    expect(page.get_by_role("link", name=voor("Bewerken", "Wettelijk kader"))).to_be_visible()

    # The "als er geen veilig plan komt" form as its own page (the no-script path).
    page.goto(page.url + "als-er-geen-veilig-plan-komt/")
    expect(page.get_by_role("heading", level=1, name="Als er geen veilig plan komt")).to_be_visible()
    expect(page.get_by_label("Wie grijpt dan in?")).to_have_value("Bob de Vries, gezinsvoogd")
    check_page(page, "kaders-interventie")
    page.get_by_role("link", name="Annuleren").click()

    page.get_by_role("button", name="Kaders vaststellen").click()
    expect(page.get_by_text("De kaders zijn vastgesteld.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Vastgesteld op .* door Bob de Vries\."))).to_be_visible()
    check_page(page, "kaders-vastgesteld-kadersteller")
    logout(page)

    # Alice sees the kaders locked: the notice, and nothing to edit.
    login(page, "alice@example.org", PASSWORD)
    open_traject(page)
    traject_tab(page, "Kaders")
    expect(page.get_by_text(re.compile(r"Vastgesteld op .* door Bob de Vries\."))).to_be_visible()
    expect(page.get_by_text("De kaders liggen vast. Alleen een kadersteller kan ze nog veranderen.")).to_be_visible()
    expect(page.locator(".kader")).to_have_count(3)
    expect(page.get_by_role("link", name=re.compile("^Bewerken"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Aanpassen"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^(Verwijderen|Kader toevoegen|Kaders vaststellen)"))).to_have_count(0)
    check_page(page, "kaders-vastgesteld")
    traject_tab(page, "Overzicht")
    expect(page.get_by_text("Vastgesteld, versie 1")).to_be_visible()
    check_page(page, "traject-kaders-vastgesteld")

    # And in the database.
    traject = Traject.objects.get(label="Familie J.")
    assert set(traject.rollen.values_list("user__email", "rol")) == {
        ("alice@example.org", TrajectRol.Rol.FACILITATOR),
        ("bob@example.org", TrajectRol.Rol.KADERSTELLER),
    }
    traject.kwestie.refresh_from_db()
    assert traject.kwestie.vraag == VRAAG
    assert traject.kwestie.is_vastgesteld
    kring = list(traject.betrokkenen.in_kring())
    assert len(kring) == 5
    noor = traject.betrokkenen.get(voornaam="Noor")
    assert noor.is_kind
    assert noor.deelname == Betrokkene.Deelname.VERTEGENWOORDIGD
    assert noor.vertegenwoordigd_door.voornaam == "Ria"
    assert noor.vertegenwoordigd_door.relatie == Betrokkene.Relatie.GROOTOUDER
    kaderset = traject.kaderset
    kaderset.refresh_from_db()
    assert kaderset.is_vastgesteld
    assert kaderset.vastgesteld_door == bob
    assert kaderset.wie_grijpt_in == "Bob de Vries, gezinsvoogd"
    assert sorted(Kader.objects.geldig().filter(kaderset=kaderset).values_list("soort", flat=True)) == sorted(
        [Kader.Soort.WETTELIJK, Kader.Soort.VEILIGHEID, Kader.Soort.FINANCIEEL]
    )


# --- 2. beheer, and the 404 page ----------------------------------------------------------------

def test_beheer_pages_are_accessible(page, carol, traject):
    login(page, "carol@example.org", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    expect(page.get_by_role("heading", level=1, name="Jeugdbescherming Oost")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Bob de Vries bob@example.org"))).to_be_visible()
    check_page(page, "beheer-organisatie")
    page.get_by_role("link", name=voor("Rollen regelen", "Familie J.")).click()
    expect(page.get_by_role("heading", level=1, name="Rollen in Familie J.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Alice Jansen"))).to_contain_text("Facilitator")
    check_page(page, "beheer-traject")


def test_the_404_page_is_dutch_and_accessible(page, alice):
    login(page, "alice@example.org", PASSWORD)
    response = page.goto("/trajecten/00000000-0000-0000-0000-000000000000/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1, name="Deze pagina bestaat niet")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    check_page(page, "404")


# --- 3. the kring without JavaScript ------------------------------------------------------------

@pytest.fixture
def page_zonder_js(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, viewport=DESKTOP, locale="nl-NL")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def check_page_zonder_js(page, browser, name):
    """axe and the sideways-scroll check need script in the page; without it page.evaluate never returns.

    So the page exactly as the server sent it is shown again in a second tab, with its stylesheet
    but with every script blocked, and checked there.
    """
    html, adres = page.content(), page.url.split("#")[0]
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    try:
        spiegel = context.new_page()
        spiegel.route(lambda url: url.endswith(".js"), lambda route: route.abort())
        spiegel.route(lambda url: url == adres, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        spiegel.goto(adres)
        assert spiegel.evaluate("typeof htmx") == "undefined"
        check_page(spiegel, name)
    finally:
        context.close()


def test_the_kring_works_without_javascript(page_zonder_js, browser, traject):
    page = page_zonder_js
    login(page, "alice@example.org", PASSWORD)
    open_traject(page)
    traject_tab(page, "Kring")

    # Sent empty: the page comes back with the errors.
    page.locator("#kring-nieuw").get_by_role("button", name="Toevoegen aan de kring").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_text("Vul een voornaam in.")).to_be_visible()
    check_page_zonder_js(page, browser, "kring-zonder-js-fout")

    # The follow-up questions for a child open without script too (CSS :has).
    nieuw = page.locator("#kring-nieuw")
    expect(nieuw.get_by_text("Hoe doet het kind mee?")).to_be_hidden()
    nieuw.get_by_label("Dit is een kind").check()
    expect(nieuw.get_by_text("Hoe doet het kind mee?")).to_be_visible()
    nieuw.get_by_label("Dit is een kind").uncheck()

    kring_toevoegen(page, "Kees", "Buurman of buurvrouw", achternaam="de Boer", waarom="Ik hoor de ruzies door de muur.")
    expect(page.locator(".messages")).to_contain_text("Kees de Boer staat nu in de kring.")
    expect(page).to_have_url(re.compile(r"/kring/#b-"))
    expect(page.locator("#kring-lijst .kring-lid")).to_have_count(1)

    # Editing is its own page without script.
    page.get_by_role("link", name=voor("Bewerken", "Kees de Boer")).click()
    expect(page).to_have_url(re.compile(r"/bewerken/$"))
    expect(page.get_by_role("heading", level=2, name="Kees de Boer bewerken")).to_be_visible()
    check_page_zonder_js(page, browser, "kring-zonder-js-bewerken")
    page.get_by_role("link", name="Annuleren").click()

    page.get_by_role("button", name=voor("Uit de kring halen", "Kees de Boer")).click()
    expect(page.locator(".messages")).to_contain_text("Kees de Boer is uit de kring gehaald.")
    expect(page.locator("#kring-lijst .kring-lid")).to_have_count(0)
    expect(page.get_by_role("heading", name="Onlangs uit de kring gehaald")).to_be_visible()
    check_page_zonder_js(page, browser, "kring-zonder-js-uit-de-kring")
    kees = Betrokkene.objects.get(voornaam="Kees")
    assert kees.verwijderd_op is not None

    page.get_by_role("button", name=voor("Terugzetten", "Kees de Boer")).click()
    expect(page.locator(".messages")).to_contain_text("Kees de Boer staat weer in de kring.")
    expect(page.locator("#kring-lijst .kring-lid")).to_have_count(1)
    expect(page.get_by_role("heading", name="Onlangs uit de kring gehaald")).to_have_count(0)
    kees.refresh_from_db()
    assert kees.verwijderd_op is None


# --- 4. English ---------------------------------------------------------------------------------

def test_the_language_switch_shows_english(page, alice):
    login(page, "alice@example.org", PASSWORD)
    page.get_by_role("link", name="Nieuw traject starten").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/trajecten/nieuw/$"))
    expect(page.get_by_role("button", name="Nederlands")).to_be_visible()

    # The project's own words, only once their translation is compiled (someone else fills it in).
    with translation.override("en"):
        kop = translation.gettext("Nieuw traject starten")
        knop = translation.gettext("Traject starten")
    if kop != "Nieuw traject starten":
        expect(page.get_by_role("heading", level=1)).to_have_text(kop)

    # A word Django translates itself: the "required" error on the empty form.
    page.get_by_role("button", name=knop).click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_page(page, "traject-nieuw-en")

    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
