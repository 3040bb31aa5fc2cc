"""A vastgesteld plan's PDF is rendered once and kept: later downloads get the same bytes without rendering again."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from besluitvorming import pdf
from besluitvorming.models import Plan, PlanPdf
from kwesties.models import Traject

from .test_plan import plan, plan_url, toets  # noqa: F401 (fixtures)

CONTROLE_URL = "https://nieuwe-route.example/controle/"


def test_the_first_pdf_is_stored_and_the_next_download_is_the_same_bytes_without_rendering(
    vastgesteld_plan, monkeypatch
):
    eerste = pdf.plan_pdf_bytes(vastgesteld_plan, basis_url=CONTROLE_URL)
    opgeslagen = PlanPdf.objects.get(plan=vastgesteld_plan)
    assert bytes(opgeslagen.pdf) == eerste
    assert eerste.startswith(b"%PDF")
    monkeypatch.setattr(pdf, "render_pdf", lambda html: pytest.fail("rendered again"))
    assert pdf.plan_pdf_bytes(Plan.objects.get(pk=vastgesteld_plan.pk), basis_url=CONTROLE_URL) == eerste


def test_another_footer_address_renders_anew_and_replaces_the_stored_pdf(vastgesteld_plan):
    pdf.plan_pdf_bytes(vastgesteld_plan, basis_url=CONTROLE_URL)
    sleutel = PlanPdf.objects.get(plan=vastgesteld_plan).sleutel
    ander = pdf.plan_pdf_bytes(vastgesteld_plan, basis_url="https://andere-host.example/controle/")
    assert PlanPdf.objects.filter(plan=vastgesteld_plan).count() == 1
    opgeslagen = PlanPdf.objects.get(plan=vastgesteld_plan)
    assert opgeslagen.sleutel != sleutel
    assert bytes(opgeslagen.pdf) == ander


def test_a_changed_template_or_stylesheet_gives_another_key(vastgesteld_plan, monkeypatch):
    sleutel = pdf._sleutel(vastgesteld_plan, CONTROLE_URL)
    assert pdf._sleutel(vastgesteld_plan, CONTROLE_URL) == sleutel
    assert pdf._sleutel(vastgesteld_plan, CONTROLE_URL + "x") != sleutel
    echte_template = pdf.get_template

    class AnderTemplate:
        def __init__(self, t):
            self.template = type("T", (), {"source": t.template.source + "<!-- changed -->"})

    monkeypatch.setattr(pdf, "get_template", lambda naam: AnderTemplate(echte_template(naam)))
    assert pdf._sleutel(vastgesteld_plan, CONTROLE_URL) != sleutel
    monkeypatch.undo()
    echte = pdf._eigen_css

    class AndereCss:
        def __init__(self, pad):
            self.pad = pad

        def read_bytes(self):
            return self.pad.read_bytes() + b"\n/* changed */"

    monkeypatch.setattr(pdf, "_eigen_css", lambda url: AndereCss(echte(url)))
    assert pdf._sleutel(vastgesteld_plan, CONTROLE_URL) != sleutel


def test_a_concept_plan_is_never_stored(afspraak):
    concept = afspraak.plan
    assert concept.status == Plan.Status.CONCEPT
    pdf.plan_pdf_bytes(concept)
    assert not PlanPdf.objects.exists()


def test_a_new_snapshot_gives_another_key(vastgesteld_plan):
    from besluitvorming import planinhoud

    sleutel = pdf._sleutel(vastgesteld_plan, CONTROLE_URL)
    inhoud = {**vastgesteld_plan.inhoud, "wie_grijpt_in": "Iemand anders"}
    h = planinhoud.hash_van(inhoud)
    Plan.objects.filter(pk=vastgesteld_plan.pk).update(inhoud=inhoud, inhoud_hash=h, code=planinhoud.code_van(h))
    assert pdf._sleutel(Plan.objects.get(pk=vastgesteld_plan.pk), CONTROLE_URL) != sleutel


def test_a_stored_pdf_is_served_without_loading_the_snapshot(vastgesteld_plan, alice_client, monkeypatch):
    url = reverse("besluitvorming:plan_pdf", args=[vastgesteld_plan.traject.uuid, vastgesteld_plan.versie])
    alice_client.get(url)
    monkeypatch.setattr(pdf, "plan_html", lambda *a: pytest.fail("the snapshot was read"))
    r = alice_client.get(url)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_the_download_view_serves_the_stored_pdf(vastgesteld_plan, alice_client, monkeypatch):
    url = reverse("besluitvorming:plan_pdf", args=[vastgesteld_plan.traject.uuid, vastgesteld_plan.versie])
    eerste = alice_client.get(url)
    assert eerste.status_code == 200
    monkeypatch.setattr(pdf, "render_pdf", lambda html: pytest.fail("rendered again"))
    tweede = alice_client.get(url)
    assert tweede.status_code == 200
    assert tweede.content == eerste.content
    assert PlanPdf.objects.count() == 1


def test_erasing_the_traject_erases_its_stored_pdfs(vastgesteld_plan):
    pdf.plan_pdf_bytes(vastgesteld_plan)
    assert PlanPdf.objects.count() == 1
    Traject.objects.filter(pk=vastgesteld_plan.traject_id).delete()
    assert PlanPdf.objects.count() == 0


# Rendered right after vaststellen, in a process of its own


@pytest.fixture
def popen(monkeypatch):
    """The processes vaststellen starts: (command line, keyword arguments), none really started."""
    gestart = []
    monkeypatch.setattr(pdf.subprocess, "Popen", lambda opdracht, **kwargs: gestart.append((opdracht, kwargs)))
    return gestart


def test_vaststellen_starts_rendering_the_pdf_once_it_is_committed(
    alice_client, traject, plan, bob, settings, popen, django_capture_on_commit_callbacks  # noqa: F811
):
    settings.PLAN_PDF_ACHTERGROND = True
    toets(plan, bob)
    with django_capture_on_commit_callbacks() as callbacks:
        alice_client.post(plan_url(traject, "vaststellen"))
        assert popen == []  # not before the vaststelling is committed
    for callback in callbacks:
        callback()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.VASTGESTELD
    [(opdracht, kwargs)] = popen
    assert opdracht[2:] == ["plan_pdf", str(plan.uuid), "--basis-url=http://testserver/controle/", "--achtergrond"]
    assert kwargs["start_new_session"] is True


def test_without_the_setting_nothing_is_started(alice_client, traject, plan, bob, popen):  # noqa: F811
    toets(plan, bob)
    alice_client.post(plan_url(traject, "vaststellen"))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.VASTGESTELD
    assert popen == []


def test_the_command_stores_the_pdf_the_first_download_then_serves(vastgesteld_plan, alice_client, monkeypatch):
    call_command("plan_pdf", str(vastgesteld_plan.uuid), basis_url="http://testserver/controle/", verbosity=0)
    opgeslagen = PlanPdf.objects.get(plan=vastgesteld_plan)
    monkeypatch.setattr(pdf, "render_pdf", lambda html: pytest.fail("rendered again"))
    url = reverse("besluitvorming:plan_pdf", args=[vastgesteld_plan.traject.uuid, vastgesteld_plan.versie])
    assert alice_client.get(url).content == bytes(opgeslagen.pdf)


@pytest.mark.parametrize("welk", ["onzin", "00000000-0000-0000-0000-000000000000", "concept"])
def test_the_command_refuses_what_is_not_a_vastgesteld_plan(welk, afspraak):
    uuid = str(Plan.objects.get(pk=afspraak.plan_id).uuid) if welk == "concept" else welk
    with pytest.raises(CommandError, match="No vastgesteld plan"):
        call_command("plan_pdf", uuid, basis_url="http://testserver/controle/", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_started_process_really_renders_and_stores_it(vastgesteld_plan, tmp_path):
    """The command line vaststellen starts, run for real against this test's database."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    opdracht = [sys.executable, str(django_settings.BASE_DIR / "manage.py"), "plan_pdf", str(vastgesteld_plan.uuid),
                "--basis-url=http://testserver/controle/", "--achtergrond"]
    klaar = subprocess.run(opdracht, env={**os.environ, "DATABASE_URL": url}, capture_output=True,
                           text=True, timeout=120, check=False)
    assert klaar.returncode == 0, klaar.stderr
    assert PlanPdf.objects.get(plan=vastgesteld_plan).sleutel == pdf._sleutel(vastgesteld_plan,
                                                                            "http://testserver/controle/")
