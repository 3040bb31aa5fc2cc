"""The organisation's log, for its beheerders: filtered by period, person and traject, and exported as CSV.

The beheerder sees who did what in which traject, but no case content: a personal link is not named.
"""

import csv
import datetime
import io
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from kwesties.models import Traject, TrajectRol
from logboek import views
from logboek.models import Toegang

from .conftest import assert_login_redirect
from .test_links_pagina import html

MEI = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)


def logboek_url(org, query=""):
    return reverse("logboek:organisatie", args=[org.uuid]) + query


def csv_url(org, query=""):
    return reverse("logboek:organisatie_csv", args=[org.uuid]) + query


def op(dag, uur=12):
    """A moment in May 2026, Dutch time."""
    return timezone.make_aware(datetime.datetime(2026, 5, dag, uur))


def regel(organisatie, traject=None, gebruiker=None, moment=None, **velden):
    velden = {"actie": "bekeken", "weergave": "kwesties:kwestie", "methode": "GET", "ip": "192.0.2.1",
              "omschrijving": "Kwestie", "via": "account" if gebruiker else "link", **velden}
    if velden["via"] == "link":
        velden.update(link_uuid=uuid.uuid4(), betrokkene_uuid=uuid.uuid4())
    return Toegang.objects.create(
        organisatie=organisatie, traject_uuid=traject.uuid if traject else None, gebruiker=gebruiker,
        op=moment or timezone.now(), **velden,
    )


def rijen(body):
    return re.findall(r"<tr>\s*<td data-label=\"Wanneer\">.*?</tr>", body, re.DOTALL)


def lees_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    inhoud = b"".join(response.streaming_content).decode("utf-8")
    assert inhoud.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(inhoud[1:]), delimiter=";"))


@pytest.fixture
def tweede_traject(org, alice):
    t = Traject.objects.create(organisatie=org, label="Familie K.", aangemaakt_door=alice)
    TrajectRol.objects.create(traject=t, user=alice, rol=TrajectRol.Rol.FACILITATOR)
    return t


@pytest.fixture
def mei(org, traject, tweede_traject, alice, bob, carol, kring):
    """A month in the log: alice and bob in two trajecten, a link, and carol's beheer."""
    return [
        regel(org, traject, alice, op(1, 9), omschrijving="Console van de bijeenkomst", weergave="besluitvorming:console"),
        regel(org, traject, bob, op(10), actie="gewijzigd", methode="POST", omschrijving="Kaders vastgesteld"),
        regel(org, tweede_traject, alice, op(20), omschrijving="Kring", weergave="kwesties:kring"),
        regel(org, traject, None, op(21), omschrijving="Eigen pagina via de link", weergave="link:pagina"),
        regel(org, None, carol, op(31, 23), actie="gewijzigd", methode="POST", weergave="beheer:lid_toevoegen",
              omschrijving="Lid toegevoegd: Erin Smit (erin@example.org)"),
    ]


def test_the_beheerder_sees_the_whole_organisation_newest_first(carol_client, org, mei, mallory_traject, mallory):
    regel(mallory_traject.organisatie, mallory_traject, mallory, omschrijving="Bij een ander")
    r = carol_client.get(logboek_url(org))
    assert r.status_code == 200
    body = html(r)
    gevonden = rijen(body)
    assert len(gevonden) == 5
    assert "Lid toegevoegd: Erin Smit" in gevonden[0] and "De organisatie" in gevonden[0]
    assert "Persoonlijke link" in gevonden[1] and "Familie J." in gevonden[1]
    assert "Familie K." in gevonden[2] and "Alice Jansen" in gevonden[2]
    assert "Bij een ander" not in body
    assert "5 regels" in body


def test_the_beheerder_does_not_learn_who_in_the_kring_used_a_link(carol_client, org, mei, kring):
    Toegang.objects.create(organisatie=org, traject_uuid=mei[0].traject_uuid, via="link", link_uuid=uuid.uuid4(),
                           betrokkene_uuid=kring[0].uuid, actie="bekeken", weergave="link:pagina", methode="GET")
    body = html(carol_client.get(logboek_url(org)))
    assert "Sanne" not in body


@pytest.mark.parametrize("query, verwacht", [
    ("?van=2026-05-10", ["Lid toegevoegd", "Eigen pagina", "Kring", "Kaders vastgesteld"]),
    ("?tot=2026-05-10", ["Kaders vastgesteld", "Console"]),
    ("?van=2026-05-10&tot=2026-05-10", ["Kaders vastgesteld"]),
    ("?van=31-05-2026", ["Lid toegevoegd"]),  # 23:00 Dutch time on the 31st still counts as the 31st
    ("?traject=familie+k", ["Kring"]),
    ("?traject=Familie", ["Eigen pagina", "Kring", "Kaders vastgesteld", "Console"]),
    ("?wie=kring", ["Eigen pagina"]),
    ("?tot=2026-05-15&traject=J.", ["Kaders vastgesteld", "Console"]),
])
def test_the_filter_narrows_the_log(carol_client, org, mei, query, verwacht):
    body = html(carol_client.get(logboek_url(org, query)))
    gevonden = rijen(body)
    assert len(gevonden) == len(verwacht), query
    for rij, tekst in zip(gevonden, verwacht, strict=True):
        assert tekst in rij, (query, tekst)


def test_the_filter_by_person_offers_the_members(carol_client, org, mei, alice):
    body = html(carol_client.get(logboek_url(org)))
    assert f'<option value="{alice.uuid}">Alice Jansen</option>' in body
    gevonden = rijen(html(carol_client.get(logboek_url(org, f"?wie={alice.uuid}"))))
    assert len(gevonden) == 2 and all("Alice Jansen" in rij for rij in gevonden)


@pytest.mark.parametrize("query, veld, fout", [
    ("?van=31-02-2026&traject=Familie", "van", "Deze datum klopt niet. Schrijf hem als dag-maand-jaar."),
    ("?tot=morgen&traject=Familie", "tot", "Deze datum klopt niet. Schrijf hem als dag-maand-jaar."),
    ("?van=9999-12-31&traject=Familie", "van", "Vul een datum in tussen het jaar 2000 en 3000."),
    ("?van=2026-05-10&tot=2026-05-01&traject=Familie", "tot", "Deze datum ligt voor de datum bij ‘Van’."),
    ("?wie=iemand-anders&traject=Familie", "wie", "Kies iemand uit de lijst."),
])
def test_a_bad_filter_says_what_is_wrong_beside_the_field_and_keeps_the_rest(carol_client, org, mei, query, veld, fout):
    r = carol_client.get(logboek_url(org, query))
    assert r.status_code == 200
    body = html(r)
    fouten = re.search(rf'<div class="errors" id="id_{veld}_error">(.*?)</div>', body, re.DOTALL)
    assert fouten and fout in fouten.group(1)
    assert 'name="traject" value="Familie"' in body  # what was typed stays, the wrong date too
    for naam, waarde in re.findall(r"[?&](van|tot)=([^&]+)", query):
        assert f'name="{naam}" value="{waarde}"' in body
    assert rijen(body) == [] and "Verbeter eerst wat hierboven in rood staat." in body
    assert "logboek.csv" not in body


def test_the_pages_keep_the_filter(carol_client, org, traject, alice):
    for i in range(30):
        regel(org, traject, alice, op(5, 10) + datetime.timedelta(minutes=i), omschrijving=f"Stap {i:02d}")
    body = html(carol_client.get(logboek_url(org, "?van=2026-05-05&traject=J.")))
    assert len(rijen(body)) == 25 and "Pagina 1 van 2" in body
    assert '<a href="?van=2026-05-05&amp;traject=J.&amp;pagina=2">Volgende</a>' in body
    tweede = html(carol_client.get(logboek_url(org, "?van=2026-05-05&traject=J.&pagina=2")))
    assert len(rijen(tweede)) == 5 and "Stap 00" in tweede


def test_viewing_the_log_is_itself_logged_with_its_filter(carol_client, carol, org, mei):
    carol_client.get(logboek_url(org, "?van=2026-05-10&traject=familie"), REMOTE_ADDR="192.0.2.200")
    eigen = Toegang.objects.latest("pk")
    assert (eigen.gebruiker, eigen.organisatie, eigen.traject_uuid, eigen.weergave, eigen.actie, eigen.ip) == (
        carol, org, None, "logboek:organisatie", "bekeken", "192.0.2.200")
    assert eigen.omschrijving == "Logboek van de organisatie: van 10-05-2026, traject “familie”"


# The CSV export


def test_the_csv_holds_the_filtered_log_for_excel(carol_client, org, mei, alice, traject):
    r = carol_client.get(csv_url(org, "?tot=2026-05-21"))
    assert r.status_code == 200
    assert re.fullmatch(r'attachment; filename="logboek-jeugdbescherming-oost-\d{4}-\d{2}-\d{2}\.csv"',
                        r["Content-Disposition"])
    rijen_csv = lees_csv(r)
    assert [rij["Omschrijving"] for rij in rijen_csv] == [
        "Eigen pagina via de link", "Kring", "Kaders vastgesteld", "Console van de bijeenkomst"]
    console = rijen_csv[-1]
    assert console == {
        "Wanneer": "2026-05-01 09:00:00", "Traject": "Familie J.", "Traject-id": str(traject.uuid),
        "Wie": "Alice Jansen", "E-mailadres": "alice@example.org", "Via": "Ingelogd", "Link-id": "",
        "Persoon-id": "", "Wat": "Bekeken", "Omschrijving": "Console van de bijeenkomst",
        "Pagina": "besluitvorming:console", "Methode": "GET", "IP-adres": "192.0.2.1",
    }
    link = rijen_csv[0]
    assert link["Wie"] == "Persoonlijke link" and link["Via"] == "Persoonlijke link"
    assert link["Link-id"] == str(mei[3].link_uuid) and link["E-mailadres"] == ""


def test_the_csv_cannot_smuggle_a_formula_into_a_spreadsheet(carol_client, org, alice):
    t = Traject.objects.create(organisatie=org, label="=HYPERLINK(\"http://evil\")", aangemaakt_door=alice)
    alice.naam = "@SUM(1+1)"
    alice.save()
    for tekst in ("=1+1", "+31 6 1234", "-2+3", "@A1", "\tverstopt", "gewoon; met ; puntkomma's en \"quotes\""):
        regel(org, t, alice, omschrijving=tekst)
    eigen, *rijen_csv = lees_csv(carol_client.get(csv_url(org)))
    assert eigen["Omschrijving"] == "Logboek van de organisatie als CSV"  # the export itself comes first
    omschrijvingen = [rij["Omschrijving"] for rij in rijen_csv]
    assert omschrijvingen == ["gewoon; met ; puntkomma's en \"quotes\"", "'\tverstopt", "'@A1", "'-2+3",
                              "'+31 6 1234", "'=1+1"]
    assert {rij["Traject"] for rij in rijen_csv} == {"'=HYPERLINK(\"http://evil\")"}
    assert {rij["Wie"] for rij in rijen_csv} == {"'@SUM(1+1)"}


def test_the_csv_is_read_in_parts_and_misses_nothing(carol_client, org, traject, alice, monkeypatch):
    monkeypatch.setattr(views, "CSV_DEEL", 3)
    moment = op(3)
    for i in range(10):
        # Two entries share each moment: the parts are cut on the moment and the id together.
        regel(org, traject, alice, moment - datetime.timedelta(seconds=i // 2), omschrijving=f"Regel {i}")
    assert [rij["Omschrijving"] for rij in lees_csv(carol_client.get(csv_url(org)))] == [
        "Logboek van de organisatie als CSV", *(f"Regel {i}" for i in (1, 0, 3, 2, 5, 4, 7, 6, 9, 8))]


def test_exporting_is_itself_logged_as_a_download(carol_client, carol, org, mei):
    lees_csv(carol_client.get(csv_url(org, f"?wie={carol.uuid}")))
    eigen = Toegang.objects.latest("pk")
    assert (eigen.gebruiker, eigen.weergave, eigen.actie) == (carol, "logboek:organisatie_csv", "gedownload")
    assert eigen.omschrijving == "Logboek van de organisatie als CSV: Carol Bakker"


def test_a_csv_with_a_bad_filter_goes_back_to_the_page_that_says_why(carol_client, org):
    r = carol_client.get(csv_url(org, "?van=gisteren&traject=J."))
    assert r.status_code == 302
    assert r["Location"] == logboek_url(org, "?van=gisteren&traject=J.")
    assert not Toegang.objects.exists()


# Who may


@pytest.mark.parametrize("url", [logboek_url, csv_url])
def test_a_beheerder_of_another_organisation_gets_404(mallory_client, org, url):
    assert mallory_client.get(url(org)).status_code == 404


@pytest.mark.parametrize("url", [logboek_url, csv_url])
@pytest.mark.parametrize("wie", ["alice_client", "erin_client"])
def test_a_member_who_is_no_beheerder_gets_404(request, org, traject, url, wie):
    assert request.getfixturevalue(wie).get(url(org)).status_code == 404


@pytest.mark.parametrize("url", [logboek_url, csv_url])
def test_anonymous_users_are_sent_to_log_in(client, org, url):
    assert_login_redirect(client.get(url(org)))


def test_the_beheer_page_links_to_the_log(carol_client, org):
    assert logboek_url(org) in html(carol_client.get(reverse("beheer:organisatie", args=[org.uuid])))
