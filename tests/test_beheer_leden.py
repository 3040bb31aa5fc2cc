"""Adding and removing members, and making someone beheerder."""

import pytest
from django.db import IntegrityError

from kwesties.models import Traject, TrajectRol
from organisaties.models import Lidmaatschap, User

from .conftest import client_for
from .test_beheer import rij


def nieuw_url(org):
    return f"/beheer/{org.uuid}/leden/nieuw/"


def verwijder_url(org, user):
    return f"/beheer/{org.uuid}/leden/{user.uuid}/verwijderen/"


def beheerder_url(org, user):
    return f"/beheer/{org.uuid}/leden/{user.uuid}/beheerder/"


def voeg_toe(client, org, email="frank@example.org", naam="Frank Mulder"):
    return client.post(nieuw_url(org), {"email": email, "naam": naam})


# Adding


def test_the_add_form_has_labelled_fields(carol_client, org):
    html = carol_client.get(nieuw_url(org)).content.decode()
    assert '<label for="id_email">' in html and '<label for="id_naam">' in html


def test_it_adds_a_new_person_with_an_account_that_cannot_log_in_yet(carol_client, org):
    r = voeg_toe(carol_client, org, email="  Frank@Example.ORG ")
    assert r.status_code == 302 and r["Location"] == f"/beheer/{org.uuid}/"
    frank = User.objects.get(email="frank@example.org")
    assert frank.naam == "Frank Mulder" and not frank.has_usable_password()
    assert Lidmaatschap.objects.filter(user=frank, organisatie=org, is_beheerder=False).exists()
    html = carol_client.get(r["Location"]).content.decode()
    assert "Frank Mulder is toegevoegd" in html and "applicatiebeheerder een wachtwoord" in html
    assert "Nog geen wachtwoord" in rij(html, "frank@example.org")[0]


def test_it_adds_an_existing_account_without_changing_its_name_or_password(carol_client, org, mallory):
    r = voeg_toe(carol_client, org, email="MALLORY@example.org", naam="Iemand Anders")
    assert r.status_code == 302
    mallory.refresh_from_db()
    assert mallory.naam == "Mallory Kwaad" and mallory.has_usable_password()
    assert Lidmaatschap.objects.filter(user=mallory, organisatie=org).exists()
    assert User.objects.filter(email__iexact="mallory@example.org").count() == 1
    assert "had al een account" in carol_client.get(r["Location"]).content.decode()


def test_a_double_submit_adds_the_member_once(carol_client, org):
    first = voeg_toe(carol_client, org)
    second = voeg_toe(carol_client, org)
    assert first.status_code == second.status_code == 302
    assert Lidmaatschap.objects.filter(user__email="frank@example.org", organisatie=org).count() == 1
    assert User.objects.filter(email="frank@example.org").count() == 1
    assert "is al lid van Jeugdbescherming Oost" in carol_client.get(second["Location"]).content.decode()


def test_a_race_on_the_unique_constraint_gives_a_message_not_a_500(carol_client, org, monkeypatch):
    def botsing(*args, **kwargs):
        raise IntegrityError("uniek_lidmaatschap")

    monkeypatch.setattr(Lidmaatschap.objects, "create", botsing)
    r = voeg_toe(carol_client, org)
    assert r.status_code == 302
    assert not Lidmaatschap.objects.filter(user__email="frank@example.org").exists()
    assert not User.objects.filter(email="frank@example.org").exists()  # rolled back with the membership
    assert "is al lid" in carol_client.get(r["Location"]).content.decode()


@pytest.mark.parametrize(
    "email, naam, veld, bericht",
    [
        ("", "Frank", "email", "Vul een e-mailadres in."),
        ("frank@example.org", "", "naam", "Vul een naam in."),
        ("frank@example.org", "   ", "naam", "Vul een naam in."),
        ("geen-email", "Frank", "email", "Vul een geldig e-mailadres in"),
        ("frank@example.org", "F" * 151, "naam", "niet meer dan 150 tekens"),
    ],
)
def test_it_explains_bad_input_beside_the_field_and_keeps_what_was_typed(carol_client, org, email, naam, veld, bericht):
    r = voeg_toe(carol_client, org, email=email, naam=naam)
    html = r.content.decode()
    assert r.status_code == 200
    assert f'id="id_{veld}_error"' in html and bericht in html
    assert 'role="alert"' in html
    assert f'aria-describedby="id_{veld}_helptext id_{veld}_error"' in html or f'aria-describedby="id_{veld}_error"' in html
    if email:
        assert f'value="{email}"' in html
    if naam.strip():
        assert f'value="{naam}"' in html
    assert not User.objects.filter(email="frank@example.org").exists()


def test_it_shows_html_in_a_name_escaped(carol_client, org):
    voeg_toe(carol_client, org, naam="<script>alert(1)</script>")
    html = carol_client.get(f"/beheer/{org.uuid}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_it_keeps_emoji_and_right_to_left_names(carol_client, org):
    voeg_toe(carol_client, org, email="amal@example.org", naam="أمل 🌷 Haddad")
    assert User.objects.get(email="amal@example.org").naam == "أمل 🌷 Haddad"
    html = carol_client.get(f"/beheer/{org.uuid}/").content.decode()
    assert "<bdi>أمل 🌷 Haddad</bdi>" in html


# Beheerder or not


def test_it_makes_a_member_beheerder_and_back(carol_client, org, erin):
    r = carol_client.post(beheerder_url(org, erin), {"is_beheerder": "1"})
    assert r.status_code == 302 and Lidmaatschap.objects.get(user=erin).is_beheerder
    # Pressing the same button again changes nothing more.
    carol_client.post(beheerder_url(org, erin), {"is_beheerder": "1"})
    assert Lidmaatschap.objects.get(user=erin).is_beheerder
    carol_client.post(beheerder_url(org, erin), {"is_beheerder": "0"})
    assert not Lidmaatschap.objects.get(user=erin).is_beheerder


def test_the_last_beheerder_cannot_step_down(carol_client, org, carol):
    r = carol_client.post(beheerder_url(org, carol), {"is_beheerder": "0"})
    assert r.status_code == 302
    assert Lidmaatschap.objects.get(user=carol).is_beheerder
    assert "de laatste beheerder" in carol_client.get(r["Location"]).content.decode()


def test_a_beheerder_may_step_down_when_another_remains(carol_client, org, carol, erin):
    Lidmaatschap.objects.filter(user=erin).update(is_beheerder=True)
    r = carol_client.post(beheerder_url(org, carol), {"is_beheerder": "0"})
    assert not Lidmaatschap.objects.get(user=carol).is_beheerder
    assert r["Location"] == "/trajecten/"  # no beheer left to return to
    assert carol_client.get(f"/beheer/{org.uuid}/").status_code == 404


def test_it_ignores_a_garbled_beheerder_value(carol_client, org, erin):
    r = carol_client.post(beheerder_url(org, erin), {"is_beheerder": "ja graag"})
    assert r.status_code == 302
    assert not Lidmaatschap.objects.get(user=erin).is_beheerder


def test_it_cannot_make_someone_from_another_organisation_beheerder(carol_client, org, mallory):
    assert carol_client.post(beheerder_url(org, mallory), {"is_beheerder": "1"}).status_code == 404
    assert not Lidmaatschap.objects.filter(user=mallory, organisatie=org).exists()


# Removing


def test_removing_asks_first_and_lists_the_roles_that_go(carol_client, org, traject, alice):
    r = carol_client.get(verwijder_url(org, alice))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Alice Jansen" in html and "<bdi>Familie J.</bdi>: Facilitator" in html
    assert "Ja, verwijderen" in html
    assert Lidmaatschap.objects.filter(user=alice, organisatie=org).exists()


def test_removing_a_member_also_removes_their_roles_here_but_not_elsewhere(carol_client, org, traject, alice, other_org, mallory_traject):
    Lidmaatschap.objects.create(user=alice, organisatie=other_org)
    TrajectRol.objects.create(traject=mallory_traject, user=alice, rol=TrajectRol.Rol.KADERSTELLER)
    r = carol_client.post(verwijder_url(org, alice))
    assert r.status_code == 302 and r["Location"] == f"/beheer/{org.uuid}/"
    assert not Lidmaatschap.objects.filter(user=alice, organisatie=org).exists()
    assert not TrajectRol.objects.filter(user=alice, traject=traject).exists()
    assert TrajectRol.objects.filter(user=alice, traject=mallory_traject).exists()
    assert Lidmaatschap.objects.filter(user=alice, organisatie=other_org).exists()
    assert User.objects.filter(pk=alice.pk).exists()
    assert TrajectRol.objects.filter(traject=traject).count() == 2  # bob and dave keep theirs
    # Alice lost her way into the case.
    assert client_for(alice).get(f"/trajecten/{traject.uuid}/").status_code == 404


def test_removing_twice_is_a_404_the_second_time(carol_client, org, erin):
    carol_client.post(verwijder_url(org, erin))
    assert carol_client.post(verwijder_url(org, erin)).status_code == 404


def test_the_last_beheerder_cannot_remove_herself(carol_client, org, carol):
    html = carol_client.get(verwijder_url(org, carol)).content.decode()
    assert "laatste beheerder" in html and "Ja, verwijderen" not in html
    r = carol_client.post(verwijder_url(org, carol))
    assert r.status_code == 302
    assert Lidmaatschap.objects.filter(user=carol, organisatie=org, is_beheerder=True).exists()


def test_a_beheerder_may_remove_herself_when_another_remains(carol_client, org, carol, erin):
    Lidmaatschap.objects.filter(user=erin).update(is_beheerder=True)
    r = carol_client.post(verwijder_url(org, carol))
    assert not Lidmaatschap.objects.filter(user=carol, organisatie=org).exists()
    assert r["Location"] == "/trajecten/"


def test_it_cannot_remove_someone_from_another_organisation(carol_client, org, mallory):
    assert carol_client.get(verwijder_url(org, mallory)).status_code == 404
    assert carol_client.post(verwijder_url(org, mallory)).status_code == 404
    assert Lidmaatschap.objects.filter(user=mallory).exists()


def test_removing_a_member_leaves_trajecten_in_place(carol_client, org, traject, alice):
    carol_client.post(verwijder_url(org, alice))
    assert Traject.objects.filter(pk=traject.pk).exists()
    html = carol_client.get(f"/beheer/{org.uuid}/").content.decode()
    assert rij(html, "Familie J.")[2] == "Nog niemand"


def test_an_empty_post_shows_the_errors_instead_of_a_blank_form(carol_client, org):
    r = carol_client.post(nieuw_url(org), {})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Vul een e-mailadres in." in html and "Vul een naam in." in html
