import uuid

import pytest

from kwesties.models import Traject, TrajectRol

from .conftest import assert_login_redirect

URL = "/trajecten/nieuw/"


def post(client, org, **extra):
    data = {"label": "Familie K.", "organisatie": org.pk, "client_token": str(uuid.uuid4())}
    data.update(extra)
    return client.post(URL, data)


def test_it_starts_a_traject_with_me_as_facilitator(alice_client, alice, bob, org):
    r = post(alice_client, org, kadersteller=bob.pk)
    t = Traject.objects.get(label="Familie K.")
    assert r.status_code == 302 and r["Location"] == f"/trajecten/{t.uuid}/kwestie/"
    assert set(t.rollen.values_list("user__email", "rol")) == {
        ("alice@example.org", TrajectRol.Rol.FACILITATOR),
        ("bob@example.org", TrajectRol.Rol.KADERSTELLER),
    }
    assert t.kaderset.status == "concept"
    assert t.kwestie.status == "concept"


def test_it_requires_a_label_and_keeps_the_choice(alice_client, org, bob):
    r = post(alice_client, org, label="   ", kadersteller=bob.pk)
    assert r.status_code == 200
    assert "Dit veld is verplicht." in r.content.decode()
    assert Traject.objects.count() == 0
    assert f'<option value="{bob.pk}" selected>' in r.content.decode()


def test_it_rejects_a_label_over_sixty_characters_and_keeps_the_text(alice_client, org):
    r = post(alice_client, org, label="J" * 61)
    assert "Zorg dat deze waarde" in r.content.decode()
    assert "J" * 61 in r.content.decode()
    assert Traject.objects.count() == 0


def test_it_shows_html_in_the_label_escaped(alice_client, org):
    post(alice_client, org, label="<script>alert(1)</script>")
    r = alice_client.get("/trajecten/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.content.decode()
    assert "<script>alert(1)" not in r.content.decode()


def test_it_stores_emoji_and_right_to_left_labels(alice_client, org):
    post(alice_client, org, label="👨‍👩‍👧 عائلة")
    assert Traject.objects.filter(label="👨‍👩‍👧 عائلة").exists()


def test_a_double_submit_makes_one_traject(alice_client, org):
    token = str(uuid.uuid4())
    first = post(alice_client, org, client_token=token)
    second = post(alice_client, org, client_token=token)
    assert Traject.objects.count() == 1
    t = Traject.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == f"/trajecten/{t.uuid}/"


def test_it_refuses_an_organisation_i_am_not_a_member_of(alice_client, other_org):
    r = post(alice_client, other_org)
    assert r.status_code == 200
    assert Traject.objects.count() == 0
    assert "Selecteer een geldige keuze" in r.content.decode()


def test_it_refuses_a_kadersteller_from_another_organisation(alice_client, org, mallory):
    r = post(alice_client, org, kadersteller=mallory.pk)
    assert r.status_code == 200
    assert Traject.objects.count() == 0


def test_it_refuses_garbage_without_a_500(alice_client, org):
    r = alice_client.post(URL, {"label": "x", "organisatie": "not-a-number", "kadersteller": "💥", "client_token": "nope"})
    assert r.status_code == 200
    assert Traject.objects.count() == 0


def test_it_sends_anonymous_users_to_login(client, db):
    assert_login_redirect(client.get(URL))
