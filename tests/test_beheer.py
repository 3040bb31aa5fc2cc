"""The beheer overview and the organisation page: members, trajecten and roles, never case content."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaders.models import Kader
from kwesties.models import Kwestie, Traject, TrajectRol
from organisaties.models import Lidmaatschap, Organisatie, User

from .conftest import assert_login_redirect, client_for


def rij(html, tekst):
    """The table row that mentions `tekst`, as a list of its cells' text."""
    for tr in re.findall(r"<tr>.*?</tr>", html, re.S):
        cellen = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd]\b.*?</t[hd]>", tr, re.S)]
        if any(tekst in c for c in cellen):
            return cellen
    raise AssertionError(f"no row with {tekst!r}")


def org_url(org):
    return f"/beheer/{org.uuid}/"


def all_beheer_urls(org, traject, lid):
    """Every beheer URL for one organisation, with the methods it answers (GET-able, POST-able)."""
    base = org_url(org)
    t = f"{base}trajecten/{traject.uuid}/"
    return [
        (base, True, False),
        (f"{base}leden/nieuw/", True, True),
        (f"{base}leden/{lid.uuid}/verwijderen/", True, True),
        (f"{base}leden/{lid.uuid}/beheerder/", False, True),
        (t, True, True),
        (f"{t}rollen/{lid.uuid}/facilitator/verwijderen/", False, True),
    ]


def test_the_overview_takes_a_beheerder_of_one_organisation_straight_to_it(carol_client, org):
    r = carol_client.get("/beheer/")
    assert r.status_code == 302 and r["Location"] == org_url(org)


def test_the_overview_lists_every_organisation_i_manage(carol_client, carol, org, other_org):
    Lidmaatschap.objects.create(user=carol, organisatie=other_org, is_beheerder=True)
    r = carol_client.get("/beheer/")
    html = r.content.decode()
    assert r.status_code == 200
    assert f'href="{org_url(org)}"' in html and f'href="{org_url(other_org)}"' in html


def test_the_overview_is_404_for_someone_who_manages_nothing(erin_client):
    assert erin_client.get("/beheer/").status_code == 404


def test_the_header_links_to_beheer_only_for_beheerders(carol_client, erin_client):
    assert 'href="/beheer/"' in carol_client.get("/trajecten/").content.decode()
    assert 'href="/beheer/"' not in erin_client.get("/trajecten/").content.decode()


def test_the_organisation_page_shows_members_trajecten_and_roles(carol_client, org, traject, carol, alice, erin):
    r = carol_client.get(org_url(org))
    html = r.content.decode()
    assert r.status_code == 200
    for lid in (carol, alice, erin):
        assert lid.naam in html and lid.email in html
    assert "Familie J." in html
    assert f"{timezone.localtime(traject.aangemaakt_op):%Y-%m-%d}" in html
    label, _datum, facilitator, kaderstellers, _actie = rij(html, "Familie J.")
    assert facilitator == "Alice Jansen"
    assert kaderstellers == "Bob de Vries, Dave Peters"
    assert f'href="/beheer/{org.uuid}/trajecten/{traject.uuid}/"' in html


def test_the_organisation_page_says_who_is_beheerder(carol_client, org, carol, erin):
    html = carol_client.get(org_url(org)).content.decode()
    carol_rij, erin_rij = rij(html, "carol@example.org"), rij(html, "erin@example.org")
    assert carol_rij[2] == "Ja" and "Geen beheerder meer" in carol_rij[3]
    assert erin_rij[2] == "Nee" and "Beheerder maken" in erin_rij[3]


def test_it_never_shows_kwestie_kring_or_kaders(carol_client, org, traject, kring, bob, carol):
    Kwestie.objects.filter(traject=traject).update(
        vraag="Wat is ervoor nodig dat Noor veilig slaapt?", beschrijving="Papa drinkt vaak in het weekend."
    )
    Kader.objects.create(kaderset=traject.kaderset, soort=Kader.Soort.choices[0][0], tekst="Noor woont bij oma tot de zitting.", eigenaar=bob)
    geheim = ["Noor veilig slaapt", "Papa drinkt", "Noor woont bij oma", "Sanne", "Jacobs", "Ria", "Fatima", "El Idrissi"]
    pages = [
        org_url(org),
        f"{org_url(org)}trajecten/{traject.uuid}/",
        f"{org_url(org)}leden/{bob.uuid}/verwijderen/",
    ]
    for url in pages:
        html = carol_client.get(url).content.decode()
        assert "Familie J." in html
        for woord in geheim:
            assert woord not in html, (url, woord)
        # No link into the case itself either.
        assert f'href="/trajecten/{traject.uuid}/' not in html


def test_the_case_pages_stay_closed_to_the_beheerder(carol_client, traject):
    assert carol_client.get(f"/trajecten/{traject.uuid}/").status_code == 404


def test_it_does_not_list_trajecten_or_members_of_another_organisation(carol_client, org, mallory, mallory_traject):
    html = carol_client.get(org_url(org)).content.decode()
    assert "Mallory" not in html and "Familie X." not in html


def test_it_uses_a_fixed_number_of_queries(carol, org, traject, django_assert_max_num_queries):
    client = client_for(carol)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(org_url(org)).status_code == 200
        return len(ctx.captured_queries)

    klein = count()
    leden = [User.objects.create(email=f"lid{i}@example.org", naam=f"Lid {i}") for i in range(10)]
    for lid in leden:
        Lidmaatschap.objects.create(user=lid, organisatie=org)
    for i in range(10):
        t = Traject.objects.create(organisatie=org, label=f"Familie {i}.")
        TrajectRol.objects.create(traject=t, user=leden[i], rol=TrajectRol.Rol.FACILITATOR)
        TrajectRol.objects.create(traject=t, user=leden[(i + 1) % 10], rol=TrajectRol.Rol.KADERSTELLER)
        TrajectRol.objects.create(traject=t, user=leden[(i + 2) % 10], rol=TrajectRol.Rol.KADERSTELLER)
    with django_assert_max_num_queries(8):
        html = client.get(org_url(org)).content.decode()
    assert "Lid 9" in html and "Familie 9." in html
    assert count() == klein


def test_ids_on_the_organisation_page_are_unique(carol_client, org, traject):
    html = carol_client.get(org_url(org)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_headings_go_in_order_and_tables_have_header_scopes(carol_client, org, traject):
    html = carol_client.get(org_url(org)).content.decode()
    niveaus = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert niveaus[0] == 1 and niveaus.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(niveaus, niveaus[1:]))
    assert "<th>" not in html and "<th " in html
    assert all("scope=" in th for th in re.findall(r"<th\b[^>]*>", html))


def test_anonymous_is_sent_to_login_from_every_beheer_url(client, org, traject, erin):
    assert_login_redirect(client.get("/beheer/"))
    for url, get, post in all_beheer_urls(org, traject, erin):
        assert_login_redirect(client.get(url))
        assert_login_redirect(client.post(url, {"is_beheerder": "1", "email": "x@example.org", "naam": "X"}))


@pytest.mark.parametrize("actor", ["erin", "alice", "mallory"])
def test_someone_who_does_not_manage_the_organisation_gets_404_everywhere(request, actor, org, traject, erin, carol):
    client = client_for(request.getfixturevalue(actor))
    before = (
        list(Lidmaatschap.objects.order_by("pk").values_list("pk", "is_beheerder")),
        list(TrajectRol.objects.order_by("pk").values_list("pk", flat=True)),
        User.objects.count(),
    )
    for url, get, post in all_beheer_urls(org, traject, erin):
        if get:
            assert client.get(url).status_code == 404, url
        assert client.post(url, {"is_beheerder": "1", "email": "x@example.org", "naam": "X", "rol": "facilitator",
                                 "lid": str(erin.uuid)}).status_code == 404, url
    after = (
        list(Lidmaatschap.objects.order_by("pk").values_list("pk", "is_beheerder")),
        list(TrajectRol.objects.order_by("pk").values_list("pk", flat=True)),
        User.objects.count(),
    )
    assert before == after


def test_a_beheerder_of_another_organisation_cannot_reach_ours_through_her_own(mallory_client, other_org, org, traject, erin, mallory_traject):
    base = org_url(other_org)
    assert mallory_client.get(f"{base}trajecten/{traject.uuid}/").status_code == 404
    assert mallory_client.get(f"{base}leden/{erin.uuid}/verwijderen/").status_code == 404
    assert mallory_client.post(f"{base}leden/{erin.uuid}/beheerder/", {"is_beheerder": "1"}).status_code == 404
    assert not Lidmaatschap.objects.get(user=erin).is_beheerder


def test_post_only_views_refuse_get(carol_client, org, traject, alice):
    base = org_url(org)
    assert carol_client.get(f"{base}leden/{alice.uuid}/beheerder/").status_code == 405
    assert carol_client.get(f"{base}trajecten/{traject.uuid}/rollen/{alice.uuid}/facilitator/verwijderen/").status_code == 405
    assert TrajectRol.objects.filter(user=alice).exists()


def test_an_unknown_organisation_is_404(carol_client):
    assert carol_client.get("/beheer/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert carol_client.get("/beheer/12/").status_code == 404


def test_the_organisation_page_works_without_trajecten(carol_client, org):
    html = carol_client.get(org_url(org)).content.decode()
    assert "nog geen trajecten" in html


def test_it_marks_a_traject_without_facilitator(carol_client, org, carol):
    Traject.objects.create(organisatie=org, label="Familie Z.")
    html = carol_client.get(org_url(org)).content.decode()
    assert rij(html, "Familie Z.")[2:4] == ["Nog niemand", "Nog niemand"]


def test_an_organisation_object_is_not_changed_by_viewing(carol_client, org):
    carol_client.get(org_url(org))
    assert Organisatie.objects.get(pk=org.pk).naam == "Jeugdbescherming Oost"
