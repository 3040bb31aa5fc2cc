"""The public check of a printed plan: anyone can see whether a code belongs to a vastgesteld plan, and nothing more."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from besluitvorming.models import Plan
from links.models import LinkPoging

URL = reverse("controle")
NAMEN = ("Sanne", "Mark", "Ria", "Noor", "Fatima", "Alice", "Bob", "Familie J.", "Jacobs", "huiswerk")


@pytest.fixture(autouse=True)
def weinig_pogingen(settings):
    settings.LINK_POGINGEN_MAX = 3
    settings.LINK_POGINGEN_MINUTEN = 15


def controleer(client, code):
    return client.get(URL, {"code": code})


def html(r):
    return r.content.decode()


def assert_publiek(r):
    assert "no-store" in r["Cache-Control"]
    assert r["X-Robots-Tag"] == "noindex"


def assert_niemand_genoemd(body):
    for naam in NAMEN:
        assert naam not in body, naam


def test_the_page_shows_a_form_to_fill_in_the_code(client, db):
    r = client.get(URL)
    assert r.status_code == 200
    body = html(r)
    assert "Controlecode" in body and 'name="code"' in body and '<label for="id_code">' in body
    assert_publiek(r)


def test_a_right_code_names_the_version_and_date_and_nobody(client, vastgesteld_plan):
    r = controleer(client, vastgesteld_plan.code)
    assert r.status_code == 200
    with translation.override("nl"):
        datum = date_format(timezone.localtime(vastgesteld_plan.vastgesteld_op).date(), "j F Y")
    body = html(r)
    assert (
        f"Deze code hoort bij versie 1 van een plan, vastgesteld op {datum}. Klopt dit met het papier dat u heeft?"
        in body
    )
    assert_niemand_genoemd(body)
    assert_publiek(r)
    assert not LinkPoging.objects.exists()


def test_a_code_typed_with_spaces_lowercase_or_without_dash_is_found(client, vastgesteld_plan):
    code = vastgesteld_plan.code
    for getypt in (code.lower(), f"  {code[:4]} {code[5:]} ", code.replace("-", ""), code.replace("-", " - ")):
        assert "hoort bij versie 1" in html(controleer(client, getypt)), getypt


def test_a_wrong_code_says_so_and_counts_as_an_attempt(client, vastgesteld_plan):
    fout = "ZZZZ-ZZZZ" if vastgesteld_plan.code != "ZZZZ-ZZZZ" else "YYYY-YYYY"
    r = controleer(client, fout)
    assert r.status_code == 200
    body = html(r)
    assert "Deze code klopt niet. Kijk of u hem goed heeft overgenomen." in body
    assert fout in body  # the input is kept
    assert LinkPoging.objects.count() == 1


def test_a_plan_changed_behind_the_apps_back_gives_a_warning(client, vastgesteld_plan):
    inhoud = dict(vastgesteld_plan.inhoud, vervolg={**vastgesteld_plan.inhoud["vervolg"], "wie_houdt_oog": "Niemand"})
    Plan.objects.filter(pk=vastgesteld_plan.pk).update(inhoud=inhoud)
    r = controleer(client, vastgesteld_plan.code)
    body = html(r)
    assert "dat plan is later in het systeem veranderd" in body
    assert "Neem contact op met de organisatie" in body
    assert "Klopt dit met het papier" not in body
    assert_niemand_genoemd(body)


@pytest.mark.parametrize(
    "invoer", ["", "   ", "ABC", "ABCD-EFGH-IJKL", "x" * 5000, "ABCD\x00EFGH", "<script>alert(1)</script>", "€€€€-€€€€"]
)
def test_bad_input_gets_a_dutch_message_and_no_error(client, db, invoer):
    r = controleer(client, invoer)
    assert r.status_code == 200
    body = html(r)
    assert "class=\"errors\"" in body
    assert any(m in body for m in (
        "Vul de controlecode in.", "Een controlecode heeft 8 letters, zoals ABCD-EFGH.", "Null-tekens",
    ))
    assert "<script>alert(1)</script>" not in body
    assert not LinkPoging.objects.exists()


def test_too_many_wrong_codes_from_one_address_get_429_even_for_a_right_code(client, vastgesteld_plan):
    for code in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"):
        assert controleer(client, code).status_code == 200
    r = controleer(client, vastgesteld_plan.code)
    assert r.status_code == 429
    body = html(r)
    assert "Te vaak geprobeerd. Probeer het over een kwartier opnieuw." in body
    assert "hoort bij versie" not in body
    assert_publiek(r)
    # Another address can still check.
    assert "hoort bij versie 1" in html(client.get(URL, {"code": vastgesteld_plan.code}, REMOTE_ADDR="10.0.0.9"))


def test_a_concept_plan_has_no_code_to_find(client, afspraak):
    assert "Deze code klopt niet." in html(controleer(client, "AAAA-AAAA"))


def test_only_get_is_allowed(client, db):
    assert client.post(URL, {"code": "ABCD-EFGH"}).status_code == 405


def test_the_page_needs_no_login(client, vastgesteld_plan):
    r = controleer(client, vastgesteld_plan.code)
    assert r.status_code == 200 and "inloggen" not in r.get("Location", "")
