"""The readiness overview ("Klaar voor de bijeenkomst?") and starting the meeting.

Shared helpers for the other test_bijeenkomst_* files live here too.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from besluitvorming.models import Bijeenkomst, huidige_bijeenkomst
from kwesties.models import Betrokkene
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

from .conftest import assert_login_redirect


def bijeenkomst_url(traject, naam="bijeenkomst"):
    return reverse(f"besluitvorming:{naam}", args=[traject.uuid])


def ics_url(traject, betrokkene):
    return reverse("besluitvorming:agenda_ics", args=[traject.uuid, betrokkene.uuid])


def html(response):
    return response.content.decode()


def sectie(page, anker):
    """The HTML of one section of the overview, so an assertion cannot pass on text from elsewhere."""
    return page.split(f'id="{anker}"', 1)[1].split("</section>", 1)[0]


def maak_gesprek(traject, deelnemers, aangedragen=(), **velden):
    gesprek = Gesprek.objects.create(traject=traject, **velden)
    gesprek.deelnemers.set(deelnemers)
    gesprek.aangedragen.set(aangedragen)
    return gesprek


# Reading


def test_the_facilitator_sees_what_is_ready_and_what_is_missing(alice_client, traject, kring, gesprek):
    r = alice_client.get(bijeenkomst_url(traject))
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Klaar voor de bijeenkomst?</h1>" in page
    gesprekken = sectie(page, "gesprekken")
    assert "<strong>1 van 5</strong> mensen in de kring" in gesprekken
    gesproken = gesprekken.split('id="gesproken"')[1].split("</ul>")[0]
    nog_niet = gesprekken.split('id="nog-niet-gesproken"')[1].split("</ul>")[0]
    assert "Sanne" in gesproken and "Mark" not in gesproken
    for naam in ("Mark", "Ria", "Noor", "Fatima"):
        assert naam in nog_niet
    assert "(Opa of oma)" in nog_niet and "(Leerkracht)" in nog_niet


def test_people_are_shown_by_name_never_by_label(alice_client, traject, kring, gesprek):
    page = html(alice_client.get(bijeenkomst_url(traject)))
    assert "Moeder" not in page and "Vader" not in page
    assert "Sanne" in page and "(Ouder)" in page


def test_the_kadersteller_may_read_the_overview_without_the_facilitators_buttons(
    bob_client, traject, kring, kaders_vastgesteld, bijeenkomst
):
    r = bob_client.get(bijeenkomst_url(traject))
    page = html(r)
    assert r.status_code == 200
    assert "Klaar voor de bijeenkomst?" in page
    assert bijeenkomst_url(traject, "starten") not in page
    assert bijeenkomst_url(traject, "plannen") not in page
    assert "/voorbereiding/" not in page
    assert "De facilitator start de bijeenkomst." in page
    assert ics_url(traject, kring[0]) in page


def test_private_and_shared_notes_of_a_gesprek_never_appear(alice_client, bob_client, traject, gesprek):
    for c in (alice_client, bob_client):
        page = html(c.get(bijeenkomst_url(traject)))
        assert "PRIVE" not in page and "ruzie met Mark" not in page
        assert "dezelfde school blijft" not in page


def test_without_fixed_kaders_it_says_the_meeting_cannot_begin_and_offers_no_start(alice_client, traject, kring):
    page = html(alice_client.get(bijeenkomst_url(traject)))
    kaders = sectie(page, "kaders")
    assert "Nog niet vastgesteld" in kaders
    assert "De bijeenkomst kan pas beginnen als de kaders zijn vastgesteld." in kaders
    assert reverse("kaders:overzicht", args=[traject.uuid]) in kaders
    starten = sectie(page, "starten")
    assert "De bijeenkomst kan pas beginnen als de kaders zijn vastgesteld." in starten
    assert bijeenkomst_url(traject, "starten") not in page
    assert "Bijeenkomst starten</button>" not in page


def test_with_fixed_kaders_it_shows_the_version_and_offers_the_start(alice_client, traject, kring, kaders_vastgesteld):
    page = html(alice_client.get(bijeenkomst_url(traject)))
    kaders = sectie(page, "kaders")
    assert "Vastgesteld, versie 1" in kaders and "door Bob de Vries" in kaders
    assert timezone.localdate().strftime("%Y") in kaders
    assert "Bob de Vries, gezinsvoogd" in kaders
    assert "kan pas beginnen" not in page
    starten = sectie(page, "starten")
    assert f'action="{bijeenkomst_url(traject, "starten")}"' in starten
    assert "Bijeenkomst starten</button>" in starten
    # What is missing is shown, but does not block.
    assert "5 mensen hadden nog geen gesprek." in starten
    assert "De datum en plaats zijn nog niet ingevuld." in starten


def test_a_started_meeting_says_when_it_began(alice_client, traject, kring, kaders_vastgesteld, bijeenkomst, alice):
    bijeenkomst.starten(alice)
    page = html(alice_client.get(bijeenkomst_url(traject)))
    assert "De bijeenkomst is begonnen op" in page
    assert timezone.localtime(bijeenkomst.begonnen_op).strftime("%H:%M") in page
    assert "Bijeenkomst starten</button>" not in page


def test_open_information_requests_are_listed_with_late_ones_marked(alice_client, traject, kring):
    vandaag = timezone.localdate()
    InformatieVerzoek.objects.create(
        traject=traject, wat="Het schoolrapport van Noor", van_wie="Fatima", uiterlijk=vandaag - datetime.timedelta(days=2)
    )
    InformatieVerzoek.objects.create(
        traject=traject, wat="Verslag van de huisarts", van_wie="Huisarts", uiterlijk=vandaag + datetime.timedelta(days=5)
    )
    InformatieVerzoek.objects.create(traject=traject, wat="Rooster van de opvang", van_wie="Mark")
    klaar = InformatieVerzoek.objects.create(traject=traject, wat="Al beantwoord", van_wie="Ria")
    klaar.beantwoorden("Hier is het.")
    informatie = sectie(html(alice_client.get(bijeenkomst_url(traject))), "informatie")
    assert informatie.count("<tr") == 4  # a header and three open requests
    assert "Al beantwoord" not in informatie
    te_laat = informatie.split('class="bk-te-laat"')
    assert len(te_laat) == 2 and "Het schoolrapport van Noor" in te_laat[1].split("</tr>")[0]
    assert informatie.count("Te laat") == 1
    assert "Geen datum" in informatie
    # Ordered by date, without a date last.
    assert informatie.index("schoolrapport") < informatie.index("huisarts") < informatie.index("Rooster")


def test_without_open_requests_it_says_so(alice_client, traject):
    page = html(alice_client.get(bijeenkomst_url(traject)))
    assert "Er staan geen vragen om informatie open." in page


def test_needs_for_the_meeting_are_shown_per_person(alice_client, traject, kring):
    sanne, mark = kring[0], kring[1]
    sanne.tolk_nodig, sanne.taal, sanne.naast_wie = True, "Pools", "Haar zus Ewa"
    sanne.save()
    sanne.niet_samen_met.add(mark)
    behoeften = sectie(html(alice_client.get(bijeenkomst_url(traject))), "behoeften")
    assert "Tolk: Pools" in behoeften and "Naast zich: Haar zus Ewa" in behoeften
    assert "Niet in dezelfde ruimte als: Mark" in behoeften
    # Noor is represented by Ria: that is a need too.
    assert "Noor" in behoeften and "Iemand anders spreekt namens hem of haar" in behoeften
    assert "Fatima" not in behoeften


def test_people_added_since_the_first_gesprek_show_who_brought_them_in(alice_client, traject, kring):
    sanne, mark = kring[0], kring[1]
    begin = timezone.now()
    Gesprek.objects.filter(pk=maak_gesprek(traject, [sanne]).pk).update(aangemaakt_op=begin)
    kees = Betrokkene.objects.create(
        traject=traject, voornaam="Kees", relatie="buur", aangemaakt_op=begin + datetime.timedelta(hours=1)
    )
    maak_gesprek(traject, [sanne, mark], aangedragen=[kees], aangemaakt_op=begin + datetime.timedelta(hours=2))
    Betrokkene.objects.create(
        traject=traject, voornaam="Lotte", relatie="vriend", aangemaakt_op=begin + datetime.timedelta(hours=3)
    )
    nieuw = sectie(html(alice_client.get(bijeenkomst_url(traject))), "gesprekken").split('id="nieuw-in-kring"')[1]
    nieuw = nieuw.split("</ul>")[0]
    assert "Kees" in nieuw and "aangedragen in het gesprek met Sanne en Mark" in nieuw
    assert "Lotte" in nieuw
    assert "Fatima" not in nieuw and "Ria" not in nieuw


def test_before_any_gesprek_nobody_counts_as_new(alice_client, traject, kring):
    page = html(alice_client.get(bijeenkomst_url(traject)))
    assert "De gesprekken zijn nog niet begonnen." in page
    assert 'id="nieuw-in-kring"' not in page


def test_a_removed_gesprek_does_not_count(alice_client, traject, kring, gesprek):
    gesprek.verwijder()
    page = html(alice_client.get(bijeenkomst_url(traject)))
    assert "<strong>0 van 5</strong>" in page


def test_the_inbreng_is_counted(alice_client, traject, kring):
    for tekst in ("Oma haalt Noor op", "Mark kookt op woensdag"):
        Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst=tekst)
    Inbreng.objects.create(traject=traject, betrokkene=kring[1], tekst="Ik mis Noor", soort="woorden")
    Inbreng.objects.create(
        traject=traject, betrokkene=kring[1], tekst="Weg", verwijderd_op=timezone.now()
    )
    inbreng = sectie(html(alice_client.get(bijeenkomst_url(traject))), "inbreng")
    assert "2 ideeën of voorstellen" in inbreng and "1 bericht in eigen woorden" in inbreng
    assert "Oma haalt Noor op" not in inbreng
    assert reverse("voorbereiding:inbreng", args=[traject.uuid]) in inbreng


def test_a_planned_meeting_shows_when_where_the_agenda_and_the_ground_rules(alice_client, traject, kring, bijeenkomst):
    planning = sectie(html(alice_client.get(bijeenkomst_url(traject))), "planning")
    assert "10:00 – 13:00" in planning
    assert "Buurthuis De Linde, Lindelaan 4, Deventer" in planning
    for deel in ("Informatief deel", "Besluitvormend deel", "Presentatie"):
        assert f"<h4>{deel}</h4>" in planning
    assert "Welkom en voorstelronde" in planning and "Consentronde per voorstel" in planning
    assert "We laten elkaar uitpraten." in planning
    assert "Nog niet gepland" not in planning
    assert "Planning en agenda aanpassen" in planning
    for b in kring:
        assert ics_url(traject, b) in planning


def test_an_unplanned_meeting_says_so_and_offers_no_calendar_files(alice_client, traject, kring):
    planning = sectie(html(alice_client.get(bijeenkomst_url(traject))), "planning")
    assert "Nog niet gepland" in planning
    assert f'href="{bijeenkomst_url(traject, "plannen")}"' in planning and "Bijeenkomst plannen" in planning
    assert "agenda/" not in planning


def test_a_removed_person_gets_no_calendar_file(alice_client, traject, kring, bijeenkomst):
    kring[1].verwijder()
    page = html(alice_client.get(bijeenkomst_url(traject)))
    assert ics_url(traject, kring[1]) not in page and ics_url(traject, kring[0]) in page


def test_only_a_web_link_becomes_clickable(alice_client, traject, bijeenkomst):
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(videolink="javascript:alert(1)")
    page = html(alice_client.get(bijeenkomst_url(traject)))
    assert 'href="javascript' not in page
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(videolink="https://meet.jit.si/familie-j")
    page = html(alice_client.get(bijeenkomst_url(traject)))
    assert '<a href="https://meet.jit.si/familie-j"' in page


def test_user_text_is_shown_escaped(alice_client, traject, bijeenkomst):
    Betrokkene.objects.create(traject=traject, voornaam="<b>Kees</b>", relatie="buur", toegankelijkheid="<script>x</script>")
    InformatieVerzoek.objects.create(traject=traject, wat="<i>rapport</i>", van_wie="<u>school</u>")
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(plaats="<em>Buurthuis</em>", afspraken="<s>regel</s>")
    page = html(alice_client.get(bijeenkomst_url(traject)))
    for tag in ("<b>Kees", "<script>x", "<i>rapport", "<u>school", "<em>Buurthuis", "<s>regel"):
        assert tag not in page
    assert "&lt;b&gt;Kees&lt;/b&gt;" in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_the_page_has_no_duplicate_ids(alice_client, traject, kring, gesprek, bijeenkomst, kaders_vastgesteld):
    page = html(alice_client.get(bijeenkomst_url(traject)))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_the_first_visit_creates_one_meeting_to_prepare(bob_client, alice_client, traject):
    bob_client.get(bijeenkomst_url(traject))
    alice_client.get(bijeenkomst_url(traject))
    assert Bijeenkomst.objects.filter(traject=traject).count() == 1


def realistic(traject, aantal, start=0):
    """`aantal` people with needs, a gesprek for most of them, requests and inbreng."""
    mensen = []
    for i in range(start, start + aantal):
        b = Betrokkene.objects.create(
            traject=traject, voornaam=f"Persoon{i}", relatie="familie", tolk_nodig=i % 3 == 0, taal="Arabisch",
            toegankelijkheid="Geen trap" if i % 4 == 0 else "",
        )
        if mensen:
            b.niet_samen_met.add(mensen[-1])
        mensen.append(b)
    for i, b in enumerate(mensen[: aantal * 2 // 3]):
        maak_gesprek(traject, [b, mensen[-1]], aangedragen=[mensen[(i + 1) % aantal]], notities_prive="PRIVE")
    for i in range(aantal // 2 + 1):
        InformatieVerzoek.objects.create(
            traject=traject, wat=f"Verzoek {start + i}", van_wie="School",
            uiterlijk=timezone.localdate() + datetime.timedelta(days=i - 3),
        )
        Inbreng.objects.create(traject=traject, betrokkene=mensen[i], tekst=f"Idee {i}", soort="idee" if i % 2 else "woorden")
    return mensen


def test_the_page_uses_a_fixed_number_of_queries(
    alice_client, traject, kaders_vastgesteld, bijeenkomst, django_assert_max_num_queries
):
    realistic(traject, 15)
    assert Gesprek.objects.filter(traject=traject).count() == 10
    assert InformatieVerzoek.objects.filter(traject=traject).count() == 8
    with django_assert_max_num_queries(15) as eerste:  # 15: with the access log's one INSERT
        page = html(alice_client.get(bijeenkomst_url(traject)))
    assert "<strong>11 van 15</strong>" in page
    assert sectie(page, "informatie").count("<tr") == 9
    realistic(traject, 30, start=100)
    with django_assert_max_num_queries(len(eerste.captured_queries)):
        page = html(alice_client.get(bijeenkomst_url(traject)))
    assert "<strong>32 van 45</strong>" in page
    assert sectie(page, "informatie").count("<tr") == 25
    assert page.count("/agenda/") == 45


# Starting


def test_starting_is_refused_while_the_kaders_are_not_fixed(alice_client, traject, bijeenkomst):
    r = alice_client.post(bijeenkomst_url(traject, "starten"), follow=True)
    assert r.redirect_chain[-1][0] == bijeenkomst_url(traject)
    assert "De bijeenkomst kan nog niet beginnen: de kaders zijn nog niet vastgesteld." in html(r)
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.status == Bijeenkomst.Status.GEPLAND and bijeenkomst.begonnen_op is None


def test_the_facilitator_starts_the_meeting_once_the_kaders_are_fixed(
    alice_client, traject, alice, bijeenkomst, kaders_vastgesteld
):
    r = alice_client.post(bijeenkomst_url(traject, "starten"), follow=True)
    assert r.redirect_chain[-1][0] == bijeenkomst_url(traject, "console")
    assert "De bijeenkomst is begonnen." in html(r)
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.status == Bijeenkomst.Status.BEGONNEN
    assert bijeenkomst.begonnen_door == alice and bijeenkomst.begonnen_op is not None


def test_the_meeting_may_start_without_a_date_the_method_does_not_block_that(
    alice_client, traject, kaders_vastgesteld
):
    alice_client.post(bijeenkomst_url(traject, "starten"))
    assert huidige_bijeenkomst(traject).status == Bijeenkomst.Status.BEGONNEN


def test_starting_twice_keeps_the_first_start(alice_client, traject, bijeenkomst, kaders_vastgesteld):
    alice_client.post(bijeenkomst_url(traject, "starten"))
    bijeenkomst.refresh_from_db()
    begonnen_op = bijeenkomst.begonnen_op
    r = alice_client.post(bijeenkomst_url(traject, "starten"), follow=True)
    assert "De bijeenkomst was al begonnen." in html(r)
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.begonnen_op == begonnen_op
    assert Bijeenkomst.objects.filter(traject=traject).count() == 1


def test_starting_only_accepts_post(alice_client, traject, kaders_vastgesteld):
    assert alice_client.get(bijeenkomst_url(traject, "starten")).status_code == 405
    assert huidige_bijeenkomst(traject).status == Bijeenkomst.Status.GEPLAND


def test_the_kadersteller_may_not_start_the_meeting(bob_client, traject, bijeenkomst, kaders_vastgesteld):
    assert bob_client.post(bijeenkomst_url(traject, "starten")).status_code == 403
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.status == Bijeenkomst.Status.GEPLAND


# Access


@pytest.mark.parametrize("naam", ["bijeenkomst", "plannen", "starten"])
def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, bijeenkomst, naam):
    assert mallory_client.get(bijeenkomst_url(traject, naam)).status_code in (404, 405)
    assert mallory_client.post(bijeenkomst_url(traject, naam), {"plaats": "x"}).status_code == 404
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.plaats.startswith("Buurthuis") and bijeenkomst.status == Bijeenkomst.Status.GEPLAND


@pytest.mark.parametrize("naam", ["bijeenkomst", "plannen", "starten"])
def test_a_colleague_without_a_role_gets_404(erin_client, traject, naam):
    assert erin_client.get(bijeenkomst_url(traject, naam)).status_code in (404, 405)
    assert erin_client.post(bijeenkomst_url(traject, naam)).status_code == 404


@pytest.mark.parametrize("naam", ["bijeenkomst", "plannen", "starten"])
def test_anonymous_users_are_sent_to_login(client, traject, naam):
    assert_login_redirect(client.get(bijeenkomst_url(traject, naam)))
    assert_login_redirect(client.post(bijeenkomst_url(traject, naam)))


def test_a_garbage_traject_id_is_a_404(alice_client):
    assert alice_client.get("/trajecten/niet-een-uuid/bijeenkomst/").status_code == 404
    assert alice_client.get("/trajecten/00000000-0000-0000-0000-000000000000/bijeenkomst/").status_code == 404
