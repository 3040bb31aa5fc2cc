"""Information the meeting needs: the list, asking without a gesprek, editing, answering and reopening."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from voorbereiding.models import Gesprek, InformatieVerzoek

from .conftest import assert_login_redirect
from .test_voorbereiding_gesprek import gesprek_url, html, maak_voorbereiding, vb_url


def nieuw(**velden):
    data = {"wat": "Verslag van de huisarts", "van_wie": "Huisarts Pietersen", "uiterlijk": "",
            "client_token": str(uuid.uuid4())}
    data.update(velden)
    return {f"nieuw-{k}": v for k, v in data.items()}


def bewerk(verzoek, **velden):
    verzoek.refresh_from_db()
    data = {"wat": verzoek.wat, "van_wie": verzoek.van_wie,
            "uiterlijk": verzoek.uiterlijk.isoformat() if verzoek.uiterlijk else "", "gezien_versie": verzoek.versie}
    data.update(velden)
    return {"actie": "opslaan", **{f"verzoek-{k}": v for k, v in data.items()}}


def antwoord(verzoek, tekst="Noor gaat goed mee in de klas."):
    verzoek.refresh_from_db()
    return {"actie": "beantwoorden", "antwoord-antwoord": tekst, "antwoord-gezien_versie": verzoek.versie}


@pytest.fixture
def verzoek(traject, gesprek, alice):
    return InformatieVerzoek.objects.create(
        traject=traject, gesprek=gesprek, wat="Het schoolrapport van Noor", van_wie="Fatima (juf)",
        uiterlijk=timezone.localdate() + datetime.timedelta(days=7), aangemaakt_door=alice,
    )


def verzoek_url(verzoek, naam="verzoek"):
    return vb_url(verzoek.traject, naam, verzoek.uuid)


# The list


def test_open_requests_come_first_and_overdue_ones_are_marked(alice_client, traject, gesprek):
    vandaag = timezone.localdate()
    InformatieVerzoek.objects.create(traject=traject, wat="Later nodig", van_wie="A", uiterlijk=vandaag + datetime.timedelta(days=9))
    InformatieVerzoek.objects.create(traject=traject, wat="Al te laat", van_wie="B", uiterlijk=vandaag - datetime.timedelta(days=2))
    InformatieVerzoek.objects.create(traject=traject, wat="Zonder datum", van_wie="C")
    InformatieVerzoek.objects.create(traject=traject, wat="Al binnen", van_wie="D", antwoord="Ja", beantwoord_op=timezone.now(),
                                     uiterlijk=vandaag - datetime.timedelta(days=5))
    page = html(alice_client.get(vb_url(traject, "informatie")))
    open_deel, beantwoord = page.split("Beantwoord (1)")
    assert "Nog open (3)" in open_deel
    assert open_deel.index("Al te laat") < open_deel.index("Later nodig") < open_deel.index("Zonder datum")
    assert open_deel.count("Te laat") == 1
    assert "vb-te-laat" in open_deel.split("Al te laat")[0].rsplit("<li", 1)[1]
    assert "Al binnen" in beantwoord and "<strong>Antwoord:</strong> Ja" in beantwoord and "Te laat" not in beantwoord


def test_the_list_says_which_gesprek_a_request_came_from(alice_client, traject, verzoek):
    page = html(alice_client.get(vb_url(traject, "informatie")))
    assert gesprek_url(verzoek.gesprek) in page and "(<bdi>Sanne</bdi>)" in page
    assert verzoek_url(verzoek) in page


def test_a_request_from_a_removed_gesprek_does_not_link_to_it(alice_client, traject, verzoek):
    verzoek.gesprek.verwijder()
    page = html(alice_client.get(vb_url(traject, "informatie")))
    assert "Uit een verwijderd gesprek van" in page and gesprek_url(verzoek.gesprek) not in page


def test_the_list_loads_in_a_fixed_number_of_queries(alice_client, alice, traject, django_assert_max_num_queries):
    maak_voorbereiding(traject, alice, mensen=3, gesprekken=1)
    with CaptureQueriesContext(connection) as klein:
        alice_client.get(vb_url(traject, "informatie"))
    maak_voorbereiding(traject, alice, mensen=15, gesprekken=10)
    with django_assert_max_num_queries(10):
        alice_client.get(vb_url(traject, "informatie"))
    with CaptureQueriesContext(connection) as groot:
        alice_client.get(vb_url(traject, "informatie"))
    assert len(groot) == len(klein)


# Asking without a gesprek


def test_asking_for_information_without_a_gesprek(alice_client, alice, traject):
    r = alice_client.post(vb_url(traject, "informatie"), nieuw(uiterlijk="2025-06-01"))
    v = InformatieVerzoek.objects.get()
    assert r.status_code == 302 and r["Location"] == vb_url(traject, "informatie") + f"#verzoek-{v.uuid}"
    assert (v.traject, v.gesprek, v.aangemaakt_door, v.wat, str(v.uiterlijk)) == (
        traject, None, alice, "Verslag van de huisarts", "2025-06-01")
    page = html(alice_client.get(r["Location"]))
    assert "De vraag om informatie is opgeschreven." in page and "Niet uit een gesprek" in page


def test_a_request_needs_what_and_from_whom_with_the_input_kept(alice_client, traject):
    r = alice_client.post(vb_url(traject, "informatie"), nieuw(wat="", van_wie="Blijft staan", uiterlijk="31-02-2025"))
    page = html(r)
    assert r.status_code == 200
    assert "Schrijf op welke informatie nodig is." in page and "Dit is geen geldige datum." in page
    assert 'value="Blijft staan"' in page
    assert not InformatieVerzoek.objects.exists()


def test_a_too_long_request_is_refused(alice_client, traject):
    r = alice_client.post(vb_url(traject, "informatie"), nieuw(wat="w" * 1001, van_wie="a\x00b"))
    assert r.status_code == 200 and "1000 tekens bevat" in html(r)
    assert not InformatieVerzoek.objects.exists()


def test_a_double_submit_asks_once(alice_client, traject):
    data = nieuw()
    assert alice_client.post(vb_url(traject, "informatie"), data).status_code == 302
    assert alice_client.post(vb_url(traject, "informatie"), data).status_code == 302
    assert InformatieVerzoek.objects.count() == 1


def test_a_request_comes_back_escaped(alice_client, traject):
    alice_client.post(vb_url(traject, "informatie"), nieuw(wat="<script>x()</script>"))
    page = html(alice_client.get(vb_url(traject, "informatie")))
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>x()" not in page


# One request: edit, answer, reopen


def test_the_request_page_shows_it_with_its_forms(alice_client, verzoek):
    r = alice_client.get(verzoek_url(verzoek))
    page = html(r)
    assert r.status_code == 200
    assert "Het schoolrapport van Noor" in page and "Van: Fatima (juf)" in page
    assert '<button type="submit" name="actie" value="beantwoorden">Beantwoord</button>' in page
    assert "opgeschreven door Alice Jansen" in page


def test_editing_a_request(alice_client, verzoek):
    r = alice_client.post(verzoek_url(verzoek), bewerk(verzoek, van_wie="Meester Jan", uiterlijk=""))
    assert r.status_code == 302
    verzoek.refresh_from_db()
    assert (verzoek.van_wie, verzoek.uiterlijk, verzoek.versie, verzoek.is_open) == ("Meester Jan", None, 2, True)
    assert "De vraag om informatie is opgeslagen." in html(alice_client.get(r["Location"]))


def test_an_edit_without_from_whom_is_refused_and_kept(alice_client, verzoek):
    r = alice_client.post(verzoek_url(verzoek), bewerk(verzoek, van_wie="", wat="Mijn nieuwe vraag"))
    page = html(r)
    assert r.status_code == 200 and "Schrijf op van wie de informatie moet komen." in page
    assert "Mijn nieuwe vraag" in page
    assert '<p class="vb-verzoek-wat">Het schoolrapport van Noor</p>' in page
    verzoek.refresh_from_db()
    assert verzoek.van_wie == "Fatima (juf)"


def test_an_edit_on_an_old_version_is_refused(alice_client, verzoek):
    data = bewerk(verzoek, wat="Mijn versie")
    InformatieVerzoek.objects.filter(pk=verzoek.pk).update(wat="Versie van een collega", versie=3)
    r = alice_client.post(verzoek_url(verzoek), data)
    page = html(r)
    assert "Iemand anders heeft dit intussen veranderd." in page and "Mijn versie" in page and "Versie van een collega" in page
    verzoek.refresh_from_db()
    assert verzoek.wat == "Versie van een collega"


def test_answering_a_request(alice_client, traject, verzoek):
    r = alice_client.post(verzoek_url(verzoek), antwoord(verzoek))
    assert r.status_code == 302 and r["Location"] == vb_url(traject, "informatie") + f"#verzoek-{verzoek.uuid}"
    verzoek.refresh_from_db()
    assert verzoek.antwoord == "Noor gaat goed mee in de klas." and verzoek.beantwoord_op is not None
    page = html(alice_client.get(r["Location"]))
    assert "Het antwoord is opgeslagen." in page
    assert "Noor gaat goed mee in de klas." in page.split("Beantwoord (1)")[1]


def test_an_empty_answer_is_refused(alice_client, verzoek):
    r = alice_client.post(verzoek_url(verzoek), antwoord(verzoek, tekst="  "))
    assert r.status_code == 200 and "Schrijf het antwoord op." in html(r)
    verzoek.refresh_from_db()
    assert verzoek.is_open


def test_an_answer_sent_twice_is_fine(alice_client, verzoek):
    data = antwoord(verzoek)
    assert alice_client.post(verzoek_url(verzoek), data).status_code == 302
    assert alice_client.post(verzoek_url(verzoek), data).status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.antwoord == "Noor gaat goed mee in de klas."


def test_an_unknown_action_only_edits(alice_client, verzoek):
    data = bewerk(verzoek, wat="Bewerkt")
    data["actie"] = "\x00iets"
    assert alice_client.post(verzoek_url(verzoek), data).status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.wat == "Bewerkt" and verzoek.is_open


def test_reopening_keeps_the_answer(alice_client, verzoek):
    verzoek.beantwoorden("Eerste antwoord")
    page = html(alice_client.get(verzoek_url(verzoek)))
    assert "Weer openzetten" in page and "Antwoord opslaan" in page
    r = alice_client.post(verzoek_url(verzoek, "verzoek_heropenen"))
    assert r.status_code == 302 and r["Location"] == verzoek_url(verzoek)
    verzoek.refresh_from_db()
    assert verzoek.is_open and verzoek.antwoord == "Eerste antwoord"
    assert "De vraag staat weer open." in html(alice_client.get(r["Location"]))
    assert alice_client.post(verzoek_url(verzoek, "verzoek_heropenen")).status_code == 302


def test_reopening_needs_a_post(alice_client, verzoek):
    verzoek.beantwoorden("Ja")
    assert alice_client.get(verzoek_url(verzoek, "verzoek_heropenen")).status_code == 405
    verzoek.refresh_from_db()
    assert not verzoek.is_open


def test_a_request_of_another_traject_is_404(alice_client, traject, mallory_traject):
    ander = InformatieVerzoek.objects.create(traject=mallory_traject, wat="Geheim", van_wie="X")
    for naam in ("verzoek", "verzoek_heropenen"):
        assert alice_client.post(vb_url(traject, naam, ander.uuid), {"actie": "beantwoorden"}).status_code == 404
    assert alice_client.get(vb_url(traject, "verzoek", ander.uuid)).status_code == 404


def test_information_pages_are_for_facilitators_of_this_traject_only(client, mallory_client, bob_client, erin_client,
                                                                     traject, verzoek):
    for url in (vb_url(traject, "informatie"), verzoek_url(verzoek), verzoek_url(verzoek, "verzoek_heropenen")):
        assert_login_redirect(client.post(url, nieuw()))
        for c, status in ((mallory_client, 404), (erin_client, 404), (bob_client, 403)):
            assert c.post(url, nieuw()).status_code == status
            assert c.post(url, antwoord(verzoek)).status_code == status
    assert InformatieVerzoek.objects.count() == 1
    verzoek.refresh_from_db()
    assert verzoek.is_open and verzoek.versie == 1


def test_the_gesprek_link_of_a_request_leads_to_the_gesprek(alice_client, verzoek):
    page = html(alice_client.get(verzoek_url(verzoek)))
    assert gesprek_url(verzoek.gesprek) in page
    Gesprek.objects.filter(pk=verzoek.gesprek.pk).update(verwijderd_op=timezone.now())
    assert gesprek_url(verzoek.gesprek) not in html(alice_client.get(verzoek_url(verzoek)))
