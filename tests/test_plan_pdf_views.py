"""The professional download of a vastgesteld plan, and the list of all its versions."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from besluitvorming.models import Aanwezigheid, Plan
from kwesties.models import Traject, TrajectRol

from .conftest import assert_login_redirect


def pdf_url(traject, versie=1):
    return reverse("besluitvorming:plan_pdf", args=[traject.uuid, versie])


def versies_url(traject):
    return reverse("besluitvorming:plan_versies", args=[traject.uuid])


def pdf_tekst(response):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def maak_versie_2(plan, alice, bob, kring):
    """A revision meeting whose one round gets consent, checked and vastgesteld: version 2 of the plan."""
    nieuw = plan.bijeenkomst.herzien(alice)
    nieuw.starten(alice)
    sanne, mark, ria, noor, fatima = kring
    for b in (sanne, mark, ria, fatima):
        Aanwezigheid.objects.create(bijeenkomst=nieuw, betrokkene=b, status="aanwezig")
    ronde = nieuw.voorstellen.first().open_ronde(alice)
    for r in ronde.reacties.all():
        ronde.reageer(r.betrokkene, "geen_bezwaar", door=alice)
    ronde.sluiten(alice)
    nieuw_plan = Plan.voor(nieuw)
    nieuw_plan.kaders_toetsen(bob, [(k, True, "") for k in plan.traject.kaderset.kaders.geldig()])
    nieuw_plan.vaststellen(alice)
    return Plan.objects.get(pk=nieuw_plan.pk)


# --- The PDF -------------------------------------------------------------------------------------------------------

def test_the_facilitator_downloads_the_plan_as_a_pdf_file(alice_client, traject, vastgesteld_plan):
    r = alice_client.get(pdf_url(traject))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'attachment; filename="plan-familie-j-versie-1.pdf"'
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]
    assert r.content.startswith(b"%PDF-")
    tekst = pdf_tekst(r)
    assert "Plan Familie J." in tekst
    assert f"Controlecode: {vastgesteld_plan.code} · controleer op http://testserver/controle/" in tekst


@pytest.mark.parametrize("wie", ["bob_client", "dave_client"])
def test_the_kaderstellers_download_it_too(wie, request, traject, vastgesteld_plan):
    r = request.getfixturevalue(wie).get(pdf_url(traject))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_the_pdf_is_in_dutch_also_for_someone_who_reads_the_app_in_english(alice_client, traject, vastgesteld_plan):
    alice_client.cookies["django_language"] = "en"
    assert "Vervolgafspraken" in pdf_tekst(alice_client.get(pdf_url(traject)))


def test_an_unknown_version_is_404(alice_client, traject, vastgesteld_plan):
    assert alice_client.get(pdf_url(traject, 2)).status_code == 404
    assert alice_client.get(pdf_url(traject, 0)).status_code == 404


def test_a_plan_that_is_not_vastgesteld_has_no_pdf(alice_client, traject, afspraak):
    assert not Plan.objects.filter(traject=traject, status="vastgesteld").exists()
    assert alice_client.get(pdf_url(traject, 1)).status_code == 404


def test_another_trajects_version_is_404(alice_client, org, alice, traject, vastgesteld_plan):
    ander = Traject.objects.create(organisatie=org, label="Familie K.", aangemaakt_door=alice)
    TrajectRol.objects.create(traject=ander, user=alice, rol=TrajectRol.Rol.FACILITATOR)
    assert alice_client.get(pdf_url(ander, 1)).status_code == 404


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, vastgesteld_plan):
    assert mallory_client.get(pdf_url(traject)).status_code == 404
    assert mallory_client.post(pdf_url(traject)).status_code == 404
    assert mallory_client.get(versies_url(traject)).status_code == 404


@pytest.mark.parametrize("wie", ["erin_client", "carol_client"])
def test_colleagues_without_a_role_on_the_traject_get_404(wie, request, traject, vastgesteld_plan):
    c = request.getfixturevalue(wie)
    assert c.get(pdf_url(traject)).status_code == 404
    assert c.get(versies_url(traject)).status_code == 404


def test_anonymous_users_are_sent_to_login(client, traject, vastgesteld_plan):
    assert_login_redirect(client.get(pdf_url(traject)))
    assert_login_redirect(client.get(versies_url(traject)))


def test_only_get_is_allowed(alice_client, traject, vastgesteld_plan):
    assert alice_client.post(pdf_url(traject)).status_code == 405
    assert alice_client.post(versies_url(traject)).status_code == 405


def test_the_download_uses_a_fixed_number_of_queries(alice_client, traject, vastgesteld_plan, django_assert_max_num_queries):
    # The first download renders and stores the PDF; later ones read it back. Each writes one entry in the access log.
    with django_assert_max_num_queries(14):
        assert alice_client.get(pdf_url(traject)).status_code == 200
    with django_assert_max_num_queries(8):
        assert alice_client.get(pdf_url(traject)).status_code == 200


def test_each_version_keeps_its_own_pdf(alice_client, alice, bob, kring, traject, vastgesteld_plan):
    maak_versie_2(vastgesteld_plan, alice, bob, kring)
    r1, r2 = alice_client.get(pdf_url(traject, 1)), alice_client.get(pdf_url(traject, 2))
    assert r2["Content-Disposition"] == 'attachment; filename="plan-familie-j-versie-2.pdf"'
    assert "Versie 1, vastgesteld op" in pdf_tekst(r1)
    assert "Versie 2, vastgesteld op" in pdf_tekst(r2)


# --- The list of versions ---------------------------------------------------------------------------------------------

def test_the_versions_page_lists_every_vastgesteld_version_newest_first(
    alice_client, bob_client, alice, bob, kring, traject, vastgesteld_plan
):
    twee = maak_versie_2(vastgesteld_plan, alice, bob, kring)
    for c in (alice_client, bob_client):
        r = c.get(versies_url(traject))
        assert r.status_code == 200
        body = r.content.decode()
        assert body.index('id="versie-2"') < body.index('id="versie-1"')
        assert vastgesteld_plan.code in body and twee.code in body
        assert pdf_url(traject, 1) in body and pdf_url(traject, 2) in body
        assert body.count("Alice Jansen") >= 2


def test_the_versions_page_says_so_when_there_is_no_plan_yet(alice_client, traject, afspraak):
    r = alice_client.get(versies_url(traject))
    assert r.status_code == 200
    assert "Er is nog geen plan vastgesteld." in r.content.decode()


def test_the_versions_page_does_not_grow_in_queries_with_more_versions(alice_client, alice, bob, kring, traject, vastgesteld_plan):
    with CaptureQueriesContext(connection) as een:
        assert alice_client.get(versies_url(traject)).status_code == 200
    maak_versie_2(vastgesteld_plan, alice, bob, kring)
    with CaptureQueriesContext(connection) as twee:
        assert alice_client.get(versies_url(traject)).status_code == 200
    assert len(twee) == len(een) <= 7  # 7: with the access log's one INSERT


# --- The plan page links to both ----------------------------------------------------------------------------------------

def test_the_vastgesteld_plan_page_offers_the_pdf_and_all_versions(alice_client, bob_client, traject, vastgesteld_plan):
    for c in (alice_client, bob_client):
        body = c.get(reverse("besluitvorming:plan", args=[traject.uuid])).content.decode()
        assert "Download het plan (PDF)" in body and pdf_url(traject, 1) in body
        assert versies_url(traject) in body


def test_a_plan_in_the_making_offers_no_pdf(alice_client, traject, afspraak):
    body = alice_client.get(reverse("besluitvorming:plan", args=[traject.uuid])).content.decode()
    assert "Download het plan (PDF)" not in body


def test_a_version_without_a_frozen_snapshot_has_no_pdf_but_is_still_listed(alice_client, traject, vastgesteld_plan):
    # A plan vastgesteld before snapshots existed: paper could only show live records, so there is none.
    Plan.objects.filter(pk=vastgesteld_plan.pk).update(inhoud=None, inhoud_hash="", code="")
    assert alice_client.get(pdf_url(traject)).status_code == 404
    body = alice_client.get(versies_url(traject)).content.decode()
    assert 'id="versie-1"' in body and "Geen PDF" in body and pdf_url(traject) not in body
    plan_body = alice_client.get(reverse("besluitvorming:plan", args=[traject.uuid])).content.decode()
    assert "Download het plan (PDF)" not in plan_body and versies_url(traject) in plan_body
