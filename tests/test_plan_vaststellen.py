"""Vaststellen, the method's last gate: only a plan found to meet every kader, as it stands, becomes final."""

import datetime

import pytest
from django.utils import timezone

from besluitvorming.models import Aanwezigheid, Bijeenkomst, Plan

from .conftest import assert_login_redirect
from .test_plan import consent_op, html, plan, plan_url, toets, twee_kaders  # noqa: F401 (fixtures)


@pytest.fixture
def url(traject):
    return plan_url(traject, "vaststellen")


def vaststellen(client, url):
    r = client.post(url, follow=True)
    return r, html(r)


def vastgesteld(plan):
    return Plan.objects.get(pk=plan.pk).is_vastgesteld


def test_it_is_refused_without_a_check(alice_client, traject, url, plan):
    r, page = vaststellen(alice_client, url)
    assert r.redirect_chain[-1][0] == plan_url(traject)
    assert "De kadersteller moet eerst bevestigen dat het plan aan alle kaders voldoet." in page
    assert not vastgesteld(plan)


def test_it_is_refused_after_voldoet_niet(alice_client, url, plan, bob, twee_kaders):
    toets(plan, bob, niet=twee_kaders[1:])
    _r, page = vaststellen(alice_client, url)
    assert "De kadersteller moet eerst bevestigen" in page and "Terug naar de kring" in page
    assert not vastgesteld(plan)


def test_it_is_refused_when_the_plan_changed_after_a_voldoet_check(alice_client, url, plan, afspraak, bob, kring):
    toets(plan, bob)
    afspraak.maak_concreet([kring[2], kring[0]], "Elke dinsdag", "Fatima ziet het huiswerk terug.")
    _r, page = vaststellen(alice_client, url)
    assert "De kadersteller moet eerst bevestigen" in page
    assert "Het plan is veranderd sinds de laatste toets." in page
    assert not vastgesteld(plan)


def test_it_is_refused_when_a_new_agreement_came_after_the_check(
    alice_client, url, plan, bob, alice, kring, lopende_bijeenkomst
):
    toets(plan, bob)
    consent_op(lopende_bijeenkomst, alice, "Sport", "Noor gaat op zaterdag naar hockey.")
    vaststellen(alice_client, url)
    assert not vastgesteld(plan)


def test_it_is_refused_without_agreements(alice_client, url, lopende_bijeenkomst):
    _r, page = vaststellen(alice_client, url)
    assert "Er staat nog geen afspraak in het plan." in page
    assert not Plan.objects.filter(status="vastgesteld").exists()


def test_it_is_allowed_after_a_fresh_check_where_every_kader_is_met(
    alice_client, traject, url, plan, afspraak, bob, alice, kring, twee_kaders
):
    toets(plan, bob, niet=twee_kaders[:1])
    afspraak.maak_concreet([kring[2]], "Elke dinsdag, ook in de vakantie", "Fatima ziet het huiswerk terug.")
    toets(plan, bob)
    Plan.objects.filter(pk=plan.pk).update(evaluatie_op=timezone.localdate() + datetime.timedelta(days=42))
    r, page = vaststellen(alice_client, url)
    assert r.redirect_chain[-1][0] == plan_url(traject)
    assert "Het plan is vastgesteld (versie 1)." in page
    assert "vervolgafspraken" not in page.split('class="messages"', 1)[1].split("</div>", 1)[0]
    p = Plan.objects.get(pk=plan.pk)
    assert p.is_vastgesteld and p.versie == 1 and p.vastgesteld_door == alice and p.vastgesteld_op is not None
    assert Bijeenkomst.objects.get(pk=p.bijeenkomst_id).is_afgerond
    assert "Vastgesteld: versie 1" in page


def test_who_took_part_is_recorded(alice_client, url, plan, bob, kring):
    toets(plan, bob)
    vaststellen(alice_client, url)
    assert set(Plan.objects.get(pk=plan.pk).deelnemers.all()) == set(kring)


def test_empty_vervolgafspraken_are_pointed_out_not_forced(alice_client, url, plan, bob):
    toets(plan, bob)
    _r, page = vaststellen(alice_client, url)
    assert "Het plan is vastgesteld (versie 1)." in page
    assert "Er staan geen vervolgafspraken in het plan." in page
    assert vastgesteld(plan)


def test_pressing_twice_makes_one_version(alice_client, url, plan, bob):
    toets(plan, bob)
    vaststellen(alice_client, url)
    _r, page = vaststellen(alice_client, url)
    assert "Het plan was al vastgesteld (versie 1)." in page
    assert Plan.objects.filter(status="vastgesteld").count() == 1
    assert Plan.objects.get(pk=plan.pk).versie == 1


def test_a_next_plan_of_the_traject_gets_the_next_version(alice_client, traject, url, plan, bob, alice, kring):
    toets(plan, bob)
    vaststellen(alice_client, url)
    volgende = Bijeenkomst.objects.create(traject=traject)  # a revision: its own meeting (issue 5 adds the screen)
    volgende.starten(alice)
    for b in kring[:3]:
        Aanwezigheid.objects.create(bijeenkomst=volgende, betrokkene=b, status="aanwezig")
    nieuw = consent_op(volgende, alice, "Evaluatie", "We kijken elke maand samen.")
    toets(Plan.objects.get(pk=nieuw.plan_id), bob)
    _r, page = vaststellen(alice_client, url)
    assert "Het plan is vastgesteld (versie 2)." in page
    assert sorted(Plan.objects.filter(traject=traject, status="vastgesteld").values_list("versie", flat=True)) == [1, 2]


def test_the_kadersteller_gets_403(bob_client, url, plan, bob):
    toets(plan, bob)
    assert bob_client.post(url).status_code == 403
    assert not vastgesteld(plan)


def test_it_only_accepts_post(alice_client, url, plan):
    assert alice_client.get(url).status_code == 405


def test_another_organisation_gets_404(mallory_client, mallory_traject, url, plan, bob):
    toets(plan, bob)
    assert mallory_client.get(url).status_code in (404, 405)
    assert mallory_client.post(url).status_code == 404
    assert not vastgesteld(plan)


def test_anonymous_users_are_sent_to_login(client, url, plan):
    assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(url))
