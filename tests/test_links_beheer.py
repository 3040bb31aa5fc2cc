"""The facilitator's side of personal links: the overview, making a link, revoking it, and the log."""

import base64
import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kwesties.models import Betrokkene
from links.models import LinkGebruik, PersoonlijkeLink

from .conftest import assert_login_redirect
from .test_links_pagina import VRAAG, html, kwestie, pagina_url, verloop  # noqa: F401  (kwestie is a fixture)


def overzicht_url(traject):
    return reverse("links:overzicht", args=[traject.uuid])


def gebruik_url(traject):
    return reverse("links:gebruik", args=[traject.uuid])


def uitgeven_url(traject, betrokkene):
    return reverse("links:uitgeven", args=[traject.uuid, betrokkene.uuid])


def intrekken_url(traject, link):
    return reverse("links:intrekken", args=[traject.uuid, link.uuid])


def nieuwe_link(alice_client, traject, betrokkene, **data):
    r = alice_client.post(uitgeven_url(traject, betrokkene), data)
    assert r.status_code == 200
    return r, re.search(r'value="http://testserver/l/([^/"]+)/"', html(r)).group(1)


@pytest.fixture
def mallory_link(mallory_traject, mallory):
    ander = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    return PersoonlijkeLink.uitgeven(ander, mallory)


# The overview


def test_the_overview_lists_the_kring_with_the_state_of_each_link(alice_client, traject, kring, link, alice):
    mark, ria = kring[1], kring[2]
    PersoonlijkeLink.uitgeven(mark, alice)[0].intrekken(alice)
    verloop(PersoonlijkeLink.uitgeven(ria, alice)[0])
    r = alice_client.get(overzicht_url(traject))
    body = html(r)
    assert r.status_code == 200
    assert "<h1>Persoonlijke links</h1>" in body
    assert "Sanne Jacobs" in body and "Opa of oma" in body and "Leerkracht" in body

    def rij(b):
        return body.split(f'id="b-{b.uuid}"')[1].split("</tr>")[0]

    verloopt = timezone.localtime(link[0].verloopt_op)
    assert f"Geldig tot {verloopt.day} " in rij(kring[0]) and str(verloopt.year) in rij(kring[0])
    assert "Ingetrokken" in rij(mark)
    assert "Verlopen" in rij(ria)
    assert "Geen link" in rij(kring[4])
    assert intrekken_url(traject, link[0]) in rij(kring[0])
    assert "/intrekken/" not in rij(mark) and "/intrekken/" not in rij(kring[4])
    assert uitgeven_url(traject, kring[4]) in rij(kring[4])


def test_the_overview_explains_the_link_is_shown_once_and_links_to_the_log(alice_client, traject, kring):
    body = html(alice_client.get(overzicht_url(traject)))
    assert "U ziet een link maar één keer" in body
    assert "De oude link werkt dan meteen niet meer." in body
    assert gebruik_url(traject) in body


def test_the_overview_shows_when_a_link_was_last_used_and_who_is_hidden(client, alice_client, traject, kring, link):
    kring[1].verborgen_voor_anderen = True
    kring[1].save()
    body = html(alice_client.get(overzicht_url(traject)))
    assert "Nog niet" in body.split(f'id="b-{kring[0].uuid}"')[1].split("</tr>")[0]
    client.get(pagina_url(link[1]))
    body = html(alice_client.get(overzicht_url(traject)))
    sanne = body.split(f'id="b-{kring[0].uuid}"')[1].split("</tr>")[0]
    assert "Nog niet" not in sanne and str(timezone.localdate().year) in sanne
    mark = body.split(f'id="b-{kring[1].uuid}"')[1].split("</tr>")[0]
    assert "Verborgen voor de anderen" in mark
    assert "Dit zet u bij de kring" in body and reverse("kwesties:kring", args=[traject.uuid]) in body


def test_the_overview_offers_the_default_validity_date(alice_client, traject, kring, settings):
    settings.LINK_GELDIG_DAGEN = 30
    verwacht = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert f'value="{verwacht}"' in html(alice_client.get(overzicht_url(traject)))


def test_the_overview_leaves_out_people_removed_from_the_kring(alice_client, traject, kring):
    kring[1].verwijder()
    assert "Mark Jacobs" not in html(alice_client.get(overzicht_url(traject)))


def test_the_overview_has_no_duplicate_ids(alice_client, traject, kring, link):
    ids = re.findall(r'\sid="([^"]+)"', html(alice_client.get(overzicht_url(traject))))
    assert len(ids) == len(set(ids))


def test_the_overview_needs_as_many_queries_for_a_big_kring_as_for_a_small_one(alice_client, traject, kring, alice):
    def vul(n):
        for i in range(n):
            b = Betrokkene.objects.create(traject=traject, voornaam=f"Persoon{i}", relatie="vriend")
            PersoonlijkeLink.uitgeven(b, alice)
            PersoonlijkeLink.uitgeven(b, alice)

    vul(2)
    with CaptureQueriesContext(connection) as weinig:
        alice_client.get(overzicht_url(traject))
    vul(15)
    with CaptureQueriesContext(connection) as veel:
        body = html(alice_client.get(overzicht_url(traject)))
    assert body.count("Nieuwe link maken") == 5 + 17
    assert len(veel) == len(weinig) <= 10


def test_a_kadersteller_may_not_manage_links(bob_client, traject, kring, link):
    assert bob_client.get(overzicht_url(traject)).status_code == 403
    assert bob_client.get(gebruik_url(traject)).status_code == 403
    assert bob_client.post(uitgeven_url(traject, kring[0])).status_code == 403
    assert bob_client.post(intrekken_url(traject, link[0])).status_code == 403
    link[0].refresh_from_db()
    assert link[0].is_geldig and PersoonlijkeLink.objects.count() == 1


def test_anonymous_users_are_sent_to_login(client, traject, kring, link):
    for url in (overzicht_url(traject), gebruik_url(traject), uitgeven_url(traject, kring[0]), intrekken_url(traject, link[0])):
        assert_login_redirect(client.get(url))
        assert_login_redirect(client.post(url))
    assert PersoonlijkeLink.objects.count() == 1


def test_another_organisation_gets_404_everywhere(mallory_client, mallory_traject, traject, kring, link):
    for url in (overzicht_url(traject), gebruik_url(traject), uitgeven_url(traject, kring[0]), intrekken_url(traject, link[0])):
        assert mallory_client.post(url).status_code == 404
        assert mallory_client.get(url).status_code in (404, 405)
    assert mallory_client.get(overzicht_url(traject)).status_code == 404
    link[0].refresh_from_db()
    assert link[0].is_geldig and PersoonlijkeLink.objects.count() == 1


def test_a_colleague_without_a_role_gets_404(erin_client, traject, kring):
    assert erin_client.get(overzicht_url(traject)).status_code == 404
    assert erin_client.post(uitgeven_url(traject, kring[0])).status_code == 404


# Making a link


def test_a_new_link_is_shown_once_with_qr_code_and_printable_invitation(alice_client, traject, kring, kwestie, bijeenkomst):
    r, token = nieuwe_link(alice_client, traject, kring[0])
    body = html(r)
    assert "no-store" in r["Cache-Control"]
    assert "Deze link ziet u alleen nu." in body
    assert f'value="http://testserver/l/{token}/"' in body and "readonly" in body
    assert "Kopieer de link" in body and "Uitnodiging afdrukken" in body and "js/links.js" in body
    assert '<svg role="img"' in body and "<title>QR-code met de link voor Sanne</title>" in body
    uitnodiging = body.split('class="uitnodiging"')[1]
    assert "Uitnodiging voor Sanne" in uitnodiging
    assert VRAAG in uitnodiging
    assert "Buurthuis De Linde, Lindelaan 4, Deventer" in uitnodiging and "van 10:00 tot 13:00 uur" in uitnodiging
    assert f"http://testserver/l/{token}/" in uitnodiging
    assert "Scan de code met de camera van je telefoon." in uitnodiging
    assert "<script>" not in body and "onclick" not in body and 'style="' not in body


def test_the_new_link_opens_the_persons_page(client, alice_client, alice, traject, kring):
    _, token = nieuwe_link(alice_client, traject, kring[0])
    link = PersoonlijkeLink.zoek(token)
    assert link.betrokkene == kring[0] and link.aangemaakt_door == alice and link.is_geldig
    assert "Hallo Sanne" in html(client.get(pagina_url(token)))


def test_the_qr_code_holds_the_link(alice_client, traject, kring):
    import segno

    r, token = nieuwe_link(alice_client, traject, kring[0])
    verwacht = segno.make(f"http://testserver/l/{token}/", error="m").svg_inline(scale=4, omitsize=True, svgclass="qr")
    paden = re.findall(r' d="([^"]+)"', html(r))
    assert re.search(r' d="([^"]+)"', verwacht).group(1) in paden


def test_the_token_has_at_least_128_bits(alice_client, traject, kring):
    _, token = nieuwe_link(alice_client, traject, kring[0])
    ruw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(ruw) * 8 >= 128


def test_the_token_is_stored_only_as_its_hash(alice_client, client, traject, kring):
    _, token = nieuwe_link(alice_client, traject, kring[0])
    client.get(pagina_url(token))
    for model in apps.get_models():
        for rij in model.objects.values_list():
            assert token not in repr(rij), model


def test_a_new_link_stops_the_old_one(client, alice_client, traject, kring, link):
    _, nieuw = nieuwe_link(alice_client, traject, kring[0])
    link[0].refresh_from_db()
    assert link[0].is_ingetrokken
    assert client.get(pagina_url(link[1])).status_code == 410
    assert client.get(pagina_url(nieuw)).status_code == 200


def test_the_facilitator_can_choose_until_when_a_link_works(client, alice_client, traject, kring):
    datum = timezone.localdate() + datetime.timedelta(days=10)
    r, token = nieuwe_link(alice_client, traject, kring[0], geldig_tot=datum.isoformat())
    link = PersoonlijkeLink.zoek(token)
    assert timezone.localtime(link.verloopt_op).date() == datum
    assert link.verloopt_op > timezone.now() + datetime.timedelta(days=9)


def test_without_a_date_the_link_works_for_the_default_number_of_days(alice_client, traject, kring, settings):
    settings.LINK_GELDIG_DAGEN = 30
    _, token = nieuwe_link(alice_client, traject, kring[0], geldig_tot="")
    verwacht = timezone.now() + datetime.timedelta(days=30)
    assert abs(PersoonlijkeLink.zoek(token).verloopt_op - verwacht) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("datum", "fout"),
    [
        (lambda vandaag: vandaag.isoformat(), "Kies een datum na vandaag."),
        (lambda vandaag: (vandaag - datetime.timedelta(days=3)).isoformat(), "Kies een datum na vandaag."),
        (lambda vandaag: "morgen", "Vul een datum in"),
        (lambda vandaag: "31-02-2030", "Vul een datum in"),
        (lambda vandaag: "9999-12-31", "Een link kan hoogstens"),
        (lambda vandaag: "2030\x00-01-01", "Vul een datum in"),
    ],
)
def test_a_bad_date_shows_a_dutch_error_and_makes_no_link(alice_client, traject, kring, link, datum, fout):
    invoer = datum(timezone.localdate())
    r = alice_client.post(uitgeven_url(traject, kring[0]), {"geldig_tot": invoer})
    body = html(r)
    assert r.status_code == 200
    assert fout in body
    rij = body.split(f'id="b-{kring[0].uuid}"')[1].split("</tr>")[0]
    assert fout in rij and 'aria-invalid="true"' in rij
    assert PersoonlijkeLink.objects.count() == 1
    link[0].refresh_from_db()
    assert link[0].is_geldig


def test_the_date_entered_is_kept_after_an_error(alice_client, traject, kring):
    gisteren = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    body = html(alice_client.post(uitgeven_url(traject, kring[0]), {"geldig_tot": gisteren}))
    assert f'value="{gisteren}"' in body


def test_a_link_is_only_made_by_post(alice_client, traject, kring):
    assert alice_client.get(uitgeven_url(traject, kring[0])).status_code == 405
    assert not PersoonlijkeLink.objects.exists()


def test_no_link_for_someone_of_another_traject_or_removed_from_the_kring(alice_client, traject, kring, mallory_link):
    ander = mallory_link[0].betrokkene
    assert alice_client.post(reverse("links:uitgeven", args=[traject.uuid, ander.uuid])).status_code == 404
    kring[1].verwijder()
    assert alice_client.post(uitgeven_url(traject, kring[1])).status_code == 404
    assert alice_client.post(f"/trajecten/{traject.uuid}/links/geen-uuid/nieuw/").status_code == 404
    assert PersoonlijkeLink.objects.count() == 1


def test_the_invitation_without_a_planned_meeting_leaves_out_date_and_place(alice_client, traject, kring, kwestie):
    r, _ = nieuwe_link(alice_client, traject, kring[0])
    uitnodiging = html(r).split('class="uitnodiging"')[1]
    assert "De bijeenkomst" not in uitnodiging and VRAAG in uitnodiging


# Revoking


def test_revoking_stops_the_link_at_the_next_request(client, alice_client, alice, traject, kring, link):
    assert client.get(pagina_url(link[1])).status_code == 200
    r = alice_client.post(intrekken_url(traject, link[0]))
    assert r.status_code == 302 and r["Location"] == overzicht_url(traject)
    link[0].refresh_from_db()
    assert link[0].is_ingetrokken and link[0].ingetrokken_door == alice
    assert client.get(pagina_url(link[1])).status_code == 410
    body = html(alice_client.get(r["Location"]))
    assert "De link van Sanne werkt niet meer." in body
    assert "Ingetrokken" in body.split(f'id="b-{kring[0].uuid}"')[1].split("</tr>")[0]


def test_revoking_twice_keeps_the_first_moment(alice_client, traject, kring, link):
    alice_client.post(intrekken_url(traject, link[0]))
    link[0].refresh_from_db()
    eerste = link[0].ingetrokken_op
    r = alice_client.post(intrekken_url(traject, link[0]), follow=True)
    link[0].refresh_from_db()
    assert link[0].ingetrokken_op == eerste
    assert "was al ingetrokken" in html(r)


def test_revoking_is_only_by_post(alice_client, traject, link):
    assert alice_client.get(intrekken_url(traject, link[0])).status_code == 405
    link[0].refresh_from_db()
    assert link[0].is_geldig


def test_a_link_of_another_traject_cannot_be_revoked_here(alice_client, traject, kring, mallory_link):
    r = alice_client.post(reverse("links:intrekken", args=[traject.uuid, mallory_link[0].uuid]))
    assert r.status_code == 404
    mallory_link[0].refresh_from_db()
    assert mallory_link[0].is_geldig


# The log


def test_the_log_shows_every_use_newest_first(client, alice_client, alice, traject, kring, link, bijeenkomst):
    client.get(pagina_url(link[1]))
    client.get(reverse("link:agenda", args=[link[1]]))
    client.post(pagina_url(link[1]), {"soort": "woorden", "tekst": "Hallo", "met_naam": "ja"})
    link[0].intrekken(alice)
    client.get(pagina_url(link[1]))
    body = html(alice_client.get(gebruik_url(traject)))
    assert body.count("Sanne Jacobs") == 4
    volgorde = [body.index(t) for t in (
        "Geprobeerd met een ingetrokken of verlopen link", "Iets ingestuurd", "Agenda-bestand gedownload", "Pagina bekeken"
    )]
    assert volgorde == sorted(volgorde)
    assert "Eigen woorden voor de bijeenkomst" in body and "de link was ingetrokken" in body
    assert "kwestie, bijeenkomst" in body


def test_the_log_of_another_traject_is_not_shown(alice_client, client, traject, kring, mallory_link):
    client.get(pagina_url(mallory_link[1]))
    body = html(alice_client.get(gebruik_url(traject)))
    assert "Xander" not in body and "De links zijn nog niet gebruikt." in body


def test_the_log_is_paged_by_fifty(alice_client, traject, kring, link):
    for i in range(60):
        LinkGebruik.objects.create(
            link=link[0], traject=traject, betrokkene=kring[0], actie="bekeken", detail=f"regel-{i:02d}"
        )
    eerste = html(alice_client.get(gebruik_url(traject)))
    assert eerste.count("regel-") == 50 and "regel-59" in eerste and "Pagina 1 van 2" in eerste
    tweede = html(alice_client.get(gebruik_url(traject) + "?pagina=2"))
    assert tweede.count("regel-") == 10 and "regel-00" in tweede
    for onzin in ("abc", "999", "-1", "\x00"):
        assert alice_client.get(gebruik_url(traject), {"pagina": onzin}).status_code == 200


def test_the_log_needs_a_fixed_number_of_queries(alice_client, traject, kring, alice, django_assert_max_num_queries):
    for b in kring:
        link, _ = PersoonlijkeLink.uitgeven(b, alice)
        for _ in range(10):
            LinkGebruik.objects.create(link=link, traject=traject, betrokkene=b, actie="bekeken")
    with django_assert_max_num_queries(8):
        body = html(alice_client.get(gebruik_url(traject)))
    assert body.count("Pagina bekeken") == 50
