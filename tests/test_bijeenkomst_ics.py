"""The meeting as a calendar file, one per person in the kring."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from besluitvorming.models import Bijeenkomst
from kwesties.models import Betrokkene

from .conftest import assert_login_redirect
from .test_bijeenkomst import bijeenkomst_url, html, ics_url


def event_uit(response):
    cal = Calendar.from_ical(response.content)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    return events[0]


def test_the_facilitator_downloads_the_calendar_file_of_one_person(alice_client, traject, kring, bijeenkomst):
    sanne = kring[0]
    r = alice_client.get(ics_url(traject, sanne))
    assert r.status_code == 200
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    assert r["Content-Disposition"] == f'attachment; filename="bijeenkomst-{bijeenkomst.datum.isoformat()}-sanne.ics"'
    event = event_uit(r)
    begin = datetime.datetime.combine(bijeenkomst.datum, datetime.time(10, 0), tzinfo=ZoneInfo("Europe/Amsterdam"))
    dtstart = event.decoded("dtstart")
    assert dtstart == begin and dtstart.utcoffset() == datetime.timedelta(0)
    assert event.decoded("dtend") == begin + datetime.timedelta(hours=3)
    assert str(event["summary"]) == "Bijeenkomst Familie J."
    assert str(event["location"]) == "Buurthuis De Linde, Lindelaan 4, Deventer"
    assert "Welkom en voorstelronde" in str(event["description"])
    assert str(event["uid"]) == f"{bijeenkomst.uuid}-{sanne.uuid}@nieuweroute"


def test_each_person_gets_their_own_file(alice_client, traject, kring, bijeenkomst):
    uids = {str(event_uit(alice_client.get(ics_url(traject, b)))["uid"]) for b in kring}
    assert len(uids) == len(kring)


def test_a_replanned_meeting_gives_a_newer_file(alice_client, traject, kring, bijeenkomst):
    eerst = event_uit(alice_client.get(ics_url(traject, kring[0])))
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(versie=bijeenkomst.versie + 1, plaats="Wijkcentrum")
    daarna = event_uit(alice_client.get(ics_url(traject, kring[0])))
    assert daarna["uid"] == eerst["uid"] and daarna.decoded("sequence") == eerst.decoded("sequence") + 1
    assert str(daarna["location"]) == "Wijkcentrum"


def test_the_kadersteller_may_download_it_too(bob_client, traject, kring, bijeenkomst):
    r = bob_client.get(ics_url(traject, kring[2]))
    assert r.status_code == 200
    assert str(event_uit(r)["summary"]) == "Bijeenkomst Familie J."


def test_without_a_date_it_sends_you_back_with_a_message(alice_client, traject, kring):
    r = alice_client.get(ics_url(traject, kring[0]), follow=True)
    assert r.redirect_chain[-1][0] == bijeenkomst_url(traject)
    assert "De bijeenkomst heeft nog geen datum." in html(r)


def test_a_person_of_another_traject_is_not_found(alice_client, traject, kring, bijeenkomst, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    assert alice_client.get(ics_url(traject, vreemde)).status_code == 404


def test_a_person_removed_from_the_kring_is_not_found(alice_client, traject, kring, bijeenkomst):
    kring[1].verwijder()
    assert alice_client.get(ics_url(traject, kring[1])).status_code == 404


def test_a_garbage_person_id_is_a_404(alice_client, traject, bijeenkomst):
    base = bijeenkomst_url(traject)
    assert alice_client.get(f"{base}agenda/niet-een-uuid/").status_code == 404
    assert alice_client.get(f"{base}agenda/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, kring, bijeenkomst):
    assert mallory_client.get(ics_url(traject, kring[0])).status_code == 404
    assert mallory_client.post(ics_url(traject, kring[0])).status_code == 404


def test_mallory_cannot_reach_our_people_through_her_own_traject(mallory_client, mallory_traject, kring):
    Bijeenkomst.objects.create(traject=mallory_traject, datum=datetime.date(2030, 1, 1), plaats="Elders")
    url = reverse("besluitvorming:agenda_ics", args=[mallory_traject.uuid, kring[0].uuid])
    assert mallory_client.get(url).status_code == 404


@pytest.mark.parametrize("methode", ["get", "post"])
def test_a_colleague_without_a_role_gets_404(erin_client, traject, kring, bijeenkomst, methode):
    assert getattr(erin_client, methode)(ics_url(traject, kring[0])).status_code == 404


def test_anonymous_users_are_sent_to_login(client, traject, kring, bijeenkomst):
    assert_login_redirect(client.get(ics_url(traject, kring[0])))
    assert_login_redirect(client.post(ics_url(traject, kring[0])))
