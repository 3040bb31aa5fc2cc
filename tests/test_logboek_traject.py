"""The log of one traject, for its facilitators: when, who, what and from where, newest first, 25 to a page."""

import datetime
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from links.models import PersoonlijkeLink
from logboek.models import Toegang, wis_persoonsgegevens

from .conftest import assert_login_redirect
from .test_links_pagina import html, pagina_url


def logboek_url(traject):
    return reverse("logboek:traject", args=[traject.uuid])


def regel(traject, gebruiker, minuten_geleden=0, **velden):
    velden = {"actie": "bekeken", "weergave": "kwesties:kwestie", "methode": "GET", "ip": "192.0.2.1",
              "omschrijving": "Kwestie", **velden}
    return Toegang.objects.create(
        organisatie_id=traject.organisatie_id, traject_uuid=traject.uuid, via="account", gebruiker=gebruiker,
        op=timezone.now() - datetime.timedelta(minutes=minuten_geleden), **velden,
    )


def rijen(body):
    return re.findall(r"<tr>\s*<td data-label=\"Wanneer\">.*?</tr>", body, re.DOTALL)


def test_the_facilitator_reads_when_who_what_and_from_where(alice_client, traject, bob):
    regel(traject, bob, minuten_geleden=5, weergave="kaders:vaststellen", actie="gewijzigd", methode="POST",
          omschrijving="Kaders vastgesteld", ip="2001:db8::5")
    r = alice_client.get(logboek_url(traject))
    assert r.status_code == 200
    body = html(r)
    assert "<h1>Logboek</h1>" in body
    [rij] = rijen(body)
    assert "Bob de Vries" in rij and "Gewijzigd" in rij and "Kaders vastgesteld" in rij and "2001:db8::5" in rij
    op = timezone.localtime(Toegang.objects.get(weergave="kaders:vaststellen").op)
    assert f"{op:%H:%M:%S}" in rij


def test_newest_first_and_25_to_a_page(alice_client, traject, bob):
    for i in range(30):
        regel(traject, bob, minuten_geleden=100 - i, omschrijving=f"Stap {i:02d}")
    eerste = html(alice_client.get(logboek_url(traject)))
    assert len(rijen(eerste)) == 25
    assert eerste.index("Stap 29") < eerste.index("Stap 28")
    assert "Stap 04" not in eerste and "Pagina 1 van 2" in eerste
    assert '<a href="?pagina=2">Volgende</a>' in eerste
    tweede = html(alice_client.get(logboek_url(traject) + "?pagina=2"))
    # Reading the log is logged too: that first visit is now on top, and pushed Stap 05 to the second page.
    assert len(rijen(tweede)) == 6 and "Stap 00" in tweede and "Stap 05" in tweede and "Stap 06" not in tweede
    assert Toegang.objects.filter(weergave="logboek:traject", omschrijving="Logboek van het traject").count() == 2


def test_the_log_shows_only_this_traject(alice_client, alice, traject, org, mallory_traject, mallory):
    ander = regel(mallory_traject, mallory, omschrijving="Van een ander traject")
    eigen_org = Toegang.objects.create(organisatie=org, via="account", gebruiker=alice, actie="gewijzigd",
                                       weergave="beheer:drempel", methode="POST", omschrijving="Drempel")
    body = html(alice_client.get(logboek_url(traject)))
    assert ander.omschrijving not in body and eigen_org.omschrijving not in body
    assert "Er staat nog niets in het logboek." in body


def test_who_used_a_link_is_shown_by_first_name_and_an_erased_entry_without_its_address(
    alice_client, traject, kring, alice
):
    _link, token = PersoonlijkeLink.uitgeven(kring[0], alice)
    Client(REMOTE_ADDR="198.51.100.8").get(pagina_url(token))
    Toegang.objects.create(organisatie_id=traject.organisatie_id, traject_uuid=traject.uuid, via="link",
                           link_uuid=uuid.uuid4(), betrokkene_uuid=uuid.uuid4(), actie="bekeken",
                           weergave="link:pagina", methode="GET", omschrijving="Eigen pagina via de link")
    Toegang.objects.create(organisatie_id=traject.organisatie_id, traject_uuid=traject.uuid, via="telefoon",
                           betrokkene_uuid=kring[1].uuid, actie="gewijzigd", weergave="link:meedoen", methode="POST")
    body = html(alice_client.get(logboek_url(traject)))
    assert "Link van Sanne" in body and "198.51.100.8" in body
    assert "Telefoon van Mark" in body
    assert "Persoonlijke link" in body  # someone no longer known
    wis_persoonsgegevens(traject.uuid)
    body = html(alice_client.get(logboek_url(traject)))
    assert "198.51.100.8" not in body and "Eigen pagina via de link" not in body
    assert "Link van Sanne" in body and "Bekeken" in body


def test_the_traject_page_links_to_the_log_for_facilitators_only(alice_client, bob_client, traject):
    traject_url = reverse("traject", args=[traject.uuid])
    assert logboek_url(traject) in html(alice_client.get(traject_url))
    assert logboek_url(traject) not in html(bob_client.get(traject_url))


def test_a_kadersteller_is_refused_with_403(bob_client, traject):
    assert bob_client.get(logboek_url(traject)).status_code == 403


@pytest.mark.parametrize("wie", ["erin_client", "carol_client", "mallory_client"])
def test_anyone_without_a_role_gets_404(request, traject, wie):
    assert request.getfixturevalue(wie).get(logboek_url(traject)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, traject):
    assert_login_redirect(client.get(logboek_url(traject)))


def test_the_log_takes_no_post(alice_client, traject):
    assert alice_client.post(logboek_url(traject)).status_code == 405


def test_in_english_the_log_reads_in_english_and_the_details_stay_as_written(alice_client, traject, carol):
    regel(traject, carol, weergave="beheer:traject", actie="gewijzigd", methode="POST",
          omschrijving="Rol gegeven: Erin Smit, facilitator")
    alice_client.post("/taal/setlang/", {"language": "en", "next": "/"})
    body = html(alice_client.get(logboek_url(traject)))
    assert "<h1>Log</h1>" in body
    assert "Role given: Erin Smit, facilitator" in body and "Changed" in body
    # Stored in Dutch, whatever language the reader had.
    assert Toegang.objects.latest("pk").omschrijving == "Logboek van het traject"
