"""The whole besluitvormingsbijeenkomst in real browsers, as the issue describes it.

Six people take part (Noor is represented by her grandmother Ria). One proposal: a small minority
objects, their "wat moet erbij" becomes version 2, the second round gives consent with two zorgen.
The gezinsvoogd finds that the plan does not meet one kader; the plan is adjusted, a new round
consents, every kader is met and the plan is vastgesteld. Meanwhile a second browser shows the
room's screen (asserted to follow within 2 seconds) and a third, at phone width, answers for Sanne
through her personal link.
"""

import re
import time

from playwright.sync_api import expect

from besluitvorming.models import ConsentRonde, Plan
from kwesties.models import Betrokkene
from links.models import PersoonlijkeLink
from tests.conftest import PASSWORD

from .conftest import DESKTOP, PHONE, check_page, login

BINNEN = 2_000  # ms: the room's screen shows a change within 2 seconds


def nieuw_venster(page, live_server, viewport=DESKTOP):
    """Another browser (its own cookies), as on the projector's computer or someone's phone."""
    context = page.context.browser.new_context(viewport=viewport, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(10_000)
    return context.new_page()


def op_de_flap(flap, tekst, timeout=BINNEN):
    """Wait until the room's screen shows `tekst`; the time it took, in seconds."""
    begin = time.monotonic()
    expect(flap.locator("#flap").get_by_text(tekst).first).to_be_visible(timeout=timeout)
    return time.monotonic() - begin


def rij(page, betrokkene):
    return page.locator(f"#rij-{betrokkene.uuid}")


def geen_bezwaar(page, *mensen):
    for b in mensen:
        page.get_by_role("button", name=f"Geen bezwaar – {b.voornaam}", exact=True).click()
        expect(rij(page, b).locator(".ronde-nu")).not_to_contain_text("Nog geen antwoord")


def zorg(page, b, tekst):
    r = rij(page, b)
    r.locator("details.ronde-details-zorg summary").click()
    r.locator("details.ronde-details-zorg textarea").fill(tekst)
    r.get_by_role("button", name=f"Zorg noteren – {b.voornaam}").click()
    expect(rij(page, b).locator(".ronde-nu")).not_to_contain_text("Nog geen antwoord")


def bezwaar(page, b, reden, wat_erbij):
    r = rij(page, b)
    r.locator("details.ronde-details-bezwaar summary").click()
    velden = r.locator("details.ronde-details-bezwaar textarea")
    velden.nth(0).fill(reden)
    velden.nth(1).fill(wat_erbij)
    r.get_by_role("button", name=f"Bezwaar noteren – {b.voornaam}").click()
    expect(rij(page, b).locator(".ronde-nu")).to_contain_text("Bezwaar")


def ronde_starten(page):
    page.get_by_role("button", name=re.compile(r"^Consentronde starten")).first.click()
    expect(page.locator("#ronde .badge", has_text="Loopt")).to_be_visible()


def ronde_sluiten(page):
    page.get_by_role("button", name="Ronde sluiten").click()
    expect(page.locator("#ronde .badge", has_text="Gesloten")).to_be_visible()


def kaders_toetsen(page, traject, oordeel, toelichting=""):
    page.goto(f"/trajecten/{traject.uuid}/bijeenkomst/plan/toets/")
    for fieldset in page.locator("fieldset.toets-kader").all():
        if "vaste, veilige plek" in fieldset.locator("legend").first.inner_text():
            fieldset.get_by_label(oordeel, exact=True).check()
            if toelichting:
                fieldset.get_by_label("Toelichting").fill(toelichting)
        else:
            fieldset.get_by_label("Voldoet", exact=True).check()
    page.get_by_role("button", name="Toets opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_whole_meeting_from_the_start_to_the_vastgesteld_plan(
    page, live_server, alice, bob, traject, kring, kaders_vastgesteld, bijeenkomst
):
    sanne, mark, ria, noor, fatima = kring
    yusuf = Betrokkene.objects.create(traject=traject, voornaam="Yusuf", relatie="nieuwe_partner")
    kaders_vastgesteld.kader_toevoegen(bob, "financieel", "Begeleide overdracht: hoogstens tien keer.", reden="Vergeten")
    _link, token = PersoonlijkeLink.uitgeven(sanne, alice)

    # The facilitator starts the meeting and fills in who is here: Ria speaks for Noor.
    login(page, "alice@example.org", PASSWORD)
    page.goto(f"/trajecten/{traject.uuid}/bijeenkomst/")
    page.get_by_role("button", name="Bijeenkomst starten").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Tijdens de bijeenkomst"))).to_be_visible()
    page.get_by_role("link", name="Aanwezigheid invullen of aanpassen").click()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.locator("#aanwezigheid")).to_contain_text("Yusuf")
    page.get_by_role("button", name="Antwoorden op de eigen telefoon aanzetten").click()
    expect(page.get_by_role("button", name="Antwoorden op de eigen telefoon uitzetten")).to_be_visible()

    # The room's screen, in a second browser.
    flap = nieuw_venster(page, live_server)
    login(flap, "alice@example.org", PASSWORD)
    flap.goto(f"/trajecten/{traject.uuid}/bijeenkomst/flap/")
    expect(flap.locator("#flap")).to_be_visible()

    # One proposal, and its first round.
    page.get_by_role("link", name="Nieuw voorstel").click()
    page.get_by_label("Korte titel").fill("De wissel via school")
    page.get_by_label("Het voorstel").fill("Mark haalt Noor op vrijdag uit school, Sanne haalt haar op maandag.")
    page.get_by_role("button", name="Voorstel klaarzetten").click()
    ronde_starten(page)
    duur = op_de_flap(flap, "0 van de 6 hebben geantwoord")
    assert duur < 2, duur
    check_page(page, "bijeenkomst-console")

    # Sanne answers on her own phone, through her personal link (a third browser, 375 px wide).
    telefoon = nieuw_venster(page, live_server, PHONE)
    telefoon.goto(f"/l/{token}/")
    telefoon.get_by_role("link", name="Geef je antwoord").click()
    expect(telefoon.get_by_text("Mark haalt Noor op vrijdag uit school")).to_be_visible()
    check_page(telefoon, "bijeenkomst-telefoon-antwoord")
    telefoon.locator("label.telefoon-keuze", has_text="Geen bezwaar").click()
    telefoon.get_by_role("button", name="Antwoord versturen").click()
    expect(telefoon.get_by_text("Dank je wel, je antwoord is genoteerd.")).to_be_visible()
    duur = op_de_flap(flap, "1 van de 6 heeft geantwoord")
    assert duur < 2, duur
    expect(rij(page, sanne).locator(".ronde-nu")).to_contain_text("Op de eigen telefoon", timeout=5_000)

    # A small minority: Mark objects, the others record no objection with one tap each.
    bezwaar(page, mark, "Op vrijdag werk ik vaak tot laat.", "Als ik niet kan, haalt Ria haar op.")
    geen_bezwaar(page, ria, noor, fatima, yusuf)
    duur = op_de_flap(flap, "6 van de 6 hebben geantwoord")
    assert duur < 2, duur
    ronde_sluiten(page)
    expect(page.locator("#ronde")).to_contain_text("Wat heb je nodig, wat moet erbij, om mee te gaan?")
    op_de_flap(flap, "Als ik niet kan, haalt Ria haar op.")

    # Mark's "wat moet erbij" becomes version 2; a silent second round gives consent with two zorgen.
    page.get_by_role("link", name=re.compile("^Maak een nieuwe versie")).click()
    expect(page.get_by_label("Wat is er veranderd, en waarom?")).to_have_value(re.compile("haalt Ria haar op"))
    page.get_by_label("Het voorstel").fill(
        "Mark haalt Noor op vrijdag uit school; kan hij niet, dan haalt Ria haar op. Sanne haalt haar op maandag."
    )
    page.get_by_role("button", name="Nieuwe versie klaarzetten").click()
    page.get_by_label("Eerst stil noteren, dan alles tegelijk laten zien").first.check()
    ronde_starten(page)
    geen_bezwaar(page, sanne, mark, ria, noor)
    zorg(page, fatima, "Laat school weten wie er ophaalt.")
    zorg(page, yusuf, "Mark moet op vrijdag op tijd weg kunnen.")
    # Silent: the room sees that everyone answered, not what.
    op_de_flap(flap, "6 van de 6 hebben geantwoord")
    expect(flap.locator("#flap")).not_to_contain_text("Laat school weten")
    page.get_by_role("button", name="Laat alle antwoorden zien").click()
    op_de_flap(flap, "Laat school weten wie er ophaalt.")
    ronde_sluiten(page)
    expect(page.locator("#ronde")).to_contain_text("Het voorstel staat in het plan.")
    op_de_flap(flap, "Mark moet op vrijdag op tijd weg kunnen.")

    # The gezinsvoogd checks the plan against the kaders: one kader is not met.
    kadersteller = nieuw_venster(page, live_server)
    login(kadersteller, "bob@example.org", PASSWORD)
    kaders_toetsen(kadersteller, traject, "Voldoet niet", "Wie brengt Noor op vrijdagochtend naar school?")
    expect(kadersteller.get_by_text("Terug naar de kring").first).to_be_visible()
    op_de_flap(flap, "Wie brengt Noor op vrijdagochtend naar school?")
    check_page(flap, "bijeenkomst-flap-terug")

    # Back to the circle: the plan is adjusted (version 3) and a new round consents.
    page.goto(f"/trajecten/{traject.uuid}/bijeenkomst/plan/")
    page.get_by_role("link", name="Nieuwe versie van ‘De wissel via school’").click()
    expect(page.get_by_label("Wat is er veranderd, en waarom?")).to_have_value(re.compile("vrijdagochtend"))
    page.get_by_label("Het voorstel").fill(
        "Sanne brengt Noor op vrijdagochtend naar school. Mark haalt haar op vrijdag uit school; kan hij niet, "
        "dan haalt Ria haar op. Sanne haalt haar op maandag."
    )
    page.get_by_role("button", name="Nieuwe versie klaarzetten").click()
    ronde_starten(page)
    geen_bezwaar(page, sanne, mark, ria, noor, fatima, yusuf)
    ronde_sluiten(page)
    expect(page.locator("#ronde")).to_contain_text("Het voorstel staat in het plan.")

    # Every kader is met; the plan is vastgesteld.
    kaders_toetsen(kadersteller, traject, "Voldoet")
    expect(kadersteller.get_by_text("Het plan past binnen alle kaders").first).to_be_visible()
    page.goto(f"/trajecten/{traject.uuid}/bijeenkomst/plan/")
    page.get_by_role("button", name="Plan vaststellen").click()
    expect(page.get_by_text("Het plan is vastgesteld (versie 1).")).to_be_visible()
    check_page(page, "bijeenkomst-plan-vastgesteld")

    plan = Plan.objects.get(traject=traject)
    assert plan.is_vastgesteld and plan.versie == 1 and plan.vastgesteld_door == alice
    afspraak = plan.afspraken.get()
    assert afspraak.versie.nummer == 3 and "vrijdagochtend" in afspraak.wat
    uitkomsten = list(ConsentRonde.objects.filter(voorstel=afspraak.voorstel).values_list("uitkomst", flat=True))
    assert uitkomsten == ["kleine_minderheid", "consent", "consent"]
    eerste = ConsentRonde.objects.get(voorstel=afspraak.voorstel, nummer=1)
    assert eerste.reacties.get(betrokkene=sanne).bron == "telefoon"
    assert eerste.reacties.get(betrokkene=noor).namens == ria
    op_de_flap(flap, "Het plan is vastgesteld")
    for p in (flap, telefoon, kadersteller):
        p.context.close()
