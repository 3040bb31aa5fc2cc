"""The plan on paper: everything a finished plan holds, from the frozen snapshot, and nothing it must not hold.

Every test reads the real PDF back with pypdf.
"""

import datetime
import io
import re
import socket

import pytest
import weasyprint
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from besluitvorming import planinhoud
from besluitvorming.models import Aanwezigheid, ConsentRonde, Plan, Voorstel
from besluitvorming.pdf import PDF_BASIS, AlleenEigenCSS, css_tekst, pdf_bestandsnaam, plan_pdf_bytes
from kwesties.models import Betrokkene

CONTROLE_URL = "https://nieuweroute.example.nl/controle/"


# --- Reading a PDF back ------------------------------------------------------------------------------------------

def lees(data):
    return PdfReader(io.BytesIO(data))


def paginas(data):
    return [p.extract_text() or "" for p in lees(data).pages]


def tekst(data):
    return "\n".join(paginas(data))


def plat(s):
    # pypdf puts line breaks inside table cells and sometimes drops the space after bold text: compare without spaces.
    return re.sub(r"\s+", "", s)


def assert_staat_erin(alles, *stukken):
    vlak = plat(alles)
    missend = [s for s in stukken if plat(s) not in vlak]
    assert not missend, missend


def datum(d, formaat="j F Y"):
    with translation.override("nl"):
        return date_format(d, formaat)


# --- A plan with everything in it, made with the engine -----------------------------------------------------------

@pytest.fixture
def rijk_plan(lopende_bijeenkomst, kring, traject, alice, bob, kaders_vastgesteld, gesprek):
    """Two proposals; a bezwaar, a new version, someone who left, a silent round; a person hidden for safety."""
    sanne, mark, ria, noor, fatima = kring
    b = lopende_bijeenkomst
    kwestie = traject.kwestie
    kwestie.vraag = "Wat is ervoor nodig dat Noor veilig opgroeit, bij mama en bij papa?"
    kwestie.beschrijving = "Noor is 9 jaar.\n\nSanne en Mark zijn uit elkaar en praten weinig met elkaar."
    kwestie.save()
    Betrokkene.objects.filter(pk=sanne.pk).update(email="sanne.jacobs@example.org", telefoon="06-12345678")
    Betrokkene.objects.filter(pk=fatima.pk).update(email="f.elidrissi@school.example", telefoon="0570-998877")
    kees = Betrokkene.objects.create(
        traject=traject, voornaam="Kees", achternaam="Geheimhouden", relatie="familie", verborgen_voor_anderen=True
    )
    Aanwezigheid.objects.create(bijeenkomst=b, betrokkene=kees, status="aanwezig")
    kaders_vastgesteld.kader_toevoegen(
        bob, "financieel", "De gemeente betaalt een fiets voor Noor.", toelichting="Alleen dit schooljaar.",
        reden="Afgesproken met de gemeente.",
    )

    weekend = Voorstel.indienen(
        b, alice, "Weekend bij papa", "Noor is elk tweede weekend bij Mark.",
        wie=[mark], wanneer="Elk tweede weekend", hoe_weten="Sanne en Mark houden een schrift bij.",
    )
    r1 = weekend.open_ronde(alice)
    for p in (mark, ria, noor, fatima):
        r1.reageer(p, "geen_bezwaar", door=alice)
    r1.reageer(kees, "zorg", aandachtspunt="Let op de avonden bij papa.", door=alice)
    r1.reageer(sanne, "bezwaar", reden="Mark heeft nog geen eigen huis.", wat_erbij="Eerst een eigen kamer voor Noor.",
               door=alice)
    r1.sluiten(alice)
    weekend.nieuwe_versie(
        alice, "Noor is elk tweede weekend bij Mark, zodra ze daar een eigen kamer heeft.",
        aanleiding="Bezwaar van Sanne", wie=[mark], wanneer="Elk tweede weekend",
        hoe_weten="Sanne en Mark houden een schrift bij.",
    )
    r2 = weekend.open_ronde(alice)
    for p in (sanne, mark, ria, noor):
        r2.reageer(p, "geen_bezwaar", door=alice)
    r2.reageer(kees, "zorg", aandachtspunt="Let op de avonden bij papa.", door=alice)
    r2.sluiten(alice, geen_antwoord={fatima.id: "vertrokken"})

    huiswerk = Voorstel.indienen(
        b, alice, "Huiswerk bij oma", "Noor maakt op dinsdag haar huiswerk bij Ria.",
        wie=[ria], wanneer="Elke dinsdag", hoe_weten="Fatima ziet het huiswerk terug.",
    )
    r3 = huiswerk.open_ronde(alice, stil=True)
    for p in (sanne, mark, ria, noor, kees):
        r3.reageer(p, "geen_bezwaar", door=alice)
    r3.reageer(fatima, "zorg", aandachtspunt="Ook in de vakantie?", door=alice)
    r3.onthul()
    r3.sluiten(alice)

    plan = Plan.voor(b)
    plan.evaluatie_op = datetime.date.today() + datetime.timedelta(days=42)
    plan.wie_houdt_oog = "Ria"
    plan.als_niet_nagekomen = "Dan bellen we Bob, de gezinsvoogd."
    plan.save(update_fields=["evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen"])
    plan.kaders_toetsen(bob, [(k, True, f"Past: {k.tekst[:20]}") for k in kaders_vastgesteld.kaders.geldig()])
    plan.vaststellen(alice)
    return Plan.objects.get(pk=plan.pk)


@pytest.fixture
def rijk_pdf(rijk_plan):
    return plan_pdf_bytes(rijk_plan, basis_url=CONTROLE_URL)


# --- What is in it -----------------------------------------------------------------------------------------------

def test_the_title_says_which_plan_which_version_when_and_who_facilitated(rijk_plan, rijk_pdf):
    assert_staat_erin(
        tekst(rijk_pdf),
        "Plan Familie J.",
        f"Versie 1, vastgesteld op {datum(timezone.localdate())} door Alice Jansen",
    )


def test_the_kwestie_is_in_it_with_its_description(rijk_pdf):
    assert_staat_erin(
        tekst(rijk_pdf),
        "De kwestie",
        "Wat is ervoor nodig dat Noor veilig opgroeit, bij mama en bij papa?",
        "Noor is 9 jaar.",
        "Sanne en Mark zijn uit elkaar en praten weinig met elkaar.",
    )


def test_the_kring_shows_who_took_part_and_how(rijk_pdf):
    alles = tekst(rijk_pdf)
    assert_staat_erin(
        alles,
        "Sanne Jacobs", "Mark Jacobs", "Fatima El Idrissi", "Leerkracht", "Opa of oma",
        "Ria sprak namens Noor", "Was er", "Iemand uit de kring",
    )


def test_every_kader_has_its_kind_text_verdict_and_note(rijk_plan, rijk_pdf):
    alles = tekst(rijk_pdf)
    assert_staat_erin(
        alles,
        "Veiligheid: wat minimaal anders moet", "Noor en Daan slapen elke nacht op een vaste, veilige plek.",
        "Financieel kader", "De gemeente betaalt een fiets voor Noor.", "Alleen dit schooljaar.",
        "Oordeel van de kadersteller: voldoet", "Past: Noor en Daan slapen", "Past: De gemeente betaalt",
    )
    assert plat(alles).count(plat("Oordeel van de kadersteller: voldoet")) == 2


def test_what_happens_without_a_safe_plan_and_who_steps_in_are_in_it(rijk_pdf):
    assert_staat_erin(
        tekst(rijk_pdf),
        "Als er geen veilig plan komt", "De rechter beslist over een uithuisplaatsing.",
        "Wie grijpt in?", "Bob de Vries, gezinsvoogd",
    )


def test_the_agreements_are_a_table_with_who_when_how_and_their_aandachtspunten(rijk_pdf):
    assert_staat_erin(
        tekst(rijk_pdf),
        "Wat", "Wie", "Wanneer, of hoe vaak", "Hoe weten we dat het gebeurd is?",
        "Weekend bij papa", "Noor is elk tweede weekend bij Mark, zodra ze daar een eigen kamer heeft.",
        "Elk tweede weekend", "Sanne en Mark houden een schrift bij.",
        "Huiswerk bij oma", "Noor maakt op dinsdag haar huiswerk bij Ria.", "Elke dinsdag",
        "Fatima ziet het huiswerk terug.",
        "Laten we letten op:", "Ook in de vakantie? (Fatima)", "Let op de avonden bij papa. (iemand uit de kring)",
    )


def test_every_round_is_in_the_record_with_each_answer_and_its_reasons(rijk_plan, rijk_pdf):
    alles = tekst(rijk_pdf)
    r1 = ConsentRonde.objects.filter(voorstel__titel="Weekend bij papa", nummer=1).get()
    with translation.override("nl"):
        uitkomst_r1 = str(ConsentRonde.Uitkomst(r1.uitkomst).label)
    assert_staat_erin(
        alles,
        "Weekend bij papa: ronde 1", "Noor is elk tweede weekend bij Mark.", uitkomst_r1,
        "Bezwaar", "Waarom: Mark heeft nog geen eigen huis.", "Dit moet erbij: Eerst een eigen kamer voor Noor.",
        "Weekend bij papa: ronde 2", "Versie 2 van het voorstel", "Consent: niemand heeft bezwaar",
        "Geen antwoord", "Waarom niet: Is eerder weggegaan",
        "Huiswerk bij oma: ronde 1", "eerst stil opgeschreven",
        "Zorg", "Laten we letten op: Ook in de vakantie?", "gezegd door Ria",
    )
    # Whoever had no objection is named on one line per round, a representative beside the one they spoke for.
    assert_staat_erin(
        alles,
        "Geen bezwaar: Mark, Ria, Noor (gezegd door Ria), Fatima",
        "Geen bezwaar: Sanne, Mark, Ria, Noor (gezegd door Ria)",
        "Geen bezwaar: Sanne, Mark, Ria, Noor (gezegd door Ria), iemand uit de kring",
    )


def test_the_vervolgafspraken_are_tied_to_who_steps_in(rijk_plan, rijk_pdf):
    assert_staat_erin(
        tekst(rijk_pdf),
        "Vervolgafspraken",
        "Wanneer kijken we samen hoe het gaat?", datum(rijk_plan.evaluatie_op, "l j F Y"),
        "Wie houdt een oogje in het zeil?", "Ria",
        "Wat gebeurt er als een afspraak niet lukt?", "Dan bellen we Bob, de gezinsvoogd.",
        "Wie grijpt in als het niet veilig is?", "Bob de Vries, gezinsvoogd. Zo staat het in de kaders.",
    )


def test_every_page_has_the_running_header_the_code_and_the_page_number(rijk_plan, rijk_pdf):
    pagina_teksten = paginas(rijk_pdf)
    n = len(pagina_teksten)
    assert n >= 2
    for i, pagina in enumerate(pagina_teksten, start=1):
        assert "Familie J. · plan versie 1" in pagina
        assert f"Controlecode: {rijk_plan.code} · controleer op {CONTROLE_URL}" in pagina
        assert f"Pagina {i} van {n}" in pagina


def test_without_a_base_url_the_footer_points_to_the_check_page_path(vastgesteld_plan):
    assert f"Controlecode: {vastgesteld_plan.code} · controleer op /controle/" in tekst(plan_pdf_bytes(vastgesteld_plan))


# --- What is never in it -----------------------------------------------------------------------------------------

def test_private_notes_contact_details_and_hidden_names_are_never_in_it(rijk_pdf):
    vlak = plat(tekst(rijk_pdf)).lower()
    for verboden in (
        "PRIVE", "ruzie met Mark in mei", "sanne.jacobs@example.org", "06-12345678", "f.elidrissi@school.example",
        "0570-998877", "Kees", "Geheimhouden",
    ):
        assert plat(verboden).lower() not in vlak, verboden


def test_the_pdf_shows_the_frozen_snapshot_not_the_live_records(rijk_plan):
    Betrokkene.objects.filter(voornaam="Sanne").update(voornaam="Susanne")
    rijk_plan.bijeenkomst.traject.kwestie.__class__.objects.filter(pk=rijk_plan.traject.kwestie.pk).update(
        vraag="Een heel andere vraag"
    )
    alles = tekst(plan_pdf_bytes(rijk_plan))
    assert_staat_erin(alles, "Sanne Jacobs", "Wat is ervoor nodig dat Noor veilig opgroeit")
    assert "Susanne" not in alles and "Een heel andere vraag" not in alles


# --- The file itself -----------------------------------------------------------------------------------------------

def test_the_pdf_has_a_title_an_author_and_the_dutch_language(rijk_pdf):
    pdf = lees(rijk_pdf)
    assert pdf.metadata.title == "Plan Familie J., versie 1"
    assert pdf.metadata.author == "Alice Jansen"
    assert pdf.trailer["/Root"]["/Lang"] == "nl"


def test_the_pdf_is_tagged_for_screen_readers_as_pdf_ua(rijk_pdf):
    root = lees(rijk_pdf).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp


def test_its_fonts_are_dejavu_and_embedded(rijk_pdf):
    gezien = set()
    for pagina in lees(rijk_pdf).pages:
        for font in pagina["/Resources"]["/Font"].values():
            font = font.get_object()
            beschrijving = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            ).get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(beschrijving.keys()), font["/BaseFont"]
            gezien.add(str(font["/BaseFont"]))
    assert gezien and all("DejaVu-Sans" in f for f in gezien), gezien


def test_the_pdf_is_in_dutch_whatever_the_ui_language(vastgesteld_plan):
    with translation.override("en"):
        alles = tekst(plan_pdf_bytes(vastgesteld_plan))
    assert_staat_erin(alles, "De kwestie", "Vervolgafspraken", "Pagina 1 van")
    assert lees(plan_pdf_bytes(vastgesteld_plan)).trailer["/Root"]["/Lang"] == "nl"


def test_the_file_name_is_plain_ascii(vastgesteld_plan):
    assert pdf_bestandsnaam(vastgesteld_plan) == "plan-familie-j-versie-1.pdf"
    vastgesteld_plan.inhoud = {**vastgesteld_plan.inhoud, "traject": "Familie Çelik-Øster / \"Zoë\" 😀"}
    naam = pdf_bestandsnaam(vastgesteld_plan)
    assert naam == "plan-familie-celik-ster-zoe-versie-1.pdf" and naam.isascii()
    vastgesteld_plan.inhoud = {**vastgesteld_plan.inhoud, "traject": "😀"}
    assert pdf_bestandsnaam(vastgesteld_plan) == "plan-versie-1.pdf"


def test_user_text_cannot_break_out_of_the_running_header(vastgesteld_plan):
    label = 'Familie "J." \\ </style><img src="http://example.org/x.png"> }'
    inhoud = {**vastgesteld_plan.inhoud, "traject": label}
    Plan.objects.filter(pk=vastgesteld_plan.pk).update(
        inhoud=inhoud, inhoud_hash=planinhoud.hash_van(inhoud), code=planinhoud.code_van(planinhoud.hash_van(inhoud))
    )
    plan = Plan.objects.get(pk=vastgesteld_plan.pk)
    eerste = paginas(plan_pdf_bytes(plan))[0]
    assert f"{label} · plan versie 1" in eerste
    assert "Pagina 1 van" in eerste


def test_css_strings_escape_everything_but_plain_characters():
    assert css_tekst("Familie J. · plan versie 1") == '"Familie J. \\0000b7  plan versie 1"'
    assert "<" not in css_tekst("</style>") and '"' not in css_tekst('"')[1:-1]


# --- No network while rendering ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/static/css/plan_pdf.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        f"{PDF_BASIS}static/css/../../nieuwe_route/settings.py",
        f"{PDF_BASIS}static/../../etc/passwd.css",
        f"{PDF_BASIS}static/css/bestaat-niet.css",
        f"{PDF_BASIS}media/iets.css",
    ],
)
def test_the_fetcher_refuses_anything_but_our_own_css(url):
    with pytest.raises(ValueError):
        AlleenEigenCSS().fetch(url)


def test_the_fetcher_serves_our_print_css_from_disk():
    antwoord = AlleenEigenCSS().fetch(f"{PDF_BASIS}static/css/plan_pdf.css")
    assert b"@page" in antwoord.read() and antwoord.content_type == "text/css"


def test_remote_images_and_stylesheets_are_never_fetched(monkeypatch):
    verbindingen = []

    def geen_netwerk(*args, **kwargs):
        verbindingen.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", geen_netwerk)
    monkeypatch.setattr(socket.socket, "connect", geen_netwerk)
    html = (
        '<html lang="nl"><head><title>t</title><link rel="stylesheet" href="https://example.org/x.css">'
        '<style>body { background: url("http://example.org/bg.png") }</style></head>'
        '<body><p>Hallo</p><img alt="" src="http://example.org/x.png"></body></html>'
    )
    data = weasyprint.HTML(string=html, base_url=PDF_BASIS, url_fetcher=AlleenEigenCSS()).write_pdf()
    assert verbindingen == []
    assert "Hallo" in tekst(data)


def test_a_garbled_snapshot_still_renders_instead_of_failing(vastgesteld_plan):
    vastgesteld_plan.inhoud = {
        "traject": ["geen", "tekst"], "versie": {"x": 1}, "vastgesteld_op": "gisteren", "kwestie": "x",
        "kring": [{"naam": None, "deelname": ["?"]}, "iemand"], "kaders": [{"soort": {"a": 1}, "voldoet": "ja"}],
        "afspraken": [{"wie_namen": "Ria", "aandachtspunten": [None, {"naam": 3}]}],
        "rondes": [{"uitkomst": ["?"], "reacties": [{"antwoord": {"?": 1}}, {"antwoord": "bezwaar"}]}],
        "vervolg": None,
    }
    assert "Pagina 1 van" in tekst(plan_pdf_bytes(vastgesteld_plan))
