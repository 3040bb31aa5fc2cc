"""The vastgesteld plan on a personal link: my agreements first, the whole plan, the evaluation date, the PDF."""

import datetime
import io
import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from besluitvorming.models import Aanwezigheid, Plan, Voorstel
from links.models import LinkGebruik, LinkPoging, PersoonlijkeLink
from voorbereiding.models import Inbreng

from .test_links_pagina import assert_prive_headers, html, pagina_url, verloop

AFSPRAAK = "Noor maakt op dinsdag haar huiswerk bij Ria."


def pdf_url(token):
    return reverse("link:plan_pdf", args=[token])


def evaluatie_url(token):
    return reverse("link:evaluatie", args=[token])


def deel(body, anker):
    """The section with this id, up to the next section."""
    return body.split(f'id="{anker}"', 1)[1].split("</section>", 1)[0]


def vaststellen(plan, alice, bob, **vervolg):
    """Check the plan against every kader and make it final, as the fixture vastgesteld_plan does."""
    from kaders.models import Kader

    for veld, waarde in vervolg.items():
        setattr(plan, veld, waarde)
    plan.save(update_fields=list(vervolg))
    plan.kaders_toetsen(bob, [(k, True, "") for k in Kader.objects.geldig().filter(kaderset__traject=plan.traject)])
    plan.vaststellen(alice)
    return Plan.objects.get(pk=plan.pk)


def consent(voorstel, alice):
    ronde = voorstel.open_ronde(alice)
    for reactie in ronde.reacties.all():
        ronde.reageer(reactie.betrokkene, "geen_bezwaar", door=alice)
    ronde.sluiten(alice)


def versie_2(plan, alice, bob, kring, wanneer="Elke woensdag", evaluatie_op=None):
    """A revision: the homework moves to another day, a new agreement about sport, a later evaluation."""
    sanne, mark, ria, noor, fatima = kring
    nieuw = plan.bijeenkomst.herzien(alice)
    nieuw.starten(alice)
    for b in (sanne, mark, ria, fatima):
        Aanwezigheid.objects.create(bijeenkomst=nieuw, betrokkene=b, status="aanwezig")
    Aanwezigheid.objects.create(bijeenkomst=nieuw, betrokkene=noor, status="vertegenwoordigd", vertegenwoordiger=ria)
    huiswerk = nieuw.voorstellen.get()
    huiswerk.nieuwe_versie(
        alice, "Noor maakt op woensdag haar huiswerk bij Ria.", wie=[ria], wanneer=wanneer,
        hoe_weten="Fatima ziet het huiswerk terug.",
    )
    consent(huiswerk, alice)
    sport = Voorstel.indienen(
        nieuw, alice, "Hockey", "Mark brengt Noor op zaterdag naar hockey.", wie=[mark], wanneer="Elke zaterdag"
    )
    consent(sport, alice)
    return vaststellen(
        Plan.voor(nieuw), alice, bob,
        evaluatie_op=evaluatie_op or datetime.date.today() + datetime.timedelta(days=90),
    )


def zet_inhoud(plan, **wijziging):
    """Change the frozen snapshot directly, for content no form would let through."""
    inhoud = {**plan.inhoud, **wijziging}
    Plan.objects.filter(pk=plan.pk).update(inhoud=inhoud)
    plan.inhoud = inhoud
    return plan


@pytest.fixture
def ria_link(kring, alice):
    return PersoonlijkeLink.uitgeven(kring[2], alice)


@pytest.fixture
def sanne_link(kring, alice):
    return PersoonlijkeLink.uitgeven(kring[0], alice)


# What the page shows


def test_the_link_opens_on_the_plan_with_my_own_agreement_on_top(client, vastgesteld_plan, ria_link):
    r = client.get(pagina_url(ria_link[1]))
    body = html(r)
    assert r.status_code == 200
    assert "Hallo Ria" in body
    mijn = deel(body, "mijn")
    assert "Mijn afspraken" in mijn and AFSPRAAK in mijn and "Elke dinsdag" in mijn
    assert "Fatima ziet het huiswerk terug." in mijn
    assert body.index("Mijn afspraken") < body.index("Het hele plan")
    datum = vastgesteld_plan.vastgesteld_op.astimezone().date()
    assert f"Versie 1, vastgesteld op {datum.day} " in body
    # The page before the meeting is gone: no form, no consent explanation.
    assert "Wat betekent meedoen?" not in body and "<textarea" not in body


def test_someone_without_an_agreement_still_belongs_to_the_plan(client, vastgesteld_plan, sanne_link):
    body = html(client.get(pagina_url(sanne_link[1])))
    mijn = deel(body, "mijn")
    assert "Er staat geen afspraak op jouw naam. Je hoort wel bij het plan." in mijn
    assert AFSPRAAK not in mijn
    assert AFSPRAAK in deel(body, "plan")


def test_the_whole_plan_shows_who_when_how_we_know_and_the_aandachtspunten(client, vastgesteld_plan, sanne_link):
    plan = deel(html(client.get(pagina_url(sanne_link[1]))), "plan")
    assert "Huiswerk bij oma" in plan and AFSPRAAK in plan
    assert "<bdi>Ria</bdi>" in plan and "Elke dinsdag" in plan and "Fatima ziet het huiswerk terug." in plan
    assert "Let op:" in plan and "Ook in de vakantie?" in plan
    assert "Samen besloten: Sanne (jij), Mark, Ria, Noor (via Ria) en Fatima." in plan


def test_the_kaders_what_if_an_agreement_fails_and_who_steps_in(client, vastgesteld_plan, sanne_link):
    plan = deel(html(client.get(pagina_url(sanne_link[1]))), "plan")
    assert "Het plan past binnen de kaders" in plan
    assert "Noor en Daan slapen elke nacht op een vaste, veilige plek." in plan
    assert "Veiligheid: wat minimaal anders moet" in plan
    assert "Als een afspraak niet lukt" in plan and "Dan bellen we Bob, de gezinsvoogd." in plan
    assert "De rechter beslist over een uithuisplaatsing." in plan and "Bob de Vries, gezinsvoogd" in plan


def test_who_to_ask_the_facilitator_by_name_and_who_keeps_an_eye(client, vastgesteld_plan, sanne_link):
    contact = deel(html(client.get(pagina_url(sanne_link[1]))), "contact")
    assert "Alice Jansen" in contact
    assert "Wie houdt een oogje in het zeil?" in contact and "Ria" in contact


def test_the_evaluation_date_with_a_calendar_file_and_the_pdf(client, vastgesteld_plan, sanne_link):
    body = html(client.get(pagina_url(sanne_link[1])))
    samen = deel(body, "samen-kijken")
    assert str(vastgesteld_plan.evaluatie_op.year) in samen
    assert evaluatie_url(sanne_link[1]) in samen
    assert pdf_url(sanne_link[1]) in deel(body, "pdf")


def test_without_an_evaluation_date_it_says_the_date_follows(client, afspraak, alice, bob, sanne_link):
    vaststellen(afspraak.plan, alice, bob, wie_houdt_oog="Ria")
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "De datum om samen te kijken hoe het gaat, volgt nog." in body
    assert evaluatie_url(sanne_link[1]) not in body


def test_it_shows_the_frozen_plan_not_what_changed_afterwards(client, vastgesteld_plan, sanne_link, kring, traject):
    ria = kring[2]
    ria.voornaam = "Maria"
    ria.save()
    traject.kwestie.vraag = "Een nieuwe vraag na het plan?"
    traject.kwestie.save()
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "<bdi>Ria</bdi>" in body and "Maria" not in body
    assert "Een nieuwe vraag na het plan?" not in body


def test_a_plan_that_is_not_vastgesteld_yet_shows_the_page_before_the_meeting(client, afspraak, sanne_link):
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "Wat betekent meedoen?" in body and "Zelf iets insturen" in body
    assert "Mijn afspraken" not in body and "Het hele plan" not in body


def test_a_representative_sees_the_agreements_for_the_child_they_speak_for(
    client, afspraak, alice, bob, kring, ria_link
):
    sanne, mark, ria, noor, fatima = kring
    afspraak.maak_concreet([noor], "Elke dinsdag", "Fatima ziet het huiswerk terug.")
    vaststellen(afspraak.plan, alice, bob)
    mijn = deel(html(client.get(pagina_url(ria_link[1]))), "mijn")
    assert "Er staat geen afspraak op jouw naam." in mijn
    assert "Afspraken voor Noor" in mijn and "Jij spreekt namens Noor." in mijn and AFSPRAAK in mijn


def test_my_agreement_says_who_i_do_it_with(client, afspraak, alice, bob, kring, ria_link):
    afspraak.maak_concreet([kring[2], kring[1]], "Elke dinsdag", "")
    vaststellen(afspraak.plan, alice, bob)
    body = html(client.get(pagina_url(ria_link[1])))
    assert "Samen met:" in deel(body, "mijn") and "<bdi>Mark</bdi>" in deel(body, "mijn")
    assert "<bdi>Mark en Ria (jij)</bdi>" in deel(body, "plan")


# What never shows


def test_a_hidden_persons_name_never_shows_on_anothers_plan_page(client, afspraak, alice, bob, kring, sanne_link):
    mark = kring[1]
    mark.verborgen_voor_anderen = True
    mark.save()
    afspraak.maak_concreet([mark], "Elke dinsdag", "")
    vaststellen(afspraak.plan, alice, bob)
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "Mark" not in body
    assert "iemand uit de kring" in deel(body, "plan")


def test_a_hidden_person_sees_their_own_agreement_by_name(client, afspraak, alice, bob, kring):
    mark = kring[1]
    mark.verborgen_voor_anderen = True
    mark.save()
    afspraak.maak_concreet([mark], "Elke dinsdag", "")
    vaststellen(afspraak.plan, alice, bob)
    _, token = PersoonlijkeLink.uitgeven(mark, alice)
    body = html(client.get(pagina_url(token)))
    assert AFSPRAAK in deel(body, "mijn")
    assert "Mark (jij)" in deel(body, "plan")


def test_a_hidden_persons_zorg_comes_without_their_name(client, kring, afspraak, alice, bob, sanne_link):
    fatima = kring[4]
    fatima.verborgen_voor_anderen = True
    fatima.save()
    vaststellen(afspraak.plan, alice, bob)
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "Ook in de vakantie?" in body
    assert "(Fatima)" not in body


def test_private_notes_and_contact_details_never_show(client, gesprek, vastgesteld_plan, sanne_link, kring):
    kring[2].email, kring[2].telefoon = "ria@example.org", "0611111111"
    kring[2].save()
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "PRIVE:" not in body and "ruzie met Mark in mei" not in body
    assert "ria@example.org" not in body and "0611111111" not in body
    assert "Jacobs" not in body and "El Idrissi" not in body


def test_text_in_the_plan_is_shown_escaped(client, vastgesteld_plan, sanne_link):
    afspraak = {**vastgesteld_plan.inhoud["afspraken"][0], "wat": "<script>alert(1)</script>", "titel": "<b>vet</b>"}
    zet_inhoud(
        vastgesteld_plan, afspraken=[afspraak],
        vervolg={**vastgesteld_plan.inhoud["vervolg"], "wie_houdt_oog": "<img src=x onerror=alert(2)>"},
    )
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>vet</b>" not in body and "<img src=x" not in body


# Versions


def test_the_newest_version_shows_with_what_changed_in_plain_words(
    client, vastgesteld_plan, alice, bob, kring, ria_link
):
    v2 = versie_2(vastgesteld_plan, alice, bob, kring)
    assert v2.versie == 2
    body = html(client.get(pagina_url(ria_link[1])))
    assert "Versie 2, vastgesteld op" in body
    assert "Noor maakt op woensdag haar huiswerk bij Ria." in deel(body, "mijn")
    anders = deel(body, "anders")
    assert "Wat is er anders dan in versie 1?" in anders
    assert "Nieuw:" in anders and "Hockey" in anders
    assert "Veranderd:" in anders and "Huiswerk bij oma" in anders and "wat er gebeurt en wanneer het gebeurt" in anders
    assert "De datum om samen te kijken hoe het gaat, is nu" in anders
    assert AFSPRAAK not in body


def test_an_agreement_left_out_of_the_new_version_is_named(client, vastgesteld_plan, alice, bob, kring, sanne_link):
    nieuw = vastgesteld_plan.bijeenkomst.herzien(alice)
    nieuw.starten(alice)
    for b in kring:
        Aanwezigheid.objects.create(bijeenkomst=nieuw, betrokkene=b, status="aanwezig")
    nieuw.voorstellen.get().intrekken()
    consent(Voorstel.indienen(nieuw, alice, "Hockey", "Mark brengt Noor naar hockey.", wie=[kring[1]]), alice)
    vaststellen(Plan.voor(nieuw), alice, bob, evaluatie_op=vastgesteld_plan.evaluatie_op)
    anders = deel(html(client.get(pagina_url(sanne_link[1]))), "anders")
    assert "Niet meer in het plan:" in anders and "Huiswerk bij oma" in anders
    assert "De datum om samen te kijken" not in anders


def test_version_1_has_no_changes_section(client, vastgesteld_plan, sanne_link):
    body = html(client.get(pagina_url(sanne_link[1])))
    assert 'id="anders"' not in body and "Wat is er anders" not in body


def test_a_revision_meeting_being_planned_is_announced_on_the_plan(client, vastgesteld_plan, alice, sanne_link):
    nieuw = vastgesteld_plan.bijeenkomst.herzien(alice)
    nieuw.datum = datetime.date.today() + datetime.timedelta(days=20)
    nieuw.plaats = "Buurthuis De Linde"
    nieuw.save()
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "Er komt een nieuwe bijeenkomst" in body and "Buurthuis De Linde" in body
    assert reverse("link:agenda", args=[sanne_link[1]]) in body
    # Still version 1 until the revision is vastgesteld.
    assert "Versie 1, vastgesteld op" in body


def test_during_a_revision_with_phones_on_the_person_can_answer(client, vastgesteld_plan, alice, kring, sanne_link):
    nieuw = vastgesteld_plan.bijeenkomst.herzien(alice)
    nieuw.starten(alice)
    for b in kring:
        Aanwezigheid.objects.create(bijeenkomst=nieuw, betrokkene=b, status="aanwezig")
    nieuw.zet_telefoons(True)
    nieuw.voorstellen.get().open_ronde(alice)
    body = html(client.get(pagina_url(sanne_link[1])))
    assert "De bijeenkomst is bezig" in body
    assert reverse("link:antwoord", args=[sanne_link[1]]) in body


# Language


def test_the_language_switch_gives_the_plan_in_english(client, vastgesteld_plan, ria_link):
    body = html(client.get(pagina_url(ria_link[1])))
    assert 'name="language" value="en"' in body
    r = client.post("/taal/setlang/", {"language": "en", "next": pagina_url(ria_link[1])})
    assert r["Location"] == pagina_url(ria_link[1])
    body = html(client.get(pagina_url(ria_link[1])))
    assert '<html lang="en">' in body and "Hello Ria" in body


# Links that open nothing


def test_revoking_takes_effect_on_the_next_request(client, vastgesteld_plan, sanne_link, alice):
    assert client.get(pagina_url(sanne_link[1])).status_code == 200
    sanne_link[0].intrekken(alice)
    for url in (pagina_url(sanne_link[1]), pdf_url(sanne_link[1]), evaluatie_url(sanne_link[1])):
        r = client.get(url)
        assert r.status_code == 410
        body = r.content.decode(errors="replace")
        assert "Deze link werkt niet meer" in body
        assert AFSPRAAK not in body and "%PDF" not in body and "BEGIN:VCALENDAR" not in body
        assert_prive_headers(r)
    assert LinkGebruik.objects.filter(actie=LinkGebruik.Actie.GEWEIGERD, detail="ingetrokken").count() == 3


def test_an_expired_link_opens_nothing_of_the_plan(client, vastgesteld_plan, sanne_link):
    verloop(sanne_link[0])
    for url in (pagina_url(sanne_link[1]), pdf_url(sanne_link[1]), evaluatie_url(sanne_link[1])):
        r = client.get(url)
        assert r.status_code == 410 and AFSPRAAK not in r.content.decode(errors="replace")
    assert LinkGebruik.objects.filter(detail="verlopen").count() == 3


def test_an_unknown_token_opens_nothing_of_the_plan(client, vastgesteld_plan):
    for url in (pagina_url("x" * 24), pdf_url("x" * 24), evaluatie_url("x" * 24)):
        r = client.get(url)
        assert r.status_code == 404
        assert "Vraag je begeleider om een nieuwe link." in r.content.decode()
        assert_prive_headers(r)
    assert LinkPoging.objects.count() == 3
    assert not LinkGebruik.objects.exists()


def test_a_new_link_stops_the_old_one_for_the_pdf_too(client, vastgesteld_plan, sanne_link, alice, kring):
    PersoonlijkeLink.uitgeven(kring[0], alice)
    assert client.get(pdf_url(sanne_link[1])).status_code == 410


def test_the_pdf_and_calendar_file_accept_only_get(client, vastgesteld_plan, sanne_link):
    for url in (pdf_url(sanne_link[1]), evaluatie_url(sanne_link[1])):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405


def test_the_pdf_and_calendar_file_before_the_plan_send_back_to_the_page(client, afspraak, sanne_link):
    for url in (pdf_url(sanne_link[1]), evaluatie_url(sanne_link[1])):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"] == pagina_url(sanne_link[1])
    assert not LinkGebruik.objects.exists()


# Downloads


def test_the_pdf_is_the_plan_as_an_attachment(client, vastgesteld_plan, sanne_link):
    from pypdf import PdfReader

    r = client.get(pdf_url(sanne_link[1]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'attachment; filename="plan-familie-j-versie-1.pdf"'
    assert_prive_headers(r)
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "huiswerk bij Ria" in re.sub(r"\s+", " ", tekst)


def test_the_calendar_file_puts_the_evaluation_day_in_the_calendar(client, vastgesteld_plan, sanne_link, kring):
    r = client.get(evaluatie_url(sanne_link[1]))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/calendar")
    datum = vastgesteld_plan.evaluatie_op
    assert r["Content-Disposition"] == f'attachment; filename="evaluatie-{datum.isoformat()}-sanne.ics"'
    assert_prive_headers(r)
    ics = r.content.decode().replace("\r\n ", "")
    assert "BEGIN:VEVENT" in ics
    assert f"DTSTART;VALUE=DATE:{datum:%Y%m%d}" in ics
    assert f"DTEND;VALUE=DATE:{datum + datetime.timedelta(days=1):%Y%m%d}" in ics
    assert "SUMMARY:Samen kijken hoe het plan gaat" in ics
    assert "http://testserver" + pagina_url(sanne_link[1]) in ics
    uid = f"UID:evaluatie-{vastgesteld_plan.uuid}-{kring[0].uuid}@nieuweroute"
    assert uid in ics
    # The same entry again, so a second download updates it instead of adding one.
    assert uid in client.get(evaluatie_url(sanne_link[1])).content.decode().replace("\r\n ", "")
    # What the plan holds stays out of the calendar, which may be synced elsewhere.
    assert "huiswerk" not in ics.lower()


def test_without_an_evaluation_date_the_calendar_file_sends_back_to_the_page(client, afspraak, alice, bob, sanne_link):
    vaststellen(afspraak.plan, alice, bob)
    r = client.get(evaluatie_url(sanne_link[1]))
    assert r.status_code == 302 and r["Location"] == pagina_url(sanne_link[1])


# The access log


def test_every_view_and_download_is_in_the_links_access_log(client, vastgesteld_plan, sanne_link):
    link, token = sanne_link
    client.get(pagina_url(token))
    client.get(evaluatie_url(token))
    client.get(pdf_url(token))
    regels = list(LinkGebruik.objects.filter(link=link).order_by("op", "id").values_list("actie", "detail"))
    assert regels == [
        (LinkGebruik.Actie.BEKEKEN, "plan versie 1"),
        (LinkGebruik.Actie.AGENDA, "evaluatie"),
        (LinkGebruik.Actie.BEKEKEN, "plan pdf versie 1"),
    ]
    link.refresh_from_db()
    # Written at most once a minute: the first of these three uses.
    assert link.laatst_gebruikt_op == LinkGebruik.objects.filter(link=link).order_by("op", "id").first().op


def test_words_sent_from_a_page_loaded_before_the_plan_are_kept(client, vastgesteld_plan, sanne_link):
    data = {"soort": "idee", "tekst": "Nog een idee.", "met_naam": "ja", "client_token": str(uuid.uuid4())}
    r = client.post(pagina_url(sanne_link[1]), data, follow=True)
    assert Inbreng.objects.get().tekst == "Nog een idee."
    body = html(r)
    assert "Dank je wel! We hebben je bericht ontvangen. Je begeleider leest het." in body
    assert "Mijn afspraken" in body


# Cost


def _groot(plan, afspraken=40, mensen=15, kaders=10):
    """The snapshot of a big meeting: many agreements, people and kaders, long texts."""
    kring = [
        {"uuid": str(uuid.uuid4()), "naam": f"Persoon {i}", "voornaam": f"Persoon{i}", "relatie": "Vriend",
         "afgeschermd": False, "is_kind": False, "deelname": "aanwezig", "namens": ""}
        for i in range(mensen)
    ]
    return zet_inhoud(
        plan,
        kring=plan.inhoud["kring"] + kring,
        kaders=[{"soort": "anders", "tekst": f"Kader {i}. " + "Dit moet anders. " * 10, "toelichting": "",
                 "voldoet": True, "oordeel": ""} for i in range(kaders)],
        afspraken=[
            {"titel": f"Afspraak {i}", "wat": f"Afspraak {i}: " + "Iemand doet iets concreets voor Noor. " * 5,
             "wie": [kring[i % mensen]["uuid"], kring[(i + 1) % mensen]["uuid"]],
             "wie_namen": [kring[i % mensen]["voornaam"], kring[(i + 1) % mensen]["voornaam"]],
             "wanneer": "Elke week op dinsdag", "hoe_weten": "We schrijven het op in het schrift.",
             "voorstel_versie": 1, "aandachtspunten": [{"naam": "Fatima", "tekst": "Ook in de vakantie?"}]}
            for i in range(afspraken)
        ],
    )


def _bestanden(body, tag, attribuut):
    """The sizes of the static files a page links to."""
    sizes = []
    for url in re.findall(rf'<{tag}[^>]*{attribuut}="([^"]+)"', body):
        if url.startswith("/static/"):
            with open(finders.find(url.removeprefix("/static/")), "rb") as f:
                sizes.append(len(f.read()))
    return sizes


def test_the_page_with_its_css_stays_under_100_kb_for_a_big_plan(client, vastgesteld_plan, sanne_link):
    _groot(vastgesteld_plan)
    r = client.get(pagina_url(sanne_link[1]))
    body = html(r)
    assert "Afspraak 39" in body and "Kader 9" in body
    css = _bestanden(body, "link", "href")
    assert len(css) == 2
    assert len(r.content) + sum(css) < 100_000


def test_an_ordinary_plan_page_with_its_css_and_script_stays_under_100_kb(client, vastgesteld_plan, sanne_link):
    r = client.get(pagina_url(sanne_link[1]))
    body = html(r)
    totaal = len(r.content) + sum(_bestanden(body, "link", "href")) + sum(_bestanden(body, "script", "src"))
    assert totaal < 100_000


def test_the_plan_page_needs_a_fixed_number_of_queries(client, vastgesteld_plan, sanne_link):
    _groot(vastgesteld_plan, afspraken=3, mensen=3, kaders=2)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(pagina_url(sanne_link[1])).status_code == 200
    _groot(vastgesteld_plan, afspraken=40, mensen=15, kaders=10)
    # The same path as the first, which also wrote the link's last use (written at most once a minute).
    PersoonlijkeLink.objects.filter(pk=sanne_link[0].pk).update(laatst_gebruikt_op=None)
    with CaptureQueriesContext(connection) as veel:
        assert "Afspraak 39" in html(client.get(pagina_url(sanne_link[1])))
    assert len(veel) == len(weinig)
    assert len(veel) <= 12


def test_the_page_loads_the_snapshot_without_the_record_of_the_rounds(vastgesteld_plan, link):
    from links.plan_views import vastgestelde_plannen

    kort = vastgestelde_plannen(vastgesteld_plan.traject)[0]
    assert "rondes" not in kort.inhoud
    assert kort.inhoud["afspraken"] == vastgesteld_plan.inhoud["afspraken"]
    assert kort.inhoud == {k: v for k, v in vastgesteld_plan.inhoud.items() if k != "rondes"}
    vol = vastgestelde_plannen(vastgesteld_plan.traject, met_rondes=True)[0]
    assert vol.inhoud == vastgesteld_plan.inhoud and vol.is_ongeschonden


def test_the_family_pdf_still_prints_the_rounds(client, vastgesteld_plan, link):
    import io

    from pypdf import PdfReader

    r = client.get(f"/l/{link[1]}/plan.pdf")
    assert r.status_code == 200
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "Zo is er besloten: de consentrondes" in tekst
    assert "ronde 1" in tekst
