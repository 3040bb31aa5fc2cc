"""Making an agreement concrete in the presentatie: who does it, when, and how we will know."""

import pytest

from besluitvorming.models import Afspraak, Plan
from kwesties.models import Betrokkene

from .conftest import assert_login_redirect
from .test_plan import html, plan_url, toets


@pytest.fixture
def url(traject, afspraak):
    return plan_url(traject, "afspraak", afspraak.uuid)


def form_data(client, url, **velden):
    """What the form sends: its hidden field as rendered, and the given values."""
    page = html(client.get(url))
    gezien = page.split('name="gezien" value="', 1)[1].split('"', 1)[0]
    data = {"gezien": gezien, "wie": [], "wanneer": "", "hoe_weten": ""}
    data.update(velden)
    return data


def opgeslagen(afspraak):
    a = Afspraak.objects.get(pk=afspraak.pk)
    return sorted(b.voornaam for b in a.wie.all()), a.wanneer, a.hoe_weten


def test_the_form_offers_the_kring_by_first_name_and_shows_what_is_filled_in(alice_client, url, afspraak, kring):
    r = alice_client.get(url)
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Maak de afspraak concreet</h1>" in page
    assert "Noor maakt op dinsdag haar huiswerk bij Ria." in page
    assert "<legend>Wie doet het?" in page
    for b in kring:
        assert f'value="{b.uuid}"' in page
    assert "Sanne (Ouder)" in page and "Jacobs" not in page
    assert f'value="{kring[2].uuid}"' in page.split("checked", 1)[0].rsplit("<input", 1)[1]
    assert 'value="Elke dinsdag"' in page and 'value="Fatima ziet het huiswerk terug."' in page
    assert 'type="checkbox"' in page and 'aria-current="page">Plan</a>' in page


def test_the_facilitator_makes_the_agreement_concrete(alice_client, traject, url, afspraak, kring):
    stand = Plan.objects.get(pk=afspraak.plan_id).stand
    data = form_data(alice_client, url, wie=[kring[0].uuid, kring[1].uuid], wanneer="Elke woensdag", hoe_weten="Een appje aan Ria")
    r = alice_client.post(url, data, follow=True)
    assert r.redirect_chain[-1][0] == plan_url(traject)
    assert "De afspraak ‘Huiswerk bij oma’ is opgeslagen." in html(r)
    assert opgeslagen(afspraak) == (["Mark", "Sanne"], "Elke woensdag", "Een appje aan Ria")
    assert Plan.objects.get(pk=afspraak.plan_id).stand == stand + 1


def test_a_change_after_a_check_makes_the_check_outdated_and_says_so(alice_client, traject, url, afspraak, kring, bob):
    toets(Plan.objects.get(pk=afspraak.plan_id), bob)
    page = html(alice_client.get(url))
    assert "kijkt de kadersteller opnieuw" in page
    r = alice_client.post(url, form_data(alice_client, url, wie=[kring[2].uuid], wanneer="Elke donderdag"), follow=True)
    assert "de kadersteller kijkt opnieuw" in html(r)
    assert "Het plan is veranderd sinds de laatste toets. De kadersteller kijkt opnieuw." in html(r)
    assert Plan.objects.get(pk=afspraak.plan_id).toets_status()[0] == "verouderd"


def test_who_when_and_how_may_stay_empty(alice_client, url, afspraak):
    r = alice_client.post(url, form_data(alice_client, url))
    assert r.status_code == 302
    assert opgeslagen(afspraak) == ([], "", "")


@pytest.mark.parametrize(
    "velden, fout",
    [
        ({"wanneer": "x" * 301}, "niet meer dan 300 tekens"),
        ({"hoe_weten": "x" * 501}, "niet meer dan 500 tekens"),
        ({"wie": ["geen-uuid"]}, "Kies iemand uit de kring."),
        ({"wie": ["00000000-0000-0000-0000-000000000000"]}, "Kies iemand uit de kring."),
        ({"wanneer": "Elke\x00dag"}, "Null-tekens zijn niet toegestaan."),
    ],
)
def test_bad_input_is_refused_in_dutch_with_the_input_kept(alice_client, url, afspraak, kring, velden, fout):
    voor = opgeslagen(afspraak)
    data = form_data(alice_client, url, **{"hoe_weten": "Een schrift", **velden})
    r = alice_client.post(url, data)
    page = html(r)
    assert r.status_code == 200
    assert fout in page
    assert "Niet alles is goed ingevuld." in page
    assert 'value="Een schrift"' in page or "hoe_weten" in velden
    assert opgeslagen(afspraak) == voor


def test_someone_from_another_kring_cannot_be_chosen(alice_client, url, afspraak, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    r = alice_client.post(url, form_data(alice_client, url, wie=[vreemde.uuid]))
    assert r.status_code == 200 and "Kies iemand uit de kring." in html(r)
    assert "Xander" not in html(r)


def test_someone_removed_from_the_kring_is_not_offered(alice_client, url, kring):
    kring[4].verwijder()
    page = html(alice_client.get(url))
    assert f'value="{kring[4].uuid}"' not in page


def test_a_change_by_someone_else_in_between_is_not_overwritten(alice_client, url, afspraak, kring):
    data = form_data(alice_client, url, wie=[kring[0].uuid], wanneer="Mijn versie")
    afspraak.maak_concreet([kring[1]], "Andere versie", "")
    r = alice_client.post(url, data)
    page = html(r)
    assert r.status_code == 200
    assert "Iemand anders heeft deze afspraak intussen veranderd." in page
    assert 'value="Mijn versie"' in page and "Andere versie" in page
    assert opgeslagen(afspraak) == (["Mark"], "Andere versie", "")
    # The form now knows what is saved: saving again goes through.
    r = alice_client.post(url, {**data, "gezien": page.split('name="gezien" value="', 1)[1].split('"', 1)[0]})
    assert r.status_code == 302 and opgeslagen(afspraak) == (["Sanne"], "Mijn versie", "")


def test_a_vastgesteld_plan_refuses_a_change(alice_client, traject, url, afspraak, bob, alice, kring):
    data = form_data(alice_client, url, wie=[kring[0].uuid], wanneer="Te laat")
    plan = Plan.objects.get(pk=afspraak.plan_id)
    toets(plan, bob)
    plan.vaststellen(alice)
    voor = opgeslagen(afspraak)
    r = alice_client.post(url, data, follow=True)
    assert r.redirect_chain[-1][0] == plan_url(traject)
    assert "Het plan is vastgesteld en verandert niet meer." in html(r)
    assert opgeslagen(afspraak) == voor
    r = alice_client.get(url, follow=True)
    assert "Het plan is vastgesteld en verandert niet meer." in html(r) and "<h1>Het plan</h1>" in html(r)


def test_garbage_never_gives_a_500(alice_client, url):
    for data in ({}, {"gezien": "x" * 5000, "wie": "\x00"}, {"wie": ["1", "2"], "wanneer": ["a", "b"]}):
        assert alice_client.post(url, data).status_code == 200


def test_an_unknown_agreement_is_404(alice_client, traject):
    assert alice_client.get(plan_url(traject, "afspraak", "00000000-0000-0000-0000-000000000000")).status_code == 404


def test_the_kadersteller_gets_403(bob_client, url):
    assert bob_client.get(url).status_code == 403
    assert bob_client.post(url, {"wanneer": "x"}).status_code == 403


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, url, afspraak):
    assert mallory_client.get(url).status_code == 404
    assert mallory_client.post(url, {"wanneer": "x"}).status_code == 404
    # Nor through her own traject.
    eigen = plan_url(mallory_traject, "afspraak", afspraak.uuid)
    assert mallory_client.get(eigen).status_code == 404
    assert mallory_client.post(eigen, {"wanneer": "x"}).status_code == 404


def test_anonymous_users_are_sent_to_login(client, url):
    assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(url, {}))


def test_a_double_submit_changes_the_plan_once(alice_client, url, afspraak, kring):
    data = form_data(alice_client, url, wie=[kring[0].uuid], wanneer="Elke vrijdag")
    stand = Plan.objects.get(pk=afspraak.plan_id).stand
    assert alice_client.post(url, data).status_code == 302
    assert alice_client.post(url, data).status_code == 302
    assert Plan.objects.get(pk=afspraak.plan_id).stand == stand + 1
    assert opgeslagen(afspraak) == (["Sanne"], "Elke vrijdag", "")


def test_saving_without_a_change_keeps_the_check(alice_client, traject, url, afspraak, bob):
    toets(Plan.objects.get(pk=afspraak.plan_id), bob)
    r = alice_client.post(url, form_data(alice_client, url, wie=[str(b.uuid) for b in afspraak.wie.all()],
                                         wanneer=afspraak.wanneer, hoe_weten=afspraak.hoe_weten), follow=True)
    assert "De afspraak ‘Huiswerk bij oma’ is opgeslagen." in html(r) and "kijkt opnieuw" not in html(r)
    assert Plan.objects.get(pk=afspraak.plan_id).toets_status()[0] == "voldoet"
