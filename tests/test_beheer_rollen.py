"""Giving and taking roles on a traject of the organisation."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from kwesties.models import TrajectRol

from .conftest import client_for


def traject_url(org, traject):
    return f"/beheer/{org.uuid}/trajecten/{traject.uuid}/"


def rol_weg_url(org, traject, user, rol):
    return f"{traject_url(org, traject)}rollen/{user.uuid}/{rol}/verwijderen/"


def geef(client, org, traject, user, rol="facilitator"):
    return client.post(traject_url(org, traject), {"lid": str(user.uuid), "rol": rol})


def rollen(traject):
    return set(TrajectRol.objects.filter(traject=traject).values_list("user__email", "rol"))


def test_the_traject_page_shows_label_date_and_roles(carol_client, org, traject):
    r = carol_client.get(traject_url(org, traject))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Familie J." in html and f"{timezone.localtime(traject.aangemaakt_op):%Y}" in html
    for naam in ("Alice Jansen", "Bob de Vries", "Dave Peters"):
        assert naam in html
    assert 'for="id_lid"' in html and "<legend>Welke rol?" in html


def test_only_members_of_the_organisation_are_offered(carol_client, org, traject, erin, mallory):
    html = carol_client.get(traject_url(org, traject)).content.decode()
    assert f'value="{erin.uuid}"' in html
    assert f'value="{mallory.uuid}"' not in html and "Mallory" not in html


def test_it_gives_a_member_a_role(carol_client, org, traject, erin):
    r = geef(carol_client, org, traject, erin, "kadersteller")
    assert r.status_code == 302 and r["Location"] == traject_url(org, traject)
    assert ("erin@example.org", "kadersteller") in rollen(traject)
    assert "Erin Smit is nu kadersteller." in carol_client.get(r["Location"]).content.decode()
    # The role opens the case to Erin.
    assert client_for(erin).get(f"/trajecten/{traject.uuid}/").status_code == 200


def test_a_beheerder_may_give_herself_a_role(carol_client, org, traject, carol):
    geef(carol_client, org, traject, carol, "facilitator")
    assert ("carol@example.org", "facilitator") in rollen(traject)


def test_a_double_submit_gives_the_role_once(carol_client, org, traject, erin):
    first = geef(carol_client, org, traject, erin)
    second = geef(carol_client, org, traject, erin)
    assert first.status_code == second.status_code == 302
    assert TrajectRol.objects.filter(traject=traject, user=erin, rol="facilitator").count() == 1
    assert "had deze rol al" in carol_client.get(second["Location"]).content.decode()


def test_a_race_on_the_unique_constraint_gives_a_message_not_a_500(carol_client, org, traject, erin, monkeypatch):
    def botsing(*args, **kwargs):
        raise IntegrityError("uniek_trajectrol")

    monkeypatch.setattr(TrajectRol.objects, "get_or_create", botsing)
    r = geef(carol_client, org, traject, erin)
    assert r.status_code == 302
    assert "had deze rol al" in carol_client.get(r["Location"]).content.decode()


def test_the_facilitator_cannot_also_be_kadersteller(carol_client, org, traject, alice, bob):
    r = geef(carol_client, org, traject, alice, "kadersteller")
    assert r.status_code == 200
    assert "Alice Jansen is facilitator in dit traject" in r.content.decode()
    r = geef(carol_client, org, traject, bob, "facilitator")
    assert "Bob de Vries is kadersteller in dit traject" in r.content.decode()
    assert len(rollen(traject)) == 3


def test_it_refuses_a_user_from_another_organisation(carol_client, org, traject, mallory):
    r = geef(carol_client, org, traject, mallory)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Alleen leden van deze organisatie" in html and 'id="id_lid_error"' in html
    assert not TrajectRol.objects.filter(user=mallory, traject=traject).exists()


@pytest.mark.parametrize(
    "data, veld",
    [
        ({}, "lid"),
        ({"rol": "facilitator"}, "lid"),
        ({"lid": "not-a-uuid", "rol": "facilitator"}, "lid"),
        ({"lid": "00000000-0000-0000-0000-000000000000", "rol": "facilitator"}, "lid"),
        ({"lid": "ERIN", "rol": "eigenaar"}, "rol"),
    ],
)
def test_it_explains_bad_input_without_a_500(carol_client, org, traject, erin, data, veld):
    if data.get("lid") == "ERIN":
        data["lid"] = str(erin.uuid)
    r = carol_client.post(traject_url(org, traject), data)
    assert r.status_code == 200
    assert f'id="id_{veld}_error"' in r.content.decode()
    assert len(rollen(traject)) == 3


def test_a_failed_submit_keeps_the_choice(carol_client, org, traject, erin):
    r = carol_client.post(traject_url(org, traject), {"lid": str(erin.uuid)})
    assert f'<option value="{erin.uuid}" selected>' in r.content.decode()


def test_a_traject_of_another_organisation_is_404(carol_client, org, mallory_traject, erin, mallory):
    assert carol_client.get(traject_url(org, mallory_traject)).status_code == 404
    assert geef(carol_client, org, mallory_traject, erin).status_code == 404
    assert carol_client.post(rol_weg_url(org, mallory_traject, mallory, "facilitator")).status_code == 404
    assert rollen(mallory_traject) == {("mallory@example.org", "facilitator")}


def test_it_takes_a_role_away(carol_client, org, traject, dave):
    r = carol_client.post(rol_weg_url(org, traject, dave, "kadersteller"))
    assert r.status_code == 302 and r["Location"] == traject_url(org, traject)
    assert rollen(traject) == {("alice@example.org", "facilitator"), ("bob@example.org", "kadersteller")}
    assert "Dave Peters is niet langer kadersteller" in carol_client.get(r["Location"]).content.decode()


def test_taking_a_role_away_twice_is_404(carol_client, org, traject, dave):
    carol_client.post(rol_weg_url(org, traject, dave, "kadersteller"))
    assert carol_client.post(rol_weg_url(org, traject, dave, "kadersteller")).status_code == 404


def test_taking_away_a_role_someone_does_not_have_is_404(carol_client, org, traject, dave):
    assert carol_client.post(rol_weg_url(org, traject, dave, "facilitator")).status_code == 404
    assert carol_client.post(rol_weg_url(org, traject, dave, "eigenaar")).status_code == 404
    assert len(rollen(traject)) == 3


def test_taking_a_role_away_is_post_only(carol_client, org, traject, dave):
    assert carol_client.get(rol_weg_url(org, traject, dave, "kadersteller")).status_code == 405
    assert len(rollen(traject)) == 3


def test_a_traject_without_roles_asks_for_a_facilitator(carol_client, org, traject):
    TrajectRol.objects.filter(traject=traject).delete()
    assert "Nog niemand heeft een rol" in carol_client.get(traject_url(org, traject)).content.decode()
