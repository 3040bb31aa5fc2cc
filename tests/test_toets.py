"""The kadersteller checks the plan against every kader: voldoet, or voldoet niet with a note for the circle."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from besluitvorming.models import Kadertoets, KaderOordeel, Plan

from .conftest import assert_login_redirect, client_for
from .test_plan import (  # noqa: F401 (plan and twee_kaders are fixtures)
    geldige_kaders, groot_maken, html, plan, plan_url, toets, toets_data, twee_kaders,
)


@pytest.fixture
def url(traject):
    return plan_url(traject, "toets")


def test_the_page_shows_the_plan_and_every_kader_with_a_choice(bob_client, url, plan, twee_kaders):
    r = bob_client.get(url)
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Past het plan binnen de kaders?</h1>" in page
    samenvatting = page.split('id="afspraken"', 1)[1].split("</ol>", 1)[0]
    assert "Huiswerk bij oma" in samenvatting and "<bdi>Ria</bdi> (Opa of oma)" in samenvatting
    assert "<bdi>Fatima</bdi>: Ook in de vakantie?" in samenvatting
    for kader in twee_kaders:
        blok = page.split(f'id="kader-{kader.uuid}"', 1)[1].split("</fieldset>\n    </fieldset>", 1)[0]
        assert kader.tekst in blok and kader.get_soort_display() in blok
        assert f'name="oordeel_{kader.uuid}" value="voldoet"' in blok
        assert f'name="oordeel_{kader.uuid}" value="voldoet_niet"' in blok
        assert f'<label for="id_toelichting_{kader.uuid}">' in blok
    plan.refresh_from_db()
    assert f'name="plan_stand" value="{plan.stand}"' in page
    assert page.count("<legend>Voldoet het plan aan dit kader?") == 2


def test_a_plan_that_meets_every_kader(bob_client, bob, traject, url, plan, twee_kaders):
    r = bob_client.post(url, toets_data(plan), follow=True)
    assert r.redirect_chain[-1][0] == plan_url(traject)
    assert "Het plan past binnen alle kaders. De begeleider kan het plan nu vaststellen." in html(r)
    t = Kadertoets.objects.get(plan=plan)
    assert t.door == bob and t.plan_stand == Plan.objects.get(pk=plan.pk).stand
    assert sorted(o.voldoet for o in t.oordelen.all()) == [True, True]
    assert Plan.objects.get(pk=plan.pk).toets_status()[0] == "voldoet"


def test_voldoet_niet_goes_back_to_the_circle_with_the_note(bob_client, traject, url, plan, twee_kaders):
    veiligheid, _wettelijk = twee_kaders
    data = toets_data(plan, {veiligheid: ("voldoet_niet", "  Wie haalt Noor op als Ria ziek is?  ")})
    r = bob_client.post(url, data, follow=True)
    assert "Het plan gaat terug naar de kring, met uw toelichting." in html(r)
    assert "Terug naar de kring" in html(r) and "Wie haalt Noor op als Ria ziek is?" in html(r)
    o = KaderOordeel.objects.get(kader=veiligheid)
    assert o.voldoet is False and o.toelichting == "Wie haalt Noor op als Ria ziek is?"
    assert Plan.objects.get(pk=plan.pk).toets_status()[0] == "voldoet_niet"


def test_voldoet_niet_needs_a_note_beside_that_kader(bob_client, url, plan, twee_kaders):
    veiligheid, wettelijk = twee_kaders
    data = toets_data(plan, {veiligheid: ("voldoet_niet", "   "), wettelijk: ("voldoet", "Prima zo")})
    r = bob_client.post(url, data)
    page = html(r)
    assert r.status_code == 200
    blok = page.split(f'id="kader-{veiligheid.uuid}"', 1)[1].split(f'id="kader-{wettelijk.uuid}"', 1)[0]
    assert "Schrijf op waarom het plan niet aan dit kader voldoet. De kring leest dit." in blok
    assert f'id="id_toelichting_{veiligheid.uuid}_error"' in blok
    assert 'value="voldoet_niet"' in blok.split("checked", 1)[0].rsplit("<input", 1)[1]
    assert "Prima zo" in page
    assert not Kadertoets.objects.exists()


def test_every_kader_needs_an_answer(bob_client, url, plan, twee_kaders):
    veiligheid, wettelijk = twee_kaders
    data = toets_data(plan)
    del data[f"oordeel_{wettelijk.uuid}"]
    r = bob_client.post(url, data)
    assert r.status_code == 200
    blok = html(r).split(f'id="kader-{wettelijk.uuid}"', 1)[1]
    assert "Kies ‘voldoet’ of ‘voldoet niet’." in blok
    assert not Kadertoets.objects.exists()


def test_a_plan_changed_since_the_page_opened_is_not_checked(bob_client, url, plan, afspraak, twee_kaders, kring):
    veiligheid, _ = twee_kaders
    data = toets_data(plan, {veiligheid: ("voldoet_niet", "Mijn toelichting")})
    afspraak.maak_concreet([kring[0]], "Elke vrijdag", "")
    r = bob_client.post(url, data)
    page = html(r)
    assert r.status_code == 200
    assert "Het plan is intussen veranderd. Kijk opnieuw." in page
    assert "Mijn toelichting" in page and "Elke vrijdag" in page
    assert not Kadertoets.objects.exists()
    # The page now shows the plan as it is: sending it again is a check of that plan.
    plan.refresh_from_db()
    assert f'name="plan_stand" value="{plan.stand}"' in page
    assert bob_client.post(url, {**data, "plan_stand": str(plan.stand)}).status_code == 302
    assert Plan.objects.get(pk=plan.pk).toets_status()[0] == "voldoet_niet"


def test_without_agreements_there_is_nothing_to_check(bob_client, url, lopende_bijeenkomst):
    for r in (bob_client.get(url), bob_client.post(url, {"plan_stand": "0"})):
        page = html(r)
        assert r.status_code == 200
        assert "Er staat nog geen afspraak in het plan." in page and "<fieldset" not in page
    assert not Kadertoets.objects.exists()


def test_a_vastgesteld_plan_cannot_be_checked_again(bob_client, traject, url, plan, bob, alice):
    data = toets_data(plan)
    toets(plan, bob)
    plan.vaststellen(alice)
    for r in (bob_client.post(url, data, follow=True), bob_client.get(url, follow=True)):
        assert r.redirect_chain[-1][0] == plan_url(traject)
        assert "Het plan is vastgesteld en verandert niet meer." in html(r)
    assert Kadertoets.objects.count() == 1


def test_html_in_the_note_is_escaped(bob_client, alice_client, traject, url, plan, twee_kaders):
    data = toets_data(plan, {twee_kaders[0]: ("voldoet_niet", "<script>alert(1)</script>")})
    bob_client.post(url, data)
    page = html(alice_client.get(plan_url(traject)))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_garbage_never_gives_a_500(bob_client, url, plan, twee_kaders):
    k = twee_kaders[0]
    for data in (
        {},
        {"plan_stand": "abc", f"oordeel_{k.uuid}": "misschien"},
        {"plan_stand": "\x00", f"toelichting_{k.uuid}": "x" * 5000, f"oordeel_{k.uuid}": ["voldoet", "voldoet_niet"]},
    ):
        assert bob_client.post(url, data).status_code == 200
    assert not Kadertoets.objects.exists()


def test_the_facilitator_gets_403(alice_client, url, plan):
    assert alice_client.get(url).status_code == 403
    assert alice_client.post(url, toets_data(plan)).status_code == 403
    assert not Kadertoets.objects.exists()


def test_another_organisation_gets_404(mallory_client, mallory_traject, url, plan):
    assert mallory_client.get(url).status_code == 404
    assert mallory_client.post(url, toets_data(plan)).status_code == 404


def test_anonymous_users_are_sent_to_login(client, url, plan):
    assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(url, {}))


def test_the_page_uses_a_fixed_number_of_queries(
    traject, url, plan, alice, bob, kring, kaders_vastgesteld, lopende_bijeenkomst, django_assert_max_num_queries
):
    client = client_for(bob)

    def tellen():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    klein = tellen()
    groot_maken(traject, lopende_bijeenkomst, alice, bob, kaders_vastgesteld, kring)
    with django_assert_max_num_queries(14):
        page = html(client.get(url))
    assert "Afspraak 10" in page and "Extra kader 8" in page and len(geldige_kaders(traject)) == 10
    assert tellen() == klein


def test_a_double_submit_makes_one_check(bob_client, url, plan, twee_kaders):
    data = toets_data(plan, {twee_kaders[0]: ("voldoet_niet", "Nog niet veilig genoeg")})
    assert bob_client.post(url, data).status_code == 302
    assert bob_client.post(url, data).status_code == 302
    assert Kadertoets.objects.count() == 1


def test_a_second_kadersteller_may_check_the_same_plan_again(bob_client, dave_client, url, plan, twee_kaders):
    bob_client.post(url, toets_data(plan))
    dave_client.post(url, toets_data(plan, {twee_kaders[1]: ("voldoet_niet", "De zitting is verschoven.")}))
    assert Kadertoets.objects.count() == 2
    assert Plan.objects.get(pk=plan.pk).toets_status()[0] == "voldoet_niet"
