"""The preparation is for facilitators only, and the private notes of a gesprek never leave its own page."""

import io
import zipfile

import pytest
from django.urls import reverse

from kaders.models import Kader
from voorbereiding.models import Inbreng, InformatieVerzoek

from .conftest import assert_login_redirect
from .test_every_url import ALL, PUBLIC, url_for

PRIVE = "PRIVE: Sanne vertelde over de ruzie met Mark"


@pytest.fixture
def waarden(traject, kring, org, alice, bob, gesprek, link, afspraak, ronde):
    kader = Kader.objects.create(kaderset=traject.kaderset, soort="anders", tekst="Een kader", eigenaar=bob)
    verzoek = InformatieVerzoek.objects.create(traject=traject, gesprek=gesprek, wat="Schoolrapport", van_wie="School")
    inbreng = Inbreng.objects.create(traject=traject, betrokkene=kring[0], gesprek=gesprek, tekst="Een idee", delen=True)
    return {"traject": traject.uuid, "betrokkene": kring[0].uuid, "kader": kader.uuid, "organisatie": org.uuid,
            "user": alice.uuid, "rol": "facilitator", "gesprek": gesprek.uuid, "verzoek": verzoek.uuid,
            "inbreng": inbreng.uuid, "link": link[0].uuid, "voorstel": ronde.voorstel.uuid, "ronde": ronde.uuid,
            "afspraak": afspraak.uuid, "versie": 1}


@pytest.fixture
def voorbereiding_urls(waarden):
    return {name: url_for(name, waarden) for name, _ in ALL if name.startswith("voorbereiding:")}


def test_the_walk_covers_every_voorbereiding_page(voorbereiding_urls):
    assert len(voorbereiding_urls) == 15


@pytest.mark.parametrize("wie", ["bob_client", "dave_client"])
def test_a_kadersteller_gets_403_on_every_voorbereiding_page(request, voorbereiding_urls, wie):
    c = request.getfixturevalue(wie)
    for name, url in voorbereiding_urls.items():
        assert c.get(url).status_code in (403, 405), name
        assert c.post(url, {"actie": "beantwoorden"}).status_code == 403, name


@pytest.mark.parametrize("wie", ["erin_client", "carol_client", "mallory_client"])
def test_anyone_without_a_role_gets_404_on_every_voorbereiding_page(request, voorbereiding_urls, wie):
    c = request.getfixturevalue(wie)
    for name, url in voorbereiding_urls.items():
        assert c.get(url).status_code in (404, 405), name
        assert c.post(url, {}).status_code == 404, name


def test_anonymous_users_are_sent_to_login(client, voorbereiding_urls):
    for url in voorbereiding_urls.values():
        assert_login_redirect(client.get(url))
        assert_login_redirect(client.post(url, {}))


def test_the_tab_is_shown_to_facilitators_only(alice_client, bob_client, traject):
    url = reverse("voorbereiding:overzicht", args=[traject.uuid])
    assert url in alice_client.get(reverse("kwesties:kring", args=[traject.uuid])).content.decode()
    assert url not in bob_client.get(reverse("kwesties:kring", args=[traject.uuid])).content.decode()


def tekst(response):
    """What a response shows; of a ZIP download, the text of every file in it."""
    if not response.streaming:
        return response.content.decode()
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as zip_:
        return "".join(zip_.read(n).decode("latin-1") for n in zip_.namelist())


@pytest.mark.parametrize("wie", ["alice_client", "bob_client"])
def test_the_private_notes_appear_only_on_the_gesprek_page_and_in_the_facilitator_s_export(request, waarden, link, wie):
    c = request.getfixturevalue(wie)
    gezien = set()
    for name, _ in ALL:
        if name in PUBLIC:
            continue
        r = c.get(url_for(name, waarden))
        if r.status_code == 200 and PRIVE in tekst(r):
            gezien.add(name)
    # The export for an inzageverzoek holds everything stored about the traject, by design (gegevens/export.py).
    assert gezien == ({"voorbereiding:gesprek", "gegevens:export"} if wie == "alice_client" else set())


def test_the_private_notes_never_reach_a_personal_link(client, link):
    _, token = link
    for name in ("link:pagina", "link:agenda"):
        r = client.get(reverse(name, args=[token]))
        assert PRIVE not in r.content.decode()
