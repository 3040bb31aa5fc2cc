"""Ideas and own words of the kring: the list for the facilitator, removing and putting back."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from voorbereiding.models import Inbreng

from .conftest import assert_login_redirect
from .test_voorbereiding_gesprek import gesprek_url, html, maak_voorbereiding, vb_url


@pytest.fixture
def ideeen(traject, kring, gesprek):
    nu = timezone.now()
    oud = Inbreng.objects.create(traject=traject, betrokkene=kring[0], gesprek=gesprek, tekst="Oma haalt Noor op.",
                                 aangemaakt_op=nu - datetime.timedelta(days=3), delen=True)
    anoniem = Inbreng.objects.create(traject=traject, betrokkene=kring[1], soort="woorden", bron="link",
                                     tekst="Ik mis Noor.", met_naam=False, aangemaakt_op=nu - datetime.timedelta(days=1))
    return oud, anoniem


def kaart(page, inbreng):
    return page.split(f'id="inbreng-{inbreng.uuid}"')[1].split("</li>")[0]


def test_the_list_shows_newest_first_with_author_source_and_sharing(alice_client, traject, gesprek, ideeen):
    r = alice_client.get(vb_url(traject, "inbreng"))
    assert r.status_code == 200
    page = html(r)
    oud, anoniem = ideeen
    assert page.index(f"inbreng-{anoniem.uuid}") < page.index(f"inbreng-{oud.uuid}")
    mark, sanne = kaart(page, anoniem), kaart(page, oud)
    assert "Ik mis Noor." in mark and "<bdi>Mark Jacobs</bdi>" in mark and "wil anoniem blijven" in mark
    assert "Zelf ingestuurd via de persoonlijke link" in mark and "Niet vooraf delen" in mark
    assert "Eigen woorden voor de bijeenkomst" in mark
    assert "Oma haalt Noor op." in sanne and "Idee of voorstel" in sanne
    assert "<bdi>Sanne Jacobs</bdi>" in sanne and "wil anoniem blijven" not in sanne
    assert gesprek_url(gesprek) in sanne and "In het gesprek van" in sanne
    assert "Anderen mogen dit vooraf lezen" in sanne


def test_an_idea_from_a_removed_gesprek_does_not_link_to_it(alice_client, traject, gesprek, ideeen):
    gesprek.verwijder()
    page = html(alice_client.get(vb_url(traject, "inbreng")))
    assert "In een verwijderd gesprek van" in page and gesprek_url(gesprek) not in page


def test_the_list_says_when_there_is_nothing_yet(alice_client, traject):
    assert "Nog geen ideeën of eigen woorden." in html(alice_client.get(vb_url(traject, "inbreng")))


def test_inbreng_comes_back_escaped(alice_client, traject, kring):
    Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="<script>x()</script>")
    page = html(alice_client.get(vb_url(traject, "inbreng")))
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>x()" not in page


def test_the_list_loads_in_a_fixed_number_of_queries(alice_client, alice, traject, django_assert_max_num_queries):
    maak_voorbereiding(traject, alice, mensen=3, gesprekken=1)
    with CaptureQueriesContext(connection) as klein:
        alice_client.get(vb_url(traject, "inbreng"))
    maak_voorbereiding(traject, alice, mensen=15, gesprekken=10)
    with django_assert_max_num_queries(10):
        alice_client.get(vb_url(traject, "inbreng"))
    with CaptureQueriesContext(connection) as groot:
        alice_client.get(vb_url(traject, "inbreng"))
    assert len(groot) == len(klein)


def test_removing_inbreng_offers_the_undo_in_the_message(alice_client, traject, ideeen):
    oud, _ = ideeen
    r = alice_client.post(vb_url(traject, "inbreng_verwijderen", oud.uuid))
    assert r.status_code == 302 and r["Location"] == vb_url(traject, "inbreng") + f"?verwijderd={oud.uuid}"
    oud.refresh_from_db()
    assert oud.verwijderd_op is not None
    page = html(alice_client.get(r["Location"]))
    melding = page.split('<div class="message vb-ongedaan" role="status">')[1].split("</div>")[0]
    assert "De inbreng van Sanne is verwijderd. Was dit een vergissing?" in melding
    assert vb_url(traject, "inbreng_terugzetten", oud.uuid) in melding
    assert f'id="inbreng-{oud.uuid}"' not in page
    weg = page.split("Onlangs verwijderd</h2>")[1]
    assert "Oma haalt Noor op." in weg and vb_url(traject, "inbreng_terugzetten", oud.uuid) in weg


def test_a_removed_idea_leaves_the_gesprek_page(alice_client, traject, gesprek, ideeen):
    oud, _ = ideeen
    alice_client.post(vb_url(traject, "inbreng_verwijderen", oud.uuid))
    assert "Oma haalt Noor op." not in html(alice_client.get(gesprek_url(gesprek)))


def test_putting_inbreng_back(alice_client, traject, ideeen):
    oud, _ = ideeen
    Inbreng.objects.filter(pk=oud.pk).update(verwijderd_op=timezone.now())
    r = alice_client.post(vb_url(traject, "inbreng_terugzetten", oud.uuid))
    assert r.status_code == 302 and r["Location"] == vb_url(traject, "inbreng") + f"#inbreng-{oud.uuid}"
    oud.refresh_from_db()
    assert oud.verwijderd_op is None
    assert "De inbreng van Sanne is teruggezet." in html(alice_client.get(r["Location"]))


def test_removing_or_restoring_twice_is_harmless(alice_client, traject, ideeen):
    oud, _ = ideeen
    for naam in ("inbreng_verwijderen", "inbreng_verwijderen", "inbreng_terugzetten", "inbreng_terugzetten"):
        assert alice_client.post(vb_url(traject, naam, oud.uuid)).status_code == 302
    oud.refresh_from_db()
    assert oud.verwijderd_op is None


def test_inbreng_removed_long_ago_is_not_offered_back(alice_client, traject, ideeen):
    Inbreng.objects.filter(pk=ideeen[0].pk).update(verwijderd_op=timezone.now() - datetime.timedelta(days=31))
    assert "Onlangs verwijderd" not in html(alice_client.get(vb_url(traject, "inbreng")))


def test_removing_needs_a_post(alice_client, traject, ideeen):
    for naam in ("inbreng_verwijderen", "inbreng_terugzetten"):
        assert alice_client.get(vb_url(traject, naam, ideeen[0].uuid)).status_code == 405
    ideeen[0].refresh_from_db()
    assert ideeen[0].verwijderd_op is None


def test_inbreng_of_another_traject_is_404(alice_client, traject, mallory_traject):
    from kwesties.models import Betrokkene

    x = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    ander = Inbreng.objects.create(traject=mallory_traject, betrokkene=x, tekst="Geheim")
    for naam in ("inbreng_verwijderen", "inbreng_terugzetten"):
        assert alice_client.post(vb_url(traject, naam, ander.uuid)).status_code == 404
    ander.refresh_from_db()
    assert ander.verwijderd_op is None


def test_inbreng_pages_are_for_facilitators_of_this_traject_only(client, mallory_client, bob_client, erin_client,
                                                                 traject, ideeen):
    urls = [vb_url(traject, "inbreng")] + [vb_url(traject, n, ideeen[0].uuid) for n in ("inbreng_verwijderen", "inbreng_terugzetten")]
    for url in urls:
        assert_login_redirect(client.post(url))
        for c, status in ((mallory_client, 404), (erin_client, 404), (bob_client, 403)):
            assert c.post(url).status_code == status
    assert_login_redirect(client.get(urls[0]))
    assert bob_client.get(urls[0]).status_code == 403
    ideeen[0].refresh_from_db()
    assert ideeen[0].verwijderd_op is None
