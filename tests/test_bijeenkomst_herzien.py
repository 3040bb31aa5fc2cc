"""Revising a vastgesteld plan: a new meeting in which the circle starts from the agreements of now."""

from django.urls import reverse

from besluitvorming.models import Bijeenkomst, Plan, Voorstel, huidige_bijeenkomst

from .conftest import assert_login_redirect


def url(traject):
    return reverse("besluitvorming:herzien", args=[traject.uuid])


def test_the_facilitator_starts_a_revision_with_the_agreements_as_proposals(alice_client, traject, vastgesteld_plan):
    r = alice_client.post(url(traject))
    assert r.status_code == 302 and r["Location"] == reverse("besluitvorming:bijeenkomst", args=[traject.uuid])
    nieuw = huidige_bijeenkomst(traject)
    assert nieuw.pk != vastgesteld_plan.bijeenkomst_id and nieuw.status == "gepland"
    voorstel = nieuw.voorstellen.get()
    versie = voorstel.laatste_versie()
    assert versie.tekst == "Noor maakt op dinsdag haar huiswerk bij Ria." and versie.aanleiding.startswith("Afspraak uit versie 1")
    assert [b.voornaam for b in versie.wie.all()] == ["Ria"]
    # Version 1 stays as it was, and the plan tab still shows it until the revision is vastgesteld.
    assert Plan.objects.get(pk=vastgesteld_plan.pk).is_ongeschonden


def test_a_second_click_makes_no_second_meeting(alice_client, traject, vastgesteld_plan):
    alice_client.post(url(traject))
    r = alice_client.post(url(traject), follow=True)
    assert Bijeenkomst.objects.filter(traject=traject).count() == 2
    assert "Er is nog geen vastgesteld plan om te herzien." in r.content.decode()


def test_there_is_nothing_to_revise_before_a_plan_is_vastgesteld(alice_client, traject, lopende_bijeenkomst):
    r = alice_client.post(url(traject), follow=True)
    assert "Er is nog geen vastgesteld plan om te herzien." in r.content.decode()
    assert Bijeenkomst.objects.filter(traject=traject).count() == 1 and not Voorstel.objects.exists()


def test_the_kadersteller_gets_403(bob_client, traject, vastgesteld_plan):
    assert bob_client.post(url(traject)).status_code == 403
    assert Bijeenkomst.objects.filter(traject=traject).count() == 1


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, vastgesteld_plan):
    assert mallory_client.post(url(traject)).status_code == 404


def test_anonymous_users_are_sent_to_login(client, traject):
    assert_login_redirect(client.post(url(traject)))


def test_it_only_accepts_post(alice_client, traject, vastgesteld_plan):
    assert alice_client.get(url(traject)).status_code == 405


def test_the_finished_meeting_offers_the_revision_to_facilitators_only(alice_client, bob_client, traject, vastgesteld_plan):
    pagina = reverse("besluitvorming:bijeenkomst", args=[traject.uuid])
    assert url(traject) in alice_client.get(pagina).content.decode()
    body = bob_client.get(pagina).content.decode()
    assert "Deze bijeenkomst is afgerond" in body and url(traject) not in body
