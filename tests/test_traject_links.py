"""The traject page for professionals: everyone's personal link at a glance, and the vastgesteld plan's PDF."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kwesties.models import Betrokkene
from links.access import noteer_gebruik
from links.models import LinkGebruik, PersoonlijkeLink

from .conftest import assert_login_redirect
from .test_links_pagina import verloop


def url(traject):
    return reverse("traject", args=[traject.uuid])


def html(response):
    return response.content.decode()


def links_deel(body):
    return body.split('id="l-kop"', 1)[1].split("</section>", 1)[0]


def rij(body, betrokkene):
    return links_deel(body).split(f'id="link-{betrokkene.uuid}"', 1)[1].split("</tr>", 1)[0]


def test_the_facilitator_sees_per_person_whether_a_link_was_issued_and_when_it_was_used(
    alice_client, traject, kring, link
):
    sanne, mark = kring[0], kring[1]
    noteer_gebruik(link[0], LinkGebruik.Actie.BEKEKEN, "kwestie")
    gebruikt = timezone.localtime(PersoonlijkeLink.objects.get(pk=link[0].pk).laatst_gebruikt_op)
    body = html(alice_client.get(url(traject)))
    assert "Persoonlijke links" in body
    sanne_rij = rij(body, sanne)
    assert "Sanne Jacobs" in sanne_rij and "Geldig tot" in sanne_rij
    assert f"Gemaakt op {timezone.localdate().day} " in sanne_rij
    assert f"Laatst gebruikt op {gebruikt:%-d} " in sanne_rij and f"{gebruikt:%H:%M}" in sanne_rij
    mark_rij = rij(body, mark)
    assert "Geen link" in mark_rij and "Laatst gebruikt" not in mark_rij


def test_an_unused_link_says_not_used_yet(alice_client, traject, kring, link):
    assert "Nog niet gebruikt" in rij(html(alice_client.get(url(traject))), kring[0])


def test_revoked_and_expired_links_say_so(alice_client, traject, kring, alice):
    sanne, mark = kring[0], kring[1]
    ingetrokken, _ = PersoonlijkeLink.uitgeven(sanne, alice)
    ingetrokken.intrekken(alice)
    verlopen, _ = PersoonlijkeLink.uitgeven(mark, alice)
    verloop(verlopen)
    body = html(alice_client.get(url(traject)))
    assert "Ingetrokken" in rij(body, sanne) and "button-danger" not in rij(body, sanne)
    assert "Verlopen" in rij(body, mark)


def test_the_last_use_counts_every_link_the_person_had(alice_client, traject, kring, link, alice):
    noteer_gebruik(link[0], LinkGebruik.Actie.BEKEKEN, "kwestie")
    PersoonlijkeLink.uitgeven(kring[0], alice)
    sanne_rij = rij(html(alice_client.get(url(traject))), kring[0])
    assert "Laatst gebruikt op" in sanne_rij and "Geldig tot" in sanne_rij


def test_the_facilitator_gets_revoke_and_reissue_buttons_that_post_to_the_link_views(
    alice_client, traject, kring, link
):
    sanne_rij = rij(html(alice_client.get(url(traject))), kring[0])
    assert f'action="{reverse("links:intrekken", args=[traject.uuid, link[0].uuid])}"' in sanne_rij
    assert f'action="{reverse("links:uitgeven", args=[traject.uuid, kring[0].uuid])}"' in sanne_rij
    assert 'method="post"' in sanne_rij and "csrfmiddlewaretoken" in sanne_rij
    mark_rij = rij(html(alice_client.get(url(traject))), kring[1])
    assert "Link maken" in mark_rij and "Intrekken" not in mark_rij


def test_revoking_from_the_traject_page_stops_the_link(alice_client, client, traject, kring, link):
    alice_client.post(reverse("links:intrekken", args=[traject.uuid, link[0].uuid]))
    assert client.get(reverse("link:pagina", args=[link[1]])).status_code == 410
    assert "Ingetrokken" in rij(html(alice_client.get(url(traject))), kring[0])


def test_reissuing_from_the_traject_page_shows_the_new_link_once(alice_client, traject, kring, link):
    r = alice_client.post(reverse("links:uitgeven", args=[traject.uuid, kring[0].uuid]))
    assert r.status_code == 200 and "/l/" in html(r)
    assert PersoonlijkeLink.objects.filter(betrokkene=kring[0]).geldig().count() == 1


def test_a_kadersteller_sees_the_links_but_no_revoke_or_reissue_buttons(bob_client, traject, kring, link):
    body = html(bob_client.get(url(traject)))
    deel = links_deel(body)
    assert "Sanne Jacobs" in deel and "Geldig tot" in deel
    assert "<form" not in deel and "Intrekken" not in deel and "Nieuwe link maken" not in deel
    assert reverse("links:overzicht", args=[traject.uuid]) not in deel


def test_a_kadersteller_cannot_revoke_through_the_link_views_either(bob_client, traject, link):
    assert bob_client.post(reverse("links:intrekken", args=[traject.uuid, link[0].uuid])).status_code == 403
    assert PersoonlijkeLink.objects.get(pk=link[0].pk).is_geldig


def test_someone_removed_from_the_kring_is_not_listed(alice_client, traject, kring, link):
    kring[1].verwijder()
    assert f'id="link-{kring[1].uuid}"' not in links_deel(html(alice_client.get(url(traject))))


def test_an_empty_kring_shows_no_links_section(alice_client, traject):
    assert "Persoonlijke links" not in html(alice_client.get(url(traject)))


def test_the_tokens_themselves_are_never_on_the_page(alice_client, traject, link):
    assert link[1] not in html(alice_client.get(url(traject)))


def test_names_are_shown_escaped(alice_client, traject, alice):
    b = Betrokkene.objects.create(traject=traject, voornaam="<script>x</script>", relatie="vriend")
    PersoonlijkeLink.uitgeven(b, alice)
    body = html(alice_client.get(url(traject)))
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body


# The vastgesteld plan


def test_with_a_vastgesteld_plan_the_page_offers_its_pdf_and_every_version(
    alice_client, bob_client, traject, vastgesteld_plan
):
    for c in (alice_client, bob_client):
        body = html(c.get(url(traject)))
        assert reverse("besluitvorming:plan_pdf", args=[traject.uuid, 1]) in body
        assert "Plan versie 1 (PDF)" in body
        assert reverse("besluitvorming:plan_versies", args=[traject.uuid]) in body


def test_the_plan_pdf_link_downloads_the_pdf(alice_client, traject, vastgesteld_plan):
    r = alice_client.get(reverse("besluitvorming:plan_pdf", args=[traject.uuid, 1]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_during_a_revision_the_page_still_offers_the_last_vastgesteld_version(
    alice_client, traject, vastgesteld_plan, alice
):
    vastgesteld_plan.bijeenkomst.herzien(alice)
    body = html(alice_client.get(url(traject)))
    assert "Plan versie 1 (PDF)" in body
    assert reverse("besluitvorming:plan_pdf", args=[traject.uuid, 1]) in body


def test_without_a_vastgesteld_plan_there_is_no_pdf_link(alice_client, traject, afspraak):
    body = html(alice_client.get(url(traject)))
    assert "(PDF)" not in body
    assert reverse("besluitvorming:plan_versies", args=[traject.uuid]) not in body


# Access and cost


def test_another_organisation_gets_404_and_sees_no_links(mallory_client, mallory_traject, traject, kring, link):
    r = mallory_client.get(url(traject))
    assert r.status_code == 404
    assert "Sanne" not in html(r)


def test_anonymous_users_are_sent_to_login(client, traject, kring, link):
    assert_login_redirect(client.get(url(traject)))


def test_a_colleague_without_a_role_gets_404(erin_client, traject, kring, link):
    assert erin_client.get(url(traject)).status_code == 404


def _meer(traject, alice, aantal):
    for i in range(aantal):
        b = Betrokkene.objects.create(traject=traject, voornaam=f"Persoon{i}", relatie="vriend")
        oud, _ = PersoonlijkeLink.uitgeven(b, alice)
        noteer_gebruik(oud, LinkGebruik.Actie.BEKEKEN, "kwestie")
        PersoonlijkeLink.uitgeven(b, alice, verloopt_op=timezone.now() + datetime.timedelta(days=3))


def test_the_page_needs_a_fixed_number_of_queries_however_many_links(
    alice_client, alice, traject, kring, vastgesteld_plan, django_assert_max_num_queries
):
    _meer(traject, alice, 3)
    with django_assert_max_num_queries(12) as weinig:
        assert alice_client.get(url(traject)).status_code == 200
    _meer(traject, alice, 20)
    with django_assert_max_num_queries(len(weinig)):
        body = html(alice_client.get(url(traject)))
    assert "Persoon19" in body and "Plan versie 1 (PDF)" in body
