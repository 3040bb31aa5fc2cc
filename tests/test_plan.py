"""The Plan tab: the plan as it grows, its check against the kaders, the vervolgafspraken, once vastgesteld.

Shared helpers for the other test_plan_* and test_toets files live here too.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from besluitvorming.models import Aanwezigheid, Afspraak, Plan, Voorstel
from kaders.models import Kader
from kwesties.models import Betrokkene

from .conftest import assert_login_redirect, client_for


def plan_url(traject, naam="plan", *args):
    return reverse(f"besluitvorming:{naam}", args=[traject.uuid, *args])


def html(response):
    return response.content.decode()


def sectie(page, anker):
    """The HTML from the element with this id to the end of its section, so a check cannot pass on text elsewhere."""
    deel = page.split(f'id="{anker}"', 1)[1]
    return re.split(r"</section>|</aside>", deel, maxsplit=1)[0]


def geldige_kaders(traject):
    return list(Kader.objects.geldig().filter(kaderset__traject=traject))


def toets(plan, user, niet=(), toelichting="Daan heeft nog geen vaste slaapplek in het weekend."):
    """The kadersteller's check of the plan as it is now; kaders in `niet` do not meet it."""
    plan.refresh_from_db()
    return plan.kaders_toetsen(
        user, [(k, k not in niet, toelichting if k in niet else "") for k in geldige_kaders(plan.traject)]
    )


def toets_data(plan, oordelen=None, **extra):
    """POST data for the toets form: every kader 'voldoet' unless `oordelen` says otherwise ({kader: (waarde, tekst)})."""
    plan.refresh_from_db()
    data = {"plan_stand": str(plan.stand)}
    for k in geldige_kaders(plan.traject):
        waarde, tekst = (oordelen or {}).get(k, ("voldoet", ""))
        data[f"oordeel_{k.uuid}"] = waarde
        data[f"toelichting_{k.uuid}"] = tekst
    data.update(extra)
    return data


def consent_op(bijeenkomst, alice, titel, tekst, zorg_van=None, zorg="Let op de vakanties.", **details):
    """A proposal that gets consent in one round, with one zorg: it becomes an agreement in the plan."""
    v = Voorstel.indienen(bijeenkomst, alice, titel, tekst, **details)
    r = v.open_ronde(alice)
    for reactie in r.reacties.select_related("betrokkene"):
        if zorg_van is not None and reactie.betrokkene_id == zorg_van.id:
            r.reageer(reactie.betrokkene, "zorg", aandachtspunt=zorg, door=alice)
        else:
            r.reageer(reactie.betrokkene, "geen_bezwaar", door=alice)
    r.sluiten(alice)
    return Afspraak.objects.get(voorstel=v)


@pytest.fixture
def plan(afspraak):
    p = Plan.objects.get(pk=afspraak.plan_id)
    return Plan.voor(p.bijeenkomst)


@pytest.fixture
def twee_kaders(kaders_vastgesteld, bob):
    """The safety kader of the fixture and a legal one, added after vaststelling."""
    kaders_vastgesteld.kader_toevoegen(
        bob, "wettelijk", "Noor woont bij Sanne tot de rechter anders beslist.", reden="Uitspraak van 3 maart."
    )
    return geldige_kaders(kaders_vastgesteld.traject)


# --- what the page shows --------------------------------------------------------------------------------------


def test_the_plan_shows_each_agreement_with_who_when_and_its_aandachtspunten(alice_client, traject, plan, afspraak):
    r = alice_client.get(plan_url(traject))
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Het plan</h1>" in page
    kaart = page.split(f'id="afspraak-{afspraak.uuid}"', 1)[1].split("</article>", 1)[0]
    assert "Huiswerk bij oma" in kaart and "Noor maakt op dinsdag haar huiswerk bij Ria." in kaart
    assert "<bdi>Ria</bdi>" in kaart and "(Opa of oma)" in kaart
    assert "Elke dinsdag" in kaart and "Fatima ziet het huiswerk terug." in kaart
    assert "<bdi>Fatima</bdi>: Ook in de vakantie?" in kaart
    assert "Consent in ronde 1, op versie 1 van het voorstel." in kaart
    assert plan_url(traject, "afspraak", afspraak.uuid) in kaart and "Maak concreet" in kaart
    assert 'aria-current="page">Plan</a>' in page


def test_the_plan_names_people_by_first_name_never_by_label_alone(alice_client, traject, plan, afspraak, kring):
    afspraak.maak_concreet([kring[0], kring[1]], "Elke dinsdag", "Schrift")
    kaart = html(alice_client.get(plan_url(traject))).split(f'id="afspraak-{afspraak.uuid}"', 1)[1]
    assert "<bdi>Sanne</bdi> <span class=\"muted\">(Ouder)</span>, <bdi>Mark</bdi>" in kaart
    assert "Jacobs" not in kaart.split("</article>")[0]


def test_a_missing_who_or_when_is_pointed_out_not_forced(alice_client, traject, plan, afspraak):
    afspraak.maak_concreet([], "", "")
    kaart = html(alice_client.get(plan_url(traject))).split(f'id="afspraak-{afspraak.uuid}"', 1)[1].split("</article>")[0]
    assert kaart.count("Nog niet ingevuld") == 3


def test_the_kadersteller_reads_the_plan_but_cannot_make_it_concreet(bob_client, traject, plan, afspraak):
    page = html(bob_client.get(plan_url(traject)))
    assert "Huiswerk bij oma" in page
    assert "Maak concreet" not in page and plan_url(traject, "afspraak", afspraak.uuid) not in page
    assert plan_url(traject, "vervolg") not in page and plan_url(traject, "vaststellen") not in page


def test_an_empty_plan_says_where_agreements_come_from(alice_client, bob_client, traject, lopende_bijeenkomst):
    for client in (alice_client, bob_client):
        page = html(client.get(plan_url(traject)))
        assert "Er staat nog geen afspraak in het plan." in page
        assert 'id="kadertoets"' not in page and plan_url(traject, "toets") not in page


def test_before_the_meeting_the_plan_says_it_is_made_there(alice_client, traject, bijeenkomst):
    r = alice_client.get(plan_url(traject))
    assert r.status_code == 200
    assert "Het plan ontstaat in de bijeenkomst" in html(r)


def test_without_a_check_the_page_says_the_kadersteller_still_looks(alice_client, bob_client, traject, plan):
    alice_page = sectie(html(alice_client.get(plan_url(traject))), "kadertoets")
    assert "De kadersteller kijkt nog of het plan binnen de kaders past" in alice_page
    assert plan_url(traject, "toets") not in alice_page and "Plan vaststellen" not in alice_page
    bob_page = sectie(html(bob_client.get(plan_url(traject))), "kadertoets")
    assert f'href="{plan_url(traject, "toets")}"' in bob_page and "Toets het plan aan de kaders" in bob_page


def test_a_plan_changed_after_the_check_is_checked_again(alice_client, bob_client, traject, plan, afspraak, bob, kring):
    toets(plan, bob)
    afspraak.maak_concreet([kring[2], kring[4]], "Elke dinsdag en donderdag", "Fatima ziet het huiswerk terug.")
    page = sectie(html(alice_client.get(plan_url(traject))), "kadertoets")
    assert "Het plan is veranderd sinds de laatste toets. De kadersteller kijkt opnieuw." in page
    assert "Plan vaststellen" not in page
    assert "Toets het plan opnieuw" in html(bob_client.get(plan_url(traject)))


def test_a_kader_added_after_the_check_asks_for_a_new_check(alice_client, traject, plan, bob, kaders_vastgesteld):
    toets(plan, bob)
    kaders_vastgesteld.kader_toevoegen(bob, "financieel", "Er is geen geld voor een oppas.", reden="Besluit gemeente.")
    page = sectie(html(alice_client.get(plan_url(traject))), "kadertoets")
    assert "De kaders zijn veranderd sinds de laatste toets. De kadersteller kijkt opnieuw." in page


def test_voldoet_niet_sends_the_plan_back_to_the_circle_with_the_note(alice_client, traject, plan, afspraak, bob, twee_kaders):
    veiligheid, wettelijk = twee_kaders
    toets(plan, bob, niet=[veiligheid], toelichting="Er staat niet wie Noor ophaalt als Ria ziek is.")
    page = html(alice_client.get(plan_url(traject)))
    box = page.split('id="terug-naar-de-kring"', 1)[1].split("</section>", 1)[0]
    assert "Terug naar de kring" in box
    assert "Noor en Daan slapen elke nacht op een vaste, veilige plek." in box
    assert "Er staat niet wie Noor ophaalt als Ria ziek is." in box
    assert "Noor woont bij Sanne" not in box  # only the failing kader
    assert "Bob de Vries" in box
    versie_url = reverse("besluitvorming:voorstel_versie", args=[traject.uuid, afspraak.voorstel.uuid])
    assert f'href="{versie_url}"' in box and "Nieuwe versie van ‘Huiswerk bij oma’" in box
    assert f'href="{reverse("besluitvorming:voorstel_nieuw", args=[traject.uuid])}"' in box
    assert "nieuwe consentronde" in box
    assert "Plan vaststellen" not in page
    oordelen = sectie(page, "oordelen")
    assert "Voldoet niet" in oordelen and "Noor woont bij Sanne" in oordelen


def test_the_kadersteller_sees_the_box_without_the_facilitators_next_step(bob_client, traject, plan, bob):
    toets(plan, bob, niet=geldige_kaders(plan.traject))
    page = html(bob_client.get(plan_url(traject)))
    box = page.split('id="terug-naar-de-kring"', 1)[1].split("</section>", 1)[0]
    assert "Terug naar de kring" in box and "voorstellen/nieuw" not in box
    assert "Toets het plan opnieuw" in page


def test_a_plan_that_meets_every_kader_can_be_vastgesteld_by_the_facilitator(alice_client, bob_client, traject, plan, bob):
    toets(plan, bob)
    page = sectie(html(alice_client.get(plan_url(traject))), "kadertoets")
    assert "Het plan past binnen alle kaders" in page
    assert f'action="{plan_url(traject, "vaststellen")}"' in page and "Plan vaststellen" in page
    assert "Tip: er is nog geen datum" in page
    bob_page = html(bob_client.get(plan_url(traject)))
    assert "Het plan past binnen alle kaders" in bob_page and plan_url(traject, "vaststellen") not in bob_page


def test_the_vervolgafspraken_sit_beside_who_steps_in(alice_client, traject, plan):
    Plan.objects.filter(pk=plan.pk).update(wie_houdt_oog="Ria (oma)", als_niet_nagekomen="We bellen Bob.")
    page = html(alice_client.get(plan_url(traject)))
    vervolg = sectie(page, "vervolg")
    assert "Ria (oma)" in vervolg and "We bellen Bob." in vervolg
    assert f'href="{plan_url(traject, "vervolg")}"' in vervolg and "Vervolgafspraken aanpassen" in vervolg
    interventie = sectie(page, "interventie")
    assert "De rechter beslist over een uithuisplaatsing." in interventie
    assert "Bob de Vries, gezinsvoogd" in interventie


def test_empty_vervolgafspraken_offer_to_fill_them_in(alice_client, traject, plan):
    vervolg = sectie(html(alice_client.get(plan_url(traject))), "vervolg")
    assert "Nog niet ingevuld." in vervolg and "Vervolgafspraken invullen" in vervolg


# --- once vastgesteld ------------------------------------------------------------------------------------------


@pytest.fixture
def vastgesteld(plan, bob, alice):
    Plan.objects.filter(pk=plan.pk).update(wie_houdt_oog="Ria (oma)")
    plan.refresh_from_db()
    toets(plan, bob)
    plan.vaststellen(alice)
    return plan


def test_a_vastgesteld_plan_says_version_date_and_who(alice_client, bob_client, traject, vastgesteld):
    for client in (alice_client, bob_client):
        page = html(client.get(plan_url(traject)))
        kop = page.split('id="vastgesteld"', 1)[1].split("</div>", 1)[0]
        assert f"Vastgesteld: versie 1, op {timezone.localtime(vastgesteld.vastgesteld_op).day} " in kop
        assert "door Alice Jansen." in kop
        assert "Huiswerk bij oma" in page and "<bdi>Fatima</bdi>: Ook in de vakantie?" in page


def test_a_vastgesteld_plan_is_read_only(alice_client, traject, vastgesteld, afspraak):
    page = html(alice_client.get(plan_url(traject)))
    for pad in ("/plan/afspraken/", "/plan/vervolg/", "/plan/vaststellen/", "/plan/toets/"):
        assert pad not in page
    assert "Maak concreet" not in page and "<form" not in page.split("</header>", 1)[1]


def test_a_vastgesteld_plan_lists_who_took_part(alice_client, traject, vastgesteld):
    deelnemers = sectie(html(alice_client.get(plan_url(traject))), "deelnemers")
    for naam, relatie in (("Sanne", "Ouder"), ("Mark", "Ouder"), ("Ria", "Opa of oma"), ("Noor", "Kind"), ("Fatima", "Leerkracht")):
        assert f"<bdi>{naam}</bdi> <span class=\"muted\">({relatie})</span>" in deelnemers
    assert "Begeleid door Alice Jansen." in deelnemers


def test_the_vastgesteld_plan_stays_on_the_tab_while_a_next_meeting_is_planned(alice_client, traject, vastgesteld):
    alice_client.get(reverse("besluitvorming:bijeenkomst", args=[traject.uuid]))  # makes the next meeting
    page = html(alice_client.get(plan_url(traject)))
    assert "Vastgesteld: versie 1" in page and "Huiswerk bij oma" in page


# --- safety ---------------------------------------------------------------------------------------------------


def test_user_text_is_escaped(alice_client, traject, lopende_bijeenkomst, alice, kring, bob):
    a = consent_op(
        lopende_bijeenkomst, alice, "<b>Titel</b>", "<script>alert(1)</script>", zorg_van=kring[0],
        zorg="<img src=x onerror=alert(2)>", wanneer="<i>nu</i>",
    )
    Plan.objects.filter(pk=a.plan_id).update(wie_houdt_oog="<u>Ria</u>", als_niet_nagekomen="<em>bel</em>")
    toets(Plan.objects.get(pk=a.plan_id), bob, niet=geldige_kaders(traject), toelichting="<svg onload=alert(3)>")
    page = html(alice_client.get(plan_url(traject)))
    for rauw in ("<script>alert", "<img src=x", "<b>Titel", "<i>nu", "<u>Ria", "<em>bel", "<svg"):
        assert rauw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;svg onload=alert(3)&gt;" in page


def test_the_plan_never_shows_private_conversation_notes(alice_client, bob_client, traject, plan, gesprek):
    for client in (alice_client, bob_client):
        page = html(client.get(plan_url(traject)))
        assert "PRIVE:" not in page and "ruzie" not in page


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, plan):
    assert mallory_client.get(plan_url(traject)).status_code == 404
    assert mallory_client.post(plan_url(traject)).status_code == 404


def test_a_member_without_a_role_gets_404(erin_client, traject, plan):
    assert erin_client.get(plan_url(traject)).status_code == 404


def test_anonymous_users_are_sent_to_login(client, traject, plan):
    assert_login_redirect(client.get(plan_url(traject)))


# --- queries --------------------------------------------------------------------------------------------------


def groot_maken(traject, bijeenkomst, alice, bob, kaderset, kring):
    """12 agreements, 15 people present, 10 kaders: a big meeting."""
    nieuw = [
        Betrokkene.objects.create(traject=traject, voornaam=f"Persoon{i}", relatie="familie") for i in range(10)
    ]
    for b in nieuw:
        Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=b, status="aanwezig")
    for i in range(9):
        kaderset.kader_toevoegen(bob, "anders", f"Extra kader {i}", reden="Erbij gekomen.")
    mensen = kring + nieuw
    for i in range(11):
        a = consent_op(bijeenkomst, alice, f"Afspraak {i}", f"Tekst {i}", zorg_van=mensen[i], zorg=f"Zorg {i}")
        a.maak_concreet(mensen[i : i + 3], f"Week {i}", f"Schrift {i}")
    return mensen


def tellen(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_uses_a_fixed_number_of_queries(
    traject, plan, afspraak, alice, bob, kring, kaders_vastgesteld, lopende_bijeenkomst, django_assert_max_num_queries
):
    toets(plan, bob, niet=geldige_kaders(traject)[:1])
    clients = {"alice": client_for(alice), "bob": client_for(bob)}
    klein = {naam: tellen(c, plan_url(traject)) for naam, c in clients.items()}

    groot_maken(traject, lopende_bijeenkomst, alice, bob, kaders_vastgesteld, kring)
    toets(plan, bob, niet=geldige_kaders(traject)[:3])
    assert Afspraak.objects.filter(plan=plan).count() == 12 and len(geldige_kaders(traject)) == 10
    with django_assert_max_num_queries(16):
        page = html(clients["alice"].get(plan_url(traject)))
    assert "Afspraak 10" in page and "Zorg 10" in page and "Extra kader 8" in page
    assert {naam: tellen(c, plan_url(traject)) for naam, c in clients.items()} == klein


def test_a_vastgesteld_plan_page_uses_a_fixed_number_of_queries(
    traject, plan, alice, bob, kring, kaders_vastgesteld, lopende_bijeenkomst, django_assert_max_num_queries
):
    groot_maken(traject, lopende_bijeenkomst, alice, bob, kaders_vastgesteld, kring)
    toets(plan, bob)
    plan.refresh_from_db()
    plan.vaststellen(alice)
    client = client_for(alice)
    client.get(plan_url(traject))  # the first visit after vaststelling makes the next (planned) meeting
    with django_assert_max_num_queries(17):  # 17: with the access log's one INSERT
        page = html(client.get(plan_url(traject)))
    assert "Vastgesteld: versie 1" in page and "Persoon9" in sectie(page, "deelnemers")
    assert tellen(client, plan_url(traject)) == tellen(client, plan_url(traject))


# --- markup ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("naam", ["plan", "vervolg", "afspraak", "toets"])
def test_pages_have_one_h1_headings_in_order_unique_ids_and_no_inline_script_or_style(
    alice_client, bob_client, traject, plan, afspraak, bob, twee_kaders, naam
):
    toets(plan, bob, niet=twee_kaders[:1])
    client = bob_client if naam == "toets" else alice_client
    args = [afspraak.uuid] if naam == "afspraak" else []
    page = html(client.get(plan_url(traject, naam, *args)))
    niveaus = [int(n) for n in re.findall(r"<h([1-6])", page)]
    assert niveaus[0] == 1 and niveaus.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(niveaus, niveaus[1:]))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert "style=" not in page and "onclick" not in page and "<script>" not in page
