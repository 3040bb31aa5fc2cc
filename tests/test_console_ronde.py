"""A consent round on the console: opening it, recording answers fast, the silent round, closing it."""

import re
import uuid

import pytest

from besluitvorming.models import Afspraak, Aanwezigheid, ConsentRonde, Reactie, Voorstel
from kwesties.models import Betrokkene

from .conftest import assert_login_redirect
from .test_console import html, iedereen_antwoordt, sectie, stand, url, vul_bijeenkomst

HTMX = {"HTTP_HX_REQUEST": "true"}
GESLOTEN = "Deze ronde is gesloten. Een correctie is een nieuwe ronde."


def reactie_url(traject, ronde, b, naam="reactie"):
    return url(traject, naam, ronde.uuid, b.uuid)


def antwoord_van(ronde, b):
    return Reactie.objects.get(ronde=ronde, betrokkene=b)


def rij(page, b):
    return page.split(f'id="rij-{b.uuid}"')[1].split("</li>")[0]


def staat(ronde):
    """Everything a closed round must keep: its answers and its outcome."""
    ronde = ConsentRonde.objects.get(pk=ronde.pk)
    return (ronde.uitkomst, ronde.gesloten_op, ronde.onthuld_op, list(
        ronde.reacties.order_by("id").values_list("antwoord", "aandachtspunt", "reden", "wat_erbij", "versie")
    ))


# Opening a round


def test_starting_a_round_opens_it_for_everyone_present(alice_client, traject, voorstel, alice):
    r = alice_client.post(url(traject, "ronde_openen", voorstel.uuid), follow=True)
    assert r.redirect_chain[0][0] == url(traject, "console") + "#ronde"
    assert "De consentronde over ‘Weekend bij papa’ is begonnen." in html(r)
    ronde = ConsentRonde.objects.get()
    assert ronde.is_open and not ronde.stil and ronde.geopend_door == alice
    assert ronde.reacties.count() == 5
    assert "Consentronde 1 over ‘Weekend bij papa’" in sectie(html(r), "ronde")


def test_the_checkbox_starts_a_silent_round(alice_client, traject, voorstel):
    alice_client.post(url(traject, "ronde_openen", voorstel.uuid), {"stil": "1"})
    assert ConsentRonde.objects.get().stil


def test_a_second_round_waits_until_the_first_is_closed(alice_client, traject, afspraak, ronde, alice):
    ander = Voorstel.indienen(ronde.bijeenkomst, alice, "Ander", "Iets anders")
    r = alice_client.post(url(traject, "ronde_openen", ander.uuid), follow=True)
    assert "Er loopt al een ronde. Sluit die eerst." in html(r)
    assert ConsentRonde.objects.filter(gesloten_op__isnull=True).count() == 1


def test_no_round_starts_while_nobody_is_recorded_as_present(alice_client, traject, voorstel):
    Aanwezigheid.objects.all().delete()
    r = alice_client.post(url(traject, "ronde_openen", voorstel.uuid), follow=True)
    assert "Er is nog niemand aanwezig. Vul eerst de aanwezigheid in." in html(r)
    assert not ConsentRonde.objects.exists()


def test_a_withdrawn_proposal_gets_no_round(alice_client, traject, voorstel):
    voorstel.intrekken()
    r = alice_client.post(url(traject, "ronde_openen", voorstel.uuid), follow=True)
    assert "Dit voorstel is ingetrokken." in html(r)
    assert not ConsentRonde.objects.exists()


def test_starting_only_accepts_post(alice_client, traject, voorstel):
    assert alice_client.get(url(traject, "ronde_openen", voorstel.uuid)).status_code == 405


# The recording panel


def test_the_panel_lists_everyone_with_fast_recording_forms(alice_client, traject, ronde, kring):
    r = alice_client.get(url(traject, "ronde", ronde.uuid))
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Consentronde: Weekend bij papa</h1>" in page and '<h2 id="ronde-kop">' in page
    sanne = rij(page, kring[0])
    assert "<bdi>Sanne</bdi>" in sanne and "Nog geen antwoord" in sanne
    assert sanne.count(f'action="{reactie_url(traject, ronde, kring[0])}"') == 3
    assert 'name="antwoord" value="geen_bezwaar"' in sanne and 'name="versie" value="0"' in sanne
    assert 'Geen bezwaar<span class="visually-hidden"> – Sanne</span></button>' in sanne
    assert '<summary>Zorg<span class="visually-hidden"> – Sanne</span></summary>' in sanne
    assert '<summary>Bezwaar<span class="visually-hidden"> – Sanne</span></summary>' in sanne
    for naam in ("aandachtspunt", "reden", "wat_erbij"):
        assert f'name="{naam}"' in sanne
    assert f'name="reden_{kring[0].uuid}" form="sluiten-{ronde.uuid}"' in sanne
    assert "Ria spreekt namens Noor" in rij(page, kring[3])
    assert f'action="{url(traject, "ronde_sluiten", ronde.uuid)}" id="sluiten-{ronde.uuid}"' in page
    assert f'action="{url(traject, "ronde_afbreken", ronde.uuid)}"' in page
    assert url(traject, "ronde_onthullen", ronde.uuid) not in page
    # Every id on the page is used once.
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_only_the_list_of_who_answered_polls_never_the_forms(alice_client, traject, ronde):
    page = html(alice_client.get(url(traject, "console")))
    assert page.count('hx-trigger="every 2s"') == 1
    gepeild = page.split('id="ronde-stand"')[1].split("</div>")[0]
    assert 'hx-trigger="every 2s"' in gepeild
    assert f'hx-get="{url(traject, "ronde", ronde.uuid)}?stand=' in gepeild
    assert "<form" not in gepeild and "<textarea" not in gepeild
    assert "0 van 5 hebben geantwoord." in gepeild


def test_with_htmx_the_round_answers_with_the_panel_only(alice_client, traject, ronde):
    r = alice_client.get(url(traject, "ronde", ronde.uuid), **HTMX)
    assert r.status_code == 200
    assert "<html" not in html(r) and html(r).lstrip().startswith('<section id="ronde"')


def test_the_poll_answers_nothing_while_nothing_changed(alice_client, traject, ronde):
    r = alice_client.get(url(traject, "ronde", ronde.uuid), {"stand": stand(ronde.bijeenkomst)}, **HTMX)
    assert r.status_code == 204 and r.content == b""


def test_the_poll_brings_new_answers_without_touching_the_forms(alice_client, traject, ronde, kring, alice):
    oud = stand(ronde.bijeenkomst)
    ronde.reageer(kring[0], "zorg", aandachtspunt="Via de telefoon", bron="telefoon")
    r = alice_client.get(url(traject, "ronde", ronde.uuid), {"stand": oud}, **HTMX)
    page = html(r)
    assert r.status_code == 200
    assert page.lstrip().startswith('<div id="ronde-stand"')
    assert f'?stand={stand(ronde.bijeenkomst)}&amp;kaart=' in page
    assert "1 van 5 heeft geantwoord." in page
    assert f'<div id="nu-{kring[0].uuid}" class="ronde-nu" hx-swap-oob="true">' in page
    assert "Via de telefoon" in page and "Op de eigen telefoon" in page
    assert page.count('hx-swap-oob="true"') == 5
    assert "<textarea" not in page and 'name="antwoord"' not in page


def test_the_poll_reloads_the_page_once_the_round_is_closed(alice_client, traject, ronde, alice):
    oud = stand(ronde.bijeenkomst)
    ronde.afbreken(alice)
    r = alice_client.get(url(traject, "ronde", ronde.uuid), {"stand": oud}, **HTMX)
    assert r["HX-Refresh"] == "true"


def test_the_panel_uses_a_fixed_number_of_queries(
    alice_client, traject, lopende_bijeenkomst, alice, django_assert_max_num_queries
):
    vul_bijeenkomst(traject, lopende_bijeenkomst, alice, personen=15, voorstellen=2)
    ronde = Voorstel.objects.filter(bijeenkomst=lopende_bijeenkomst).last().open_ronde(alice)
    iedereen_antwoordt(ronde, alice, "zorg", aandachtspunt="Let op")
    with django_assert_max_num_queries(10) as eerste:
        page = html(alice_client.get(url(traject, "ronde", ronde.uuid)))
    assert page.count('class="ronde-rij"') == 20
    ronde.afbreken(alice)
    vul_bijeenkomst(traject, lopende_bijeenkomst, alice, personen=20, voorstellen=1, start=100)
    ronde = Voorstel.objects.filter(bijeenkomst=lopende_bijeenkomst).last().open_ronde(alice)
    iedereen_antwoordt(ronde, alice, "zorg", aandachtspunt="Let op")
    with django_assert_max_num_queries(len(eerste.captured_queries)):
        page = html(alice_client.get(url(traject, "ronde", ronde.uuid)))
    assert page.count('class="ronde-rij"') == 40
    with django_assert_max_num_queries(len(eerste.captured_queries)):
        alice_client.get(url(traject, "ronde", ronde.uuid), {"stand": "0"}, **HTMX)


# Recording answers


def test_one_click_records_no_objection(alice_client, traject, ronde, kring, alice):
    voor = stand(ronde.bijeenkomst)
    r = alice_client.post(reactie_url(traject, ronde, kring[0]), {"antwoord": "geen_bezwaar", "versie": "0"}, follow=True)
    assert r.redirect_chain[0][0] == url(traject, "console") + f"#rij-{kring[0].uuid}"
    assert "Genoteerd voor Sanne: geen bezwaar." in html(r)
    reactie = antwoord_van(ronde, kring[0])
    assert (reactie.antwoord, reactie.bron, reactie.door) == ("geen_bezwaar", "begeleider", alice)
    assert stand(ronde.bijeenkomst) > voor
    assert 'badge ronde-geen_bezwaar">Geen bezwaar</span>' in rij(html(r), kring[0])


def test_with_htmx_the_row_comes_back_with_the_new_count(alice_client, traject, ronde, kring):
    r = alice_client.post(reactie_url(traject, ronde, kring[3]), {"antwoord": "geen_bezwaar", "versie": "0"}, **HTMX)
    page = html(r)
    assert r.status_code == 200
    assert page.lstrip().startswith(f'<li id="rij-{kring[3].uuid}" class="ronde-rij" data-genoteerd="1">')
    assert "Ria spreekt namens Noor" in page and 'name="versie" value="1"' in page
    assert '<div id="ronde-stand" class="ronde-stand" hx-swap-oob="true"' in page
    assert "1 van 5 heeft geantwoord." in page
    assert '<div id="ronde-melding" hx-swap-oob="innerHTML">Genoteerd voor Noor: geen bezwaar.</div>' in page
    assert antwoord_van(ronde, kring[3]).namens == kring[2]


def test_a_zorg_records_its_attention_point_and_a_bezwaar_its_reason_and_what_must_be_added(
    alice_client, traject, ronde, kring
):
    alice_client.post(reactie_url(traject, ronde, kring[0]), {"antwoord": "zorg", "aandachtspunt": " Ook op zondag? ", "versie": "0"})
    alice_client.post(
        reactie_url(traject, ronde, kring[1]),
        {"antwoord": "bezwaar", "reden": "Te vaak", "wat_erbij": "Eens per maand", "aandachtspunt": "genegeerd", "versie": "0"},
    )
    sanne, mark = antwoord_van(ronde, kring[0]), antwoord_van(ronde, kring[1])
    assert (sanne.antwoord, sanne.aandachtspunt) == ("zorg", "Ook op zondag?")
    assert (mark.antwoord, mark.reden, mark.wat_erbij, mark.aandachtspunt) == ("bezwaar", "Te vaak", "Eens per maand", "")
    rij_mark = rij(html(alice_client.get(url(traject, "ronde", ronde.uuid))), kring[1])
    assert "Waarom: Te vaak" in rij_mark and "Dit moet erbij: Eens per maand" in rij_mark


def test_a_zorg_without_attention_point_comes_back_with_the_error_beside_the_field(alice_client, traject, ronde, kring):
    r = alice_client.post(reactie_url(traject, ronde, kring[0]), {"antwoord": "zorg", "aandachtspunt": "  ", "versie": "0"})
    assert r.status_code == 200
    sanne = rij(html(r), kring[0])
    assert '<details class="ronde-details ronde-details-zorg" open>' in sanne
    assert "Schrijf op waar we dan wel op letten." in sanne and 'aria-invalid="true"' in sanne and "autofocus" in sanne
    assert "Schrijf op waar we dan wel op letten." not in rij(html(r), kring[1])
    assert antwoord_van(ronde, kring[0]).antwoord == ""


def test_a_bezwaar_needs_a_reason_and_what_must_be_added_and_keeps_what_was_typed(alice_client, traject, ronde, kring):
    r = alice_client.post(
        reactie_url(traject, ronde, kring[1]), {"antwoord": "bezwaar", "reden": "Te vaak weg", "wat_erbij": "", "versie": "0"},
        **HTMX,
    )
    page = html(r)
    assert r.status_code == 200
    assert '<details class="ronde-details ronde-details-bezwaar" open>' in page
    assert "Te vaak weg</textarea>" in page and "Schrijf op wat erbij moet om mee te kunnen gaan." in page
    assert "Schrijf op waarom dit een bezwaar is." not in page
    r = alice_client.post(reactie_url(traject, ronde, kring[1]), {"antwoord": "bezwaar", "versie": "0"})
    assert "Schrijf op waarom dit een bezwaar is." in html(r)
    assert "Schrijf op wat erbij moet om mee te kunnen gaan." in html(r)
    assert antwoord_van(ronde, kring[1]).antwoord == ""


def test_an_answer_recorded_meanwhile_is_shown_and_never_overwritten_unseen(alice_client, traject, ronde, kring):
    ronde.reageer(kring[0], "zorg", aandachtspunt="Via de telefoon", bron="telefoon")
    d = {"antwoord": "bezwaar", "reden": "Mijn reden", "wat_erbij": "Mijn aanvulling", "versie": "0"}
    r = alice_client.post(reactie_url(traject, ronde, kring[0]), d)
    sanne = rij(html(r), kring[0])
    assert r.status_code == 200
    assert "Intussen is er een ander antwoord genoteerd: Zorg (Via de telefoon). Kies opnieuw als het niet klopt." in sanne
    assert "Mijn reden</textarea>" in sanne and "Mijn aanvulling</textarea>" in sanne
    assert antwoord_van(ronde, kring[0]).antwoord == "zorg"
    # The form now carries the answer it showed: choosing again goes through.
    d["versie"] = re.search(r'name="versie" value="(\d+)"', sanne).group(1)
    alice_client.post(reactie_url(traject, ronde, kring[0]), d)
    assert antwoord_van(ronde, kring[0]).antwoord == "bezwaar"


def test_an_answer_can_be_corrected_and_wiped_while_the_round_is_open(alice_client, traject, ronde, kring):
    alice_client.post(reactie_url(traject, ronde, kring[0]), {"antwoord": "geen_bezwaar", "versie": "0"})
    alice_client.post(reactie_url(traject, ronde, kring[0]), {"antwoord": "zorg", "aandachtspunt": "Toch", "versie": "1"})
    assert antwoord_van(ronde, kring[0]).antwoord == "zorg"
    r = alice_client.post(reactie_url(traject, ronde, kring[0], "reactie_wissen"), follow=True)
    assert "Het antwoord van Sanne is gewist." in html(r)
    assert antwoord_van(ronde, kring[0]).antwoord == ""
    alice_client.post(reactie_url(traject, ronde, kring[0]), {"antwoord": "geen_bezwaar", "versie": "3"})
    r = alice_client.post(reactie_url(traject, ronde, kring[0], "reactie_wissen"), **HTMX)
    assert html(r).lstrip().startswith(f'<li id="rij-{kring[0].uuid}"') and "Nog geen antwoord" in html(r)
    assert Reactie.objects.filter(ronde=ronde, betrokkene=kring[0]).count() == 1


def test_answering_through_the_view_records_exactly_one_answer_per_person(alice_client, traject, ronde, kring):
    for b in kring:
        for _ in range(2):
            versie = antwoord_van(ronde, b).versie
            alice_client.post(reactie_url(traject, ronde, b), {"antwoord": "geen_bezwaar", "versie": versie}, **HTMX)
    assert Reactie.objects.filter(ronde=ronde).count() == 5
    assert set(Reactie.objects.filter(ronde=ronde).values_list("antwoord", flat=True)) == {"geen_bezwaar"}
    assert sorted(Reactie.objects.filter(ronde=ronde).values_list("betrokkene_id", flat=True)) == sorted(b.id for b in kring)
    r = alice_client.post(url(traject, "ronde_sluiten", ronde.uuid), follow=True)
    assert "Consent: niemand heeft bezwaar. Het voorstel staat in het plan." in html(r)
    assert Afspraak.objects.get().voorstel == ronde.voorstel


KIES = "Kies geen bezwaar, zorg of bezwaar."
NIET_BIJ = "Deze pagina was niet meer actueel. Kies het antwoord opnieuw."


@pytest.mark.parametrize(
    "data, melding",
    [
        ({}, KIES),
        ({"antwoord": "ja"}, KIES),
        ({"antwoord": "geen_antwoord"}, KIES),
        ({"antwoord": "zorg\x00", "aandachtspunt": "x"}, KIES),
        ({"antwoord": "zorg", "aandachtspunt": "met \x00 erin", "versie": "0"}, "Null-tekens zijn niet toegestaan."),
        ({"antwoord": "zorg", "aandachtspunt": "x" * 5000, "versie": "0"}, "Houd het korter: hoogstens 1000 tekens."),
        ({"antwoord": "geen_bezwaar", "versie": "abc"}, NIET_BIJ),
        ({"antwoord": "geen_bezwaar", "versie": "-1"}, NIET_BIJ),
        ({"antwoord": "geen_bezwaar", "versie": "99999999999999999999"}, NIET_BIJ),
    ],
)
def test_garbage_changes_nothing_and_never_crashes(alice_client, traject, ronde, kring, data, melding):
    for extra in ({}, HTMX):
        r = alice_client.post(reactie_url(traject, ronde, kring[0]), data, **extra)
        assert r.status_code == 200
        assert melding in rij(html(r), kring[0])
    assert antwoord_van(ronde, kring[0]).antwoord == ""


def test_someone_not_in_the_round_is_a_404(alice_client, traject, ronde):
    nieuw = Betrokkene.objects.create(traject=traject, voornaam="Kees", relatie="buur")
    assert alice_client.post(reactie_url(traject, ronde, nieuw), {"antwoord": "geen_bezwaar"}).status_code == 404
    assert alice_client.post(url(traject, "reactie", ronde.uuid, uuid.uuid4()), {"antwoord": "geen_bezwaar"}).status_code == 404


# The silent round


@pytest.fixture
def stille_ronde(voorstel, alice):
    return voorstel.open_ronde(alice, stil=True)


def test_a_silent_round_never_shows_what_anyone_answered_before_the_reveal(alice_client, traject, stille_ronde, kring):
    ronde = stille_ronde
    r = alice_client.post(
        reactie_url(traject, ronde, kring[0]), {"antwoord": "zorg", "aandachtspunt": "GEHEIM-ZORG", "versie": "0"}, follow=True
    )
    assert "Het antwoord van Sanne is genoteerd." in html(r)
    r2 = alice_client.post(
        reactie_url(traject, ronde, kring[1]),
        {"antwoord": "bezwaar", "reden": "GEHEIM-REDEN", "wat_erbij": "GEHEIM-ERBIJ", "versie": "0"}, **HTMX,
    )
    r3 = alice_client.post(reactie_url(traject, ronde, kring[2]), {"antwoord": "geen_bezwaar", "versie": "5"}, **HTMX)
    assert "Intussen is er al een antwoord genoteerd" not in html(r3)
    ronde.reageer(kring[4], "zorg", aandachtspunt="GEHEIM-TELEFOON", bron="telefoon")
    gewijzigd = alice_client.post(reactie_url(traject, ronde, kring[4]), {"antwoord": "geen_bezwaar", "versie": "0"})
    assert "Intussen is er al een antwoord genoteerd; het blijft verborgen" in html(gewijzigd)
    paginas = [
        html(r), html(r2), html(r3), html(gewijzigd),
        html(alice_client.get(url(traject, "console"))),
        html(alice_client.get(url(traject, "ronde", ronde.uuid))),
        html(alice_client.get(url(traject, "ronde", ronde.uuid), **HTMX)),
        html(alice_client.get(url(traject, "ronde", ronde.uuid), {"stand": "0"}, **HTMX)),
        html(alice_client.get(url(traject, "voorstel", ronde.voorstel.uuid))),
    ]
    for page in paginas:
        assert "GEHEIM" not in page
        assert "ronde-zorg\">" not in page and "ronde-bezwaar\">" not in page and "ronde-geen_bezwaar\">" not in page
    paneel = paginas[5]
    assert rij(paneel, kring[0]).count("Antwoord genoteerd") == 1
    assert "Nog geen antwoord" in rij(paneel, kring[3])
    assert "Laat alle antwoorden zien" in paneel
    assert f'action="{url(traject, "ronde_onthullen", ronde.uuid)}"' in paneel


def test_after_the_reveal_everyone_sees_every_answer(alice_client, traject, stille_ronde, kring):
    ronde = stille_ronde
    alice_client.post(reactie_url(traject, ronde, kring[0]), {"antwoord": "zorg", "aandachtspunt": "ZICHTBAAR", "versie": "0"})
    r = alice_client.post(url(traject, "ronde_onthullen", ronde.uuid), follow=True)
    assert "Alle antwoorden zijn nu te zien." in html(r)
    assert "ZICHTBAAR" in sectie(html(r), "ronde")
    ronde.refresh_from_db()
    assert ronde.onthuld_op is not None
    r = alice_client.post(url(traject, "ronde_onthullen", ronde.uuid), follow=True)
    assert "De antwoorden waren al te zien." in html(r)


def test_the_reveal_answers_htmx_with_the_whole_panel(alice_client, traject, stille_ronde, kring):
    r = alice_client.post(url(traject, "ronde_onthullen", stille_ronde.uuid), HTTP_HX_CURRENT_URL="http://x/console/", **HTMX)
    assert r["HX-Retarget"] == "#ronde" and r["HX-Reswap"] == "outerHTML"
    assert '<h3 id="ronde-kop">' in html(r) and "Alle antwoorden zijn nu te zien." in html(r)


def test_an_open_round_needs_no_reveal(alice_client, traject, ronde):
    r = alice_client.post(url(traject, "ronde_onthullen", ronde.uuid), follow=True)
    assert "In deze ronde ziet iedereen de antwoorden al." in html(r)
    ronde.refresh_from_db()
    assert ronde.onthuld_op is None


# Closing


def test_closing_names_who_has_not_answered_yet(alice_client, traject, ronde, kring, alice):
    for b in kring[:3]:
        ronde.reageer(b, "geen_bezwaar", door=alice)
    r = alice_client.post(url(traject, "ronde_sluiten", ronde.uuid), {f"reden_{kring[3].uuid}": "afwezig"}, follow=True)
    assert "De ronde is nog open. Nog geen antwoord van Fatima." in html(r)
    r = alice_client.post(url(traject, "ronde_sluiten", ronde.uuid), follow=True)
    assert "Nog geen antwoord van Noor en Fatima." in html(r)
    ronde.refresh_from_db()
    assert ronde.is_open


def test_closing_with_reasons_for_who_did_not_answer(alice_client, traject, ronde, kring, alice):
    for b in kring[:3]:
        ronde.reageer(b, "geen_bezwaar", door=alice)
    r = alice_client.post(
        url(traject, "ronde_sluiten", ronde.uuid),
        {f"reden_{kring[3].uuid}": "wil_niet", f"reden_{kring[4].uuid}": "vertrokken", f"reden_{kring[0].uuid}": "afwezig"},
        follow=True,
    )
    assert r.redirect_chain[0][0] == url(traject, "console") + "#ronde"
    ronde.refresh_from_db()
    assert ronde.uitkomst == "consent"
    assert antwoord_van(ronde, kring[3]).geen_antwoord_reden == "wil_niet"
    assert antwoord_van(ronde, kring[4]).geen_antwoord_reden == "vertrokken"
    assert antwoord_van(ronde, kring[0]).antwoord == "geen_bezwaar"
    paneel = sectie(html(r), "ronde")
    assert "Het voorstel staat in het plan." in paneel
    assert "Wilde niet antwoorden" in paneel and "Is eerder weggegaan" in paneel


@pytest.mark.parametrize("reden", ["", "ziek", "afwezig\x00"])
def test_an_unknown_reason_counts_as_no_reason(alice_client, traject, ronde, kring, alice, reden):
    for b in kring[:4]:
        ronde.reageer(b, "geen_bezwaar", door=alice)
    r = alice_client.post(url(traject, "ronde_sluiten", ronde.uuid), {f"reden_{kring[4].uuid}": reden}, follow=True)
    assert "Nog geen antwoord van Fatima." in html(r)
    ronde.refresh_from_db()
    assert ronde.is_open


def test_closing_a_round_nobody_answered_suggests_stopping_it(alice_client, traject, ronde, kring):
    r = alice_client.post(
        url(traject, "ronde_sluiten", ronde.uuid), {f"reden_{b.uuid}": "afwezig" for b in kring}, follow=True
    )
    assert "Niemand heeft geantwoord. Breek de ronde af als ze niet doorgaat." in html(r)
    ronde.refresh_from_db()
    assert ronde.is_open


def test_consent_shows_the_zorgen_as_attention_points(alice_client, traject, ronde, kring, alice):
    iedereen_antwoordt(ronde, alice)
    ronde.reageer(kring[4], "zorg", aandachtspunt="Ook in de vakantie?", door=alice)
    r = alice_client.post(url(traject, "ronde_sluiten", ronde.uuid), follow=True)
    paneel = sectie(html(r), "ronde")
    assert "Consent: niemand heeft bezwaar" in paneel and "Het voorstel staat in het plan." in paneel
    assert '<bdi class="ronde-naam">Fatima</bdi>: Ook in de vakantie?' in paneel


def test_a_split_circle_is_asked_to_talk_first_then_start_a_new_round(alice_client, traject, ronde, kring, alice):
    iedereen_antwoordt(ronde, alice)
    for b in kring[:2]:
        ronde.reageer(b, "bezwaar", reden="Nee", wat_erbij="Anders", door=alice)
    r = alice_client.post(url(traject, "ronde_sluiten", ronde.uuid), follow=True)
    assert "Geen consent: de kring is verdeeld." in html(r)
    paneel = sectie(html(r), "ronde")
    assert "De kring is verdeeld. Voer eerst het inhoudelijke gesprek, start daarna een nieuwe ronde." in paneel
    assert f'action="{url(traject, "ronde_openen", ronde.voorstel.uuid)}"' in paneel
    alice_client.post(url(traject, "ronde_openen", ronde.voorstel.uuid))
    assert ConsentRonde.objects.filter(voorstel=ronde.voorstel).count() == 2


def test_a_round_can_be_stopped_and_stays_in_the_record(alice_client, traject, ronde, kring, alice):
    ronde.reageer(kring[0], "geen_bezwaar", door=alice)
    r = alice_client.post(url(traject, "ronde_afbreken", ronde.uuid), follow=True)
    assert "De ronde is afgebroken. Ze blijft bewaard in het verslag." in html(r)
    assert "Deze ronde is afgebroken." in sectie(html(r), "ronde")
    ronde.refresh_from_db()
    assert ronde.uitkomst == "afgebroken" and antwoord_van(ronde, kring[0]).antwoord == "geen_bezwaar"


@pytest.mark.parametrize(
    "naam, data",
    [
        ("reactie", {"antwoord": "bezwaar", "reden": "Toch", "wat_erbij": "Iets", "versie": "1"}),
        ("reactie_wissen", {}),
        ("ronde_onthullen", {}),
        ("ronde_sluiten", {}),
        ("ronde_afbreken", {}),
    ],
)
def test_a_closed_round_refuses_every_change_and_says_so(alice_client, traject, ronde, kring, alice, naam, data):
    iedereen_antwoordt(ronde, alice)
    ronde.sluiten(alice)
    voor = staat(ronde)
    u = reactie_url(traject, ronde, kring[0], naam) if naam.startswith("reactie") else url(traject, naam, ronde.uuid)
    r = alice_client.post(u, data, follow=True)
    assert GESLOTEN in html(r)
    r = alice_client.post(u, data, **HTMX)
    assert r.status_code == 200 and GESLOTEN in html(r) and r["HX-Retarget"] == "#ronde"
    assert staat(ronde) == voor


# Access


def urls(traject, ronde, b):
    return [
        ("get", url(traject, "ronde", ronde.uuid)),
        ("post", reactie_url(traject, ronde, b)),
        ("post", reactie_url(traject, ronde, b, "reactie_wissen")),
        ("post", url(traject, "ronde_onthullen", ronde.uuid)),
        ("post", url(traject, "ronde_sluiten", ronde.uuid)),
        ("post", url(traject, "ronde_afbreken", ronde.uuid)),
        ("post", url(traject, "ronde_openen", ronde.voorstel.uuid)),
    ]


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, ronde, kring):
    voor = staat(ronde)
    for methode, u in urls(traject, ronde, kring[0]):
        if methode == "get":
            assert mallory_client.get(u).status_code == 404, u
        assert mallory_client.post(u, {"antwoord": "geen_bezwaar"}).status_code in (404, 405), u
    assert staat(ronde) == voor


def test_the_kadersteller_gets_403(bob_client, traject, ronde, kring):
    voor = staat(ronde)
    for methode, u in urls(traject, ronde, kring[0]):
        if methode == "get":
            assert bob_client.get(u).status_code == 403, u
        else:
            assert bob_client.post(u, {"antwoord": "geen_bezwaar"}).status_code == 403, u
    assert staat(ronde) == voor


def test_anonymous_users_are_sent_to_login(client, traject, ronde, kring):
    for _methode, u in urls(traject, ronde, kring[0]):
        assert_login_redirect(client.get(u))
        assert_login_redirect(client.post(u, {"antwoord": "geen_bezwaar"}))


def test_the_actions_only_accept_post(alice_client, traject, ronde, kring):
    for methode, u in urls(traject, ronde, kring[0]):
        if methode == "post":
            assert alice_client.get(u).status_code == 405, u


def test_a_round_of_another_meeting_or_traject_is_a_404(alice_client, traject, ronde, org, alice):
    from kwesties.models import Traject, TrajectRol

    ander = Traject.objects.create(organisatie=org, label="Familie K.", aangemaakt_door=alice)
    TrajectRol.objects.create(traject=ander, user=alice, rol="facilitator")
    assert alice_client.get(url(ander, "ronde", ronde.uuid)).status_code == 404
    assert alice_client.post(url(ander, "ronde_afbreken", ronde.uuid)).status_code == 404
    assert alice_client.get(url(traject, "ronde", uuid.uuid4())).status_code == 404
    ronde.refresh_from_db()
    assert ronde.is_open
