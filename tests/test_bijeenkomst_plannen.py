"""Planning the meeting: when, where, the agenda in three parts and the ground rules."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from besluitvorming.models import Bijeenkomst, huidige_bijeenkomst

from .test_bijeenkomst import bijeenkomst_url, html


def plannen_url(traject):
    return bijeenkomst_url(traject, "plannen")


def over(dagen):
    return (timezone.localdate() + datetime.timedelta(days=dagen)).isoformat()


def plan(bijeenkomst, **velden):
    """POST data as the form sends it: the current texts, a date in three weeks, a place."""
    data = {
        "datum": over(21),
        "begintijd": "19:00",
        "eindtijd": "21:30",
        "plaats": "Wijkcentrum Het Anker",
        "videolink": "",
        "agenda_informatief": bijeenkomst.agenda_informatief,
        "agenda_besluitvormend": bijeenkomst.agenda_besluitvormend,
        "agenda_presentatie": bijeenkomst.agenda_presentatie,
        "afspraken": bijeenkomst.afspraken,
        "gezien_versie": bijeenkomst.versie,
    }
    data.update(velden)
    return data


@pytest.fixture
def nieuw(traject):
    """The meeting as it is before anyone planned it."""
    return huidige_bijeenkomst(traject)


def test_the_form_is_filled_with_the_default_agenda_and_ground_rules(alice_client, traject, nieuw):
    r = alice_client.get(plannen_url(traject))
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Bijeenkomst plannen</h1>" in page
    assert "Welkom en voorstelronde" in page and "Telefoons staan op stil." in page
    assert page.count("Eén punt per regel.") == 4
    assert 'type="date"' in page and page.count('type="time"') == 2
    assert f'name="gezien_versie" value="{nieuw.versie}"' in page
    for veld in ("datum", "begintijd", "eindtijd", "plaats", "videolink"):
        assert f'<label for="id_{veld}">' in page


def test_the_form_shows_a_planned_meeting_as_it_is(alice_client, traject, bijeenkomst):
    page = html(alice_client.get(plannen_url(traject)))
    assert f'value="{bijeenkomst.datum.isoformat()}"' in page
    assert 'value="10:00"' in page and 'value="13:00"' in page
    assert 'value="Buurthuis De Linde, Lindelaan 4, Deventer"' in page


def test_the_facilitator_plans_the_meeting(alice_client, traject, nieuw):
    data = plan(
        nieuw, agenda_presentatie="Het plan op de flap\nWanneer kijken we samen?", afspraken="Uitpraten\n\nKoffie om 20:00\n"
    )
    r = alice_client.post(plannen_url(traject), data, follow=True)
    assert r.redirect_chain[-1][0] == bijeenkomst_url(traject)
    assert "De planning is opgeslagen." in html(r)
    assert "verleden" not in html(r)
    b = Bijeenkomst.objects.get(pk=nieuw.pk)
    assert b.datum == timezone.localdate() + datetime.timedelta(days=21)
    assert (b.begintijd, b.eindtijd) == (datetime.time(19, 0), datetime.time(21, 30))
    assert b.plaats == "Wijkcentrum Het Anker" and b.is_gepland
    assert b.versie == nieuw.versie + 1
    assert b.afspraken_lijst() == ["Uitpraten", "Koffie om 20:00"]
    assert "Het plan op de flap" in html(r) and "Koffie om 20:00" in html(r)
    assert Bijeenkomst.objects.filter(traject=traject).count() == 1


def test_a_video_link_alone_is_enough(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), plan(nieuw, plaats="", videolink="https://meet.jit.si/familie-j"))
    assert r.status_code == 302
    b = Bijeenkomst.objects.get(pk=nieuw.pk)
    assert b.videolink == "https://meet.jit.si/familie-j" and b.plaats == ""


def test_times_are_optional(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), plan(nieuw, begintijd="", eindtijd=""))
    assert r.status_code == 302
    b = Bijeenkomst.objects.get(pk=nieuw.pk)
    assert b.begintijd is None and b.eindtijd is None and b.datum is not None


def assert_nothing_saved(nieuw):
    b = Bijeenkomst.objects.get(pk=nieuw.pk)
    assert b.datum is None and b.plaats == "" and b.videolink == "" and b.versie == nieuw.versie


def test_a_date_is_required(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), plan(nieuw, datum=""))
    page = html(r)
    assert r.status_code == 200
    assert "Vul een datum in." in page
    assert 'value="Wijkcentrum Het Anker"' in page and 'value="19:00"' in page
    assert_nothing_saved(nieuw)


def test_a_place_or_a_video_link_is_required(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), plan(nieuw, plaats="  ", videolink=""))
    assert r.status_code == 200
    assert "Vul een plaats of een videolink in." in html(r)
    assert f'value="{over(21)}"' in html(r)
    assert_nothing_saved(nieuw)


@pytest.mark.parametrize("begin, eind", [("13:00", "10:00"), ("10:00", "10:00")])
def test_the_end_must_come_after_the_beginning(alice_client, traject, nieuw, begin, eind):
    r = alice_client.post(plannen_url(traject), plan(nieuw, begintijd=begin, eindtijd=eind))
    page = html(r)
    assert r.status_code == 200
    assert "De eindtijd moet na de begintijd liggen." in page
    assert "Constraint" not in page and "bijeenkomst_eind_na_begin" not in page
    assert f'value="{begin}"' in page
    assert_nothing_saved(nieuw)


def test_an_end_without_a_beginning_asks_for_the_beginning(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), plan(nieuw, begintijd="", eindtijd="12:00"))
    assert r.status_code == 200
    assert "Vul ook een begintijd in." in html(r)
    assert_nothing_saved(nieuw)


def test_an_invalid_end_next_to_a_saved_beginning_gives_a_dutch_error(alice_client, traject, bijeenkomst):
    r = alice_client.post(plannen_url(traject), plan(bijeenkomst, begintijd="14:00", eindtijd="laat"))
    assert r.status_code == 200
    assert "Vul een tijd in, bijvoorbeeld 10:00." in html(r)
    assert "Constraint" not in html(r)
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.begintijd == datetime.time(10, 0)


@pytest.mark.parametrize(
    "link", ["ftp://files.example.org/x", "javascript:alert(1)", "niet een link", "mailto:a@example.org"]
)
def test_the_video_link_must_be_a_web_link(alice_client, traject, nieuw, link):
    r = alice_client.post(plannen_url(traject), plan(nieuw, videolink=link))
    page = html(r)
    assert r.status_code == 200
    assert "Vul een volledige link in die begint met https://" in page
    assert_nothing_saved(nieuw)


def test_a_link_without_scheme_gets_https(alice_client, traject, nieuw):
    alice_client.post(plannen_url(traject), plan(nieuw, videolink="meet.jit.si/familie-j"))
    assert Bijeenkomst.objects.get(pk=nieuw.pk).videolink == "https://meet.jit.si/familie-j"


def test_an_invalid_date_gives_a_dutch_error(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), plan(nieuw, datum="31-02-2026"))
    assert r.status_code == 200
    assert "Vul een geldige datum in" in html(r)
    assert_nothing_saved(nieuw)


def test_an_empty_agenda_part_gives_a_dutch_error(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), plan(nieuw, agenda_besluitvormend="   "))
    assert r.status_code == 200
    assert "Schrijf minstens één punt op voor het besluitvormende deel." in html(r)
    assert_nothing_saved(nieuw)


@pytest.mark.parametrize(
    "velden",
    [
        {"plaats": "x" * 301},
        {"afspraken": "y" * 3001},
        {"plaats": "Buurt\x00huis"},
        {"datum": "\x00"},
        {"begintijd": "99:99"},
        {"videolink": "https://" + "a" * 600 + ".nl"},
        {"gezien_versie": "geen getal"},
    ],
)
def test_garbage_never_crashes_and_saves_nothing(alice_client, traject, nieuw, velden):
    r = alice_client.post(plannen_url(traject), plan(nieuw, **velden))
    assert r.status_code == 200
    assert 'class="errors' in html(r)
    assert_nothing_saved(nieuw)


def test_missing_fields_never_crash(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), {})
    assert r.status_code == 200
    assert "Vul een datum in." in html(r)
    assert_nothing_saved(nieuw)


def test_a_date_in_the_past_is_saved_with_a_warning(alice_client, traject, nieuw):
    r = alice_client.post(plannen_url(traject), plan(nieuw, datum=over(-3)), follow=True)
    page = html(r)
    assert "De planning is opgeslagen." in page
    assert "Let op: de datum ligt in het verleden. Klopt dat?" in page
    assert Bijeenkomst.objects.get(pk=nieuw.pk).datum == timezone.localdate() - datetime.timedelta(days=3)


def test_changing_a_planned_date_reminds_to_hand_out_the_new_calendar_file(alice_client, traject, bijeenkomst):
    r = alice_client.post(plannen_url(traject), plan(bijeenkomst, plaats=bijeenkomst.plaats), follow=True)
    assert "Geef dan het nieuwe." in html(r)


def test_a_stale_form_is_refused_and_shows_the_saved_version(alice_client, traject, bijeenkomst):
    oud = plan(bijeenkomst, plaats="Mijn plek")
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(plaats="Door collega gekozen", versie=bijeenkomst.versie + 1)
    r = alice_client.post(plannen_url(traject), oud)
    page = html(r)
    assert r.status_code == 200
    assert "Iemand anders heeft dit intussen veranderd." in page
    assert 'value="Mijn plek"' in page and "Door collega gekozen" in page
    assert Bijeenkomst.objects.get(pk=bijeenkomst.pk).plaats == "Door collega gekozen"
    # The next save, after seeing the saved version, goes through.
    assert f'name="gezien_versie" value="{bijeenkomst.versie + 1}"' in page
    r = alice_client.post(plannen_url(traject), {**oud, "gezien_versie": bijeenkomst.versie + 1})
    assert r.status_code == 302
    assert Bijeenkomst.objects.get(pk=bijeenkomst.pk).plaats == "Mijn plek"


def test_a_double_submit_saves_once_and_keeps_one_meeting(alice_client, traject, nieuw):
    data = plan(nieuw)
    assert alice_client.post(plannen_url(traject), data).status_code == 302
    r = alice_client.post(plannen_url(traject), data)
    assert r.status_code == 200 and "Iemand anders heeft dit intussen veranderd." in html(r)
    b = Bijeenkomst.objects.get(traject=traject)
    assert b.versie == nieuw.versie + 1 and b.plaats == "Wijkcentrum Het Anker"


def test_a_started_meeting_can_still_be_replanned_with_a_notice(
    alice_client, traject, alice, bijeenkomst, kaders_vastgesteld
):
    bijeenkomst.starten(alice)
    page = html(alice_client.get(plannen_url(traject)))
    assert "De bijeenkomst is al begonnen." in page
    r = alice_client.post(plannen_url(traject), plan(bijeenkomst, plaats="Ander buurthuis"))
    assert r.status_code == 302
    b = Bijeenkomst.objects.get(pk=bijeenkomst.pk)
    assert b.plaats == "Ander buurthuis" and b.status == Bijeenkomst.Status.BEGONNEN


def test_the_kadersteller_may_not_plan(bob_client, traject, bijeenkomst):
    assert bob_client.get(plannen_url(traject)).status_code == 403
    assert bob_client.post(plannen_url(traject), plan(bijeenkomst, plaats="Bobs kantoor")).status_code == 403
    assert Bijeenkomst.objects.get(pk=bijeenkomst.pk).plaats.startswith("Buurthuis")


def test_saving_the_planning_never_undoes_a_start_made_meanwhile(traject, alice, nieuw, kaders_vastgesteld):
    from besluitvorming.forms import PlannenForm

    form = PlannenForm(plan(nieuw), instance=nieuw)
    assert form.is_valid(), form.errors
    Bijeenkomst.objects.get(pk=nieuw.pk).starten(alice)
    form.save()
    b = Bijeenkomst.objects.get(pk=nieuw.pk)
    assert b.status == Bijeenkomst.Status.BEGONNEN and b.begonnen_door == alice
    assert b.plaats == "Wijkcentrum Het Anker"


def test_a_finished_meeting_is_not_planned_again(alice_client, afspraak, bob, alice, kaders_vastgesteld, traject):
    plan = afspraak.plan
    plan.kaders_toetsen(bob, [(kaders_vastgesteld.kaders.get(), True, "")])
    plan.vaststellen(alice)
    r = alice_client.post(reverse("besluitvorming:plannen", args=[traject.uuid]), {"datum": "2030-01-01"})
    assert r.status_code == 302 and r["Location"] == reverse("besluitvorming:plan", args=[traject.uuid])
    assert traject.bijeenkomsten.count() == 1 and traject.bijeenkomsten.get().datum != datetime.date(2030, 1, 1)
