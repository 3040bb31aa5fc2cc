"""The facilitator switches answering on phones on and off, and frees a name when a phone joined as the wrong person."""

import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from besluitvorming.models import Bijeenkomst, Telefoonkoppeling
from kwesties.models import Betrokkene

from .conftest import assert_login_redirect


def telefoons_url(traject):
    return reverse("besluitvorming:telefoons", args=[traject.uuid])


def loskoppelen_url(traject, betrokkene_uuid):
    return reverse("besluitvorming:loskoppelen", args=[traject.uuid, betrokkene_uuid])


def console_url(traject):
    return reverse("besluitvorming:console", args=[traject.uuid])


def meldingen(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def vers(bijeenkomst):
    return Bijeenkomst.objects.get(pk=bijeenkomst.pk)


def actief(bijeenkomst):
    return Telefoonkoppeling.objects.filter(bijeenkomst=bijeenkomst, losgekoppeld_op__isnull=True)


# Switching on and off


def test_the_facilitator_switches_phones_on(alice_client, traject, lopende_bijeenkomst):
    stand = vers(lopende_bijeenkomst).stand
    r = alice_client.post(telefoons_url(traject), {"aan": "1"})
    assert r.status_code == 302 and r["Location"] == console_url(traject)
    b = vers(lopende_bijeenkomst)
    assert b.telefoons is True and len(b.meedoen_code) >= 16
    assert b.stand > stand
    assert "Deelnemers kunnen nu op hun eigen telefoon antwoorden." in meldingen(r)[0]


def test_a_second_click_on_keeps_the_code_so_joined_phones_keep_working(alice_client, traject, lopende_bijeenkomst, kring):
    alice_client.post(telefoons_url(traject), {"aan": "1"})
    code = vers(lopende_bijeenkomst).meedoen_code
    Telefoonkoppeling.koppel(lopende_bijeenkomst, kring[0])
    r = alice_client.post(telefoons_url(traject), {"aan": "1"})
    assert vers(lopende_bijeenkomst).meedoen_code == code
    assert actief(lopende_bijeenkomst).count() == 1
    assert meldingen(r)[-1] == "Antwoorden op de telefoon stond al aan."


def test_switching_off_removes_the_code_and_frees_every_name(alice_client, traject, lopende_bijeenkomst, kring):
    lopende_bijeenkomst.zet_telefoons(True)
    Telefoonkoppeling.koppel(lopende_bijeenkomst, kring[0])
    Telefoonkoppeling.koppel(lopende_bijeenkomst, kring[1])
    r = alice_client.post(telefoons_url(traject), {"aan": "0"})
    b = vers(lopende_bijeenkomst)
    assert b.telefoons is False and b.meedoen_code == ""
    assert not actief(lopende_bijeenkomst).exists()
    assert meldingen(r) == ["Antwoorden op de telefoon staat uit. Alle telefoons zijn losgekoppeld."]
    lopende_bijeenkomst.zet_telefoons(True)
    assert Telefoonkoppeling.koppel(lopende_bijeenkomst, kring[0]) is not None


def test_switching_off_twice_says_it_was_already_off(alice_client, traject, lopende_bijeenkomst):
    r = alice_client.post(telefoons_url(traject), {"aan": "0"})
    assert meldingen(r) == ["Antwoorden op de telefoon stond al uit."]


def test_phones_cannot_be_switched_on_before_the_meeting_starts(alice_client, traject, bijeenkomst):
    r = alice_client.post(telefoons_url(traject), {"aan": "1"})
    assert r.status_code == 302
    assert vers(bijeenkomst).telefoons is False
    assert "De bijeenkomst is nog niet begonnen." in meldingen(r)[0]


def test_phones_cannot_be_switched_on_after_the_meeting(alice_client, traject, lopende_bijeenkomst):
    from django.utils import timezone

    Bijeenkomst.objects.filter(pk=lopende_bijeenkomst.pk).update(status="afgerond", afgerond_op=timezone.now())
    r = alice_client.post(telefoons_url(traject), {"aan": "1"})
    assert vers(lopende_bijeenkomst).telefoons is False
    assert meldingen(r) == ["De bijeenkomst is afgerond."]


@pytest.mark.parametrize("data", [{}, {"aan": ""}, {"aan": "ja"}, {"aan": "2"}, {"aan": "1\x00"}, {"aan": "x" * 5000}])
def test_garbage_changes_nothing_and_never_errors(alice_client, traject, lopende_bijeenkomst, data):
    r = alice_client.post(telefoons_url(traject), data)
    assert r.status_code == 302
    assert vers(lopende_bijeenkomst).telefoons is False
    assert meldingen(r) == ["Kies of antwoorden op de telefoon aan of uit moet."]


def test_the_flap_does_not_eat_the_facilitators_message(alice_client, traject, lopende_bijeenkomst):
    alice_client.post(telefoons_url(traject), {"aan": "1"})
    flap = alice_client.get(reverse("besluitvorming:flap", args=[traject.uuid])).content.decode()
    assert "Deelnemers kunnen nu op hun eigen telefoon antwoorden." not in flap
    r = alice_client.get(reverse("besluitvorming:bijeenkomst", args=[traject.uuid]))
    assert "Deelnemers kunnen nu op hun eigen telefoon antwoorden." in r.content.decode()


# Freeing a name


def test_the_facilitator_disconnects_a_phone_and_the_name_is_free_again(alice_client, traject, lopende_bijeenkomst, kring):
    lopende_bijeenkomst.zet_telefoons(True)
    Telefoonkoppeling.koppel(lopende_bijeenkomst, kring[0])
    r = alice_client.post(loskoppelen_url(traject, kring[0].uuid))
    assert r.status_code == 302 and r["Location"] == console_url(traject)
    assert not actief(lopende_bijeenkomst).exists()
    assert "De telefoon van Sanne is losgekoppeld." in meldingen(r)[0]
    assert Telefoonkoppeling.koppel(lopende_bijeenkomst, kring[0]) is not None


def test_disconnecting_someone_without_a_phone_says_so(alice_client, traject, lopende_bijeenkomst, kring):
    Telefoonkoppeling.koppel(lopende_bijeenkomst, kring[1])
    r = alice_client.post(loskoppelen_url(traject, kring[0].uuid))
    assert meldingen(r) == ["Sanne had geen telefoon gekoppeld."]
    assert actief(lopende_bijeenkomst).count() == 1


def test_a_person_of_another_traject_is_404(alice_client, traject, lopende_bijeenkomst, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    assert alice_client.post(loskoppelen_url(traject, vreemde.uuid)).status_code == 404
    assert alice_client.post(loskoppelen_url(traject, uuid.uuid4())).status_code == 404


# Who may


def test_a_kadersteller_may_not_switch_phones_or_disconnect(bob_client, traject, lopende_bijeenkomst, kring):
    assert bob_client.post(telefoons_url(traject), {"aan": "1"}).status_code == 403
    assert bob_client.post(loskoppelen_url(traject, kring[0].uuid)).status_code == 403
    assert vers(lopende_bijeenkomst).telefoons is False


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, lopende_bijeenkomst, kring):
    for url in (telefoons_url(traject), loskoppelen_url(traject, kring[0].uuid)):
        assert mallory_client.post(url, {"aan": "1"}).status_code == 404
        assert mallory_client.get(url).status_code in (404, 405)
    assert vers(lopende_bijeenkomst).telefoons is False


def test_anonymous_users_are_sent_to_login(client, traject, lopende_bijeenkomst, kring):
    assert_login_redirect(client.post(telefoons_url(traject), {"aan": "1"}))
    assert_login_redirect(client.post(loskoppelen_url(traject, kring[0].uuid)))


def test_only_post(alice_client, traject, lopende_bijeenkomst, kring):
    assert alice_client.get(telefoons_url(traject)).status_code == 405
    assert alice_client.get(loskoppelen_url(traject, kring[0].uuid)).status_code == 405
