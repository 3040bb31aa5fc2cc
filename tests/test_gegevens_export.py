"""The export for an inzageverzoek: a ZIP with every record of the traject, every plan's PDF and a LEESMIJ.txt."""

import io
import json
import zipfile
from collections import defaultdict

import pytest
from django.db import connection
from django.db.models.deletion import Collector
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from besluitvorming.models import Bijeenkomst, Plan, PlanPdf, Telefoonkoppeling
from gegevens.records import cascade_paden
from kwesties.models import Betrokkene
from links.models import PersoonlijkeLink

from .conftest import assert_login_redirect
from .gegevens_hulp import MERK, bouw_traject


def export_url(traject):
    return f"/trajecten/{traject.uuid}/inzage/"


def download(client, traject):
    r = client.get(export_url(traject))
    assert r.status_code == 200, r.status_code
    return r, zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))


def records(zip_):
    """{model label: {pk: fields}} from traject.json."""
    uit = defaultdict(dict)
    for record in json.loads(zip_.read("traject.json"))["records"]:
        uit[record["model"]][record["pk"]] = record["fields"]
    return uit


class AllesVerzamelen(Collector):
    """Django's deletion Collector, made to collect every row instead of deleting some in bulk unseen."""

    def can_fast_delete(self, *args, **kwargs):
        return False


def wat_wissen_zou_weghalen(traject):
    collector = AllesVerzamelen(using="default", origin=traject)
    collector.collect([traject])
    return {model._meta.label_lower: {o.pk for o in objs} for model, objs in collector.data.items()}


@pytest.fixture
def volledig(org, alice, bob):
    return bouw_traject(org, alice, bob, MERK)[0]


def test_the_export_holds_exactly_the_records_that_erasing_would_remove(alice_client, volledig):
    verwacht = wat_wissen_zou_weghalen(volledig)
    # The world has a row of every model under a traject, so the comparison covers them all.
    assert set(verwacht) == {m._meta.label_lower for m in cascade_paden()}
    _r, zip_ = download(alice_client, volledig)
    gevonden = {label: set(rijen) for label, rijen in records(zip_).items()}
    assert gevonden == verwacht


def test_the_export_holds_the_words_people_wrote(alice_client, volledig):
    _r, zip_ = download(alice_client, volledig)
    rijen = records(zip_)
    (gesprek,) = rijen["voorbereiding.gesprek"].values()
    assert gesprek["notities_prive"] == f"PRIVE {MERK}"
    assert any(r["reden"] == f"Bezwaar {MERK}" for r in rijen["besluitvorming.reactie"].values())
    (plan,) = rijen["besluitvorming.plan"].values()
    assert plan["inhoud"]["traject"] == f"Familie {MERK}"
    medewerkers = json.loads(zip_.read("traject.json"))["medewerkers"]
    assert {m["naam"] for m in medewerkers} == {"Alice Jansen", "Bob de Vries"}
    assert "alice@example.org" not in zip_.read("traject.json").decode()


def test_the_export_holds_no_secrets(alice_client, volledig):
    _r, zip_ = download(alice_client, volledig)
    tekst = zip_.read("traject.json").decode()
    geheim = [
        *PersoonlijkeLink.objects.values_list("token_hash", flat=True),
        *Telefoonkoppeling.objects.values_list("token_hash", flat=True),
        *Bijeenkomst.objects.exclude(meedoen_code="").values_list("meedoen_code", flat=True),
    ]
    assert len(geheim) == 3
    for waarde in geheim:
        assert waarde not in tekst
    for veld in ("token_hash", "meedoen_code", "client_token", '"pdf"'):
        assert veld not in tekst
    assert "%PDF" not in tekst
    assert all(set(r) == {"sleutel", "plan", "gemaakt_op"} for r in records(zip_)["besluitvorming.planpdf"].values())


def test_the_zip_holds_one_pdf_per_vastgesteld_plan_that_pypdf_opens(alice_client, alice, vastgesteld_plan, traject):
    # A revision under way: its plan is a concept and has no PDF yet.
    nieuw = Bijeenkomst.objects.get(pk=vastgesteld_plan.bijeenkomst_id).herzien(alice)
    Plan.voor(nieuw)
    _r, zip_ = download(alice_client, traject)
    assert sorted(zip_.namelist()) == ["LEESMIJ.txt", "plan-v1.pdf", "traject.json"]
    pdf = PdfReader(io.BytesIO(zip_.read("plan-v1.pdf")))
    assert len(pdf.pages) >= 1
    assert "Familie J." in pdf.pages[0].extract_text()
    assert len(records(zip_)["besluitvorming.plan"]) == 2


def test_a_plan_without_a_stored_pdf_is_rendered_for_the_export_and_kept(alice_client, vastgesteld_plan, traject):
    PlanPdf.objects.all().delete()
    _r, zip_ = download(alice_client, traject)
    assert zip_.read("plan-v1.pdf").startswith(b"%PDF")
    assert bytes(PlanPdf.objects.get(plan=vastgesteld_plan).pdf) == zip_.read("plan-v1.pdf")


def test_the_export_of_the_stored_pdf_is_the_same_file_as_the_download(alice_client, vastgesteld_plan, traject):
    pdf = alice_client.get(f"/trajecten/{traject.uuid}/bijeenkomst/plan/versies/1/plan.pdf")
    assert pdf.status_code == 200
    _r, zip_ = download(alice_client, traject)
    assert zip_.read("plan-v1.pdf") == pdf.content


def test_leesmij_explains_the_files_in_plain_dutch(alice_client, vastgesteld_plan, traject):
    _r, zip_ = download(alice_client, traject)
    leesmij = zip_.read("LEESMIJ.txt").decode()
    assert "Alle gegevens van het traject Familie J." in leesmij
    assert "traject.json" in leesmij and "plan-v1.pdf" in leesmij
    assert "Het vastgestelde plan, versie 1" in leesmij
    assert "niet op die\r\nvan anderen" in leesmij


def test_the_download_is_private_and_never_cached(alice_client, traject):
    r, zip_ = download(alice_client, traject)
    assert r["Content-Type"] == "application/zip"
    assert r["Content-Disposition"].startswith('attachment; filename="inzage-familie-j-')
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]
    assert "traject.json" in zip_.namelist()


def test_the_export_does_not_take_more_queries_for_a_larger_traject(alice_client, alice, vastgesteld_plan, traject):
    def tel():
        with CaptureQueriesContext(connection) as queries:
            download(alice_client, traject)
        return len(queries)

    tel()  # the first export renders nothing more: the PDF is stored from now on
    klein = tel()
    for i in range(60):
        b = Betrokkene.objects.create(traject=traject, voornaam=f"Persoon {i}", relatie="buur")
        PersoonlijkeLink.uitgeven(b, alice)
    assert tel() == klein


def test_only_the_traject_s_facilitators_may_export(client, bob_client, carol_client, mallory_client, traject):
    assert bob_client.get(export_url(traject)).status_code == 403
    assert carol_client.get(export_url(traject)).status_code == 404
    assert mallory_client.get(export_url(traject)).status_code == 404
    assert_login_redirect(client.get(export_url(traject)))


def test_the_export_takes_no_post(alice_client, mallory_client, traject):
    assert alice_client.post(export_url(traject)).status_code == 405
    assert mallory_client.post(export_url(traject)).status_code == 404


def test_the_traject_page_offers_the_export_to_its_facilitators_only(alice_client, bob_client, traject):
    assert f'href="{export_url(traject)}"' in alice_client.get(f"/trajecten/{traject.uuid}/").content.decode()
    assert export_url(traject) not in bob_client.get(f"/trajecten/{traject.uuid}/").content.decode()
