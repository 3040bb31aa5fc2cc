"""Every use of a personal link, and of a phone that joined with the room's QR code, is in the access log.

Which link and whose, which traject, what, and from which address; never the token, which is in the URL only.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from links.models import PersoonlijkeLink
from logboek.models import Toegang

from .test_links_pagina import html, pagina_url, verloop
from .test_telefoon_antwoord import (
    HTMX,
    antwoord_url,
    sturen,
    telefoons,  # noqa: F401 (fixture)
)
from .test_telefoon_antwoord import stand as telefoon_stand
from .test_telefoon_meedoen import antwoord_url as meedoen_antwoord_url
from .test_telefoon_meedoen import code, kies, meedoen_url  # noqa: F401 (fixture)

IP = "198.51.100.23"


def familie():
    return Client(REMOTE_ADDR=IP)


def regels():
    return list(Toegang.objects.order_by("pk"))


def assert_nergens_het_token(token):
    for regel in Toegang.objects.all():
        for veld in Toegang._meta.concrete_fields:
            assert token not in str(getattr(regel, veld.attname)), veld.name


def assert_van_link(regel, link, traject, actie, weergave):
    assert (regel.via, regel.link_uuid, regel.betrokkene_uuid) == ("link", link.uuid, link.betrokkene.uuid)
    assert (regel.traject_uuid, regel.organisatie_id, regel.gebruiker_id) == (traject.uuid, traject.organisatie_id, None)
    assert (regel.actie, regel.weergave, regel.ip) == (actie, weergave, IP)
    assert regel.omschrijving


def test_opening_the_page_of_a_link_is_logged_without_the_token(link, traject, kring):
    r = familie().get(pagina_url(link[1]))
    assert r.status_code == 200
    [regel] = regels()
    assert_van_link(regel, link[0], traject, "bekeken", "link:pagina")
    assert regel.omschrijving == "Eigen pagina via de link"
    assert_nergens_het_token(link[1])


def test_sending_something_in_through_a_link_is_a_change(link, traject):
    c = familie()
    body = html(c.get(pagina_url(link[1])))
    token = re.search(r'name="client_token" value="([^"]+)"', body).group(1)
    r = c.post(pagina_url(link[1]), {"soort": "idee", "tekst": "Oma haalt Noor op.", "met_naam": "ja",
                                     "client_token": token})
    assert r.status_code == 302
    assert_van_link(regels()[-1], link[0], traject, "gewijzigd", "link:pagina")
    assert regels()[-1].methode == "POST"


def test_a_revoked_link_is_logged_as_refused_with_why(link, traject, alice):
    link[0].intrekken(alice)
    r = familie().get(pagina_url(link[1]))
    assert r.status_code == 410
    [regel] = regels()
    assert_van_link(regel, link[0], traject, "geweigerd", "link:pagina")
    assert regel.omschrijving == "Eigen pagina via de link: ingetrokken"
    assert_nergens_het_token(link[1])


def test_an_expired_link_is_logged_as_refused_on_every_page(link, traject, vastgesteld_plan):
    verloop(link[0])
    for naam in ("link:pagina", "link:plan_pdf", "link:antwoord", "link:agenda"):
        assert familie().get(reverse(naam, args=[link[1]])).status_code == 410, naam
    assert [(r.actie, r.weergave, r.omschrijving.endswith(": verlopen")) for r in regels()] == [
        ("geweigerd", naam, True) for naam in ("link:pagina", "link:plan_pdf", "link:antwoord", "link:agenda")
    ]


def test_an_unknown_token_names_no_traject_and_is_not_in_the_log(link):
    assert familie().get(pagina_url("x" * 24)).status_code == 404
    assert regels() == []


def test_downloads_through_a_link_are_logged_as_downloads(link, traject, vastgesteld_plan):
    c = familie()
    for naam in ("link:plan_pdf", "link:evaluatie"):
        r = c.get(reverse(naam, args=[link[1]]))
        assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment"), naam
    assert [(r.actie, r.weergave) for r in regels()] == [("gedownload", "link:plan_pdf"), ("gedownload", "link:evaluatie")]
    assert_van_link(regels()[0], link[0], traject, "gedownload", "link:plan_pdf")
    assert_nergens_het_token(link[1])


def test_answering_on_the_phone_through_a_link_is_logged(link, telefoons, ronde, kring, traject):  # noqa: F811
    c = familie()
    assert c.get(antwoord_url(link[1])).status_code == 200
    r = c.post(antwoord_url(link[1]), sturen(ronde, kring[0]))
    assert r.status_code == 302
    bekeken, gegeven = regels()
    assert_van_link(bekeken, link[0], traject, "bekeken", "link:antwoord")
    assert_van_link(gegeven, link[0], traject, "gewijzigd", "link:antwoord")
    assert gegeven.omschrijving == "Antwoord gegeven via de link"
    assert_nergens_het_token(link[1])


def test_a_waiting_phone_is_logged_only_when_its_page_changed(link, telefoons, voorstel, alice):  # noqa: F811
    c = familie()
    sinds = telefoon_stand(c, link[1])
    al = len(regels())
    url = f"{antwoord_url(link[1])}?sinds={sinds}"
    assert c.get(url, **HTMX).status_code == 204
    assert len(regels()) == al
    voorstel.open_ronde(alice)
    assert c.get(url, **HTMX).status_code == 200
    [regel] = regels()[al:]
    assert (regel.actie, regel.weergave) == ("bekeken", "link:antwoord")


def test_a_phone_that_joins_with_the_qr_code_is_logged_by_the_name_it_picked(code, kring, traject, ronde):  # noqa: F811
    c = familie()
    assert c.get(meedoen_url(code)).status_code == 200
    assert kies(c, code, kring[1]).status_code == 302
    assert c.get(meedoen_antwoord_url(code)).status_code == 200
    r = c.post(meedoen_antwoord_url(code), sturen(ronde, kring[1]))
    assert r.status_code == 302
    namen, gekozen, bekeken, gegeven = regels()
    for regel in (namen, gekozen, bekeken, gegeven):
        assert (regel.via, regel.traject_uuid, regel.organisatie_id, regel.ip) == (
            "telefoon", traject.uuid, traject.organisatie_id, IP)
        assert regel.link_uuid is None and regel.gebruiker_id is None
    # Before a name is picked the phone is nobody yet; after, it is Mark's.
    assert (namen.actie, namen.weergave, namen.betrokkene_uuid) == ("bekeken", "link:meedoen", None)
    assert (gekozen.actie, gekozen.betrokkene_uuid) == ("gewijzigd", kring[1].uuid)
    assert (bekeken.actie, bekeken.weergave, bekeken.betrokkene_uuid) == ("bekeken", "link:meedoen_antwoord", kring[1].uuid)
    assert (gegeven.actie, gegeven.omschrijving) == ("gewijzigd", "Antwoord gegeven via de QR-code")
    assert_nergens_het_token(c.cookies["nr_telefoon"].value)
    assert_nergens_het_token(code)


def test_a_wrong_qr_code_is_not_in_the_log(code):  # noqa: F811
    assert familie().get(meedoen_url("Onbekende-code-123")).status_code == 404
    assert regels() == []


@pytest.fixture
def gebruikt(link, kring, alice, traject):
    """Sanne opened her page; then Mark's link, revoked, was tried."""
    familie().get(pagina_url(link[1]))
    mark, token = PersoonlijkeLink.uitgeven(kring[1], alice)
    mark.intrekken(alice)
    familie().get(pagina_url(token))
    return link


def test_the_facilitator_reads_which_link_was_used_by_first_name(alice_client, traject, gebruikt):
    body = html(alice_client.get(reverse("logboek:traject", args=[traject.uuid])))
    assert "Link van Sanne" in body and "Link van Mark" in body
    assert "Eigen pagina via de link: ingetrokken" in body and "Geweigerd" in body
    assert IP in body
    assert gebruikt[1] not in body
