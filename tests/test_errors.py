"""Bad requests get a friendly Dutch page, never a 500."""

from django.test import Client


def test_a_body_over_one_megabyte_gets_a_friendly_400(alice_client, traject):
    r = alice_client.post(
        f"/trajecten/{traject.uuid}/kwestie/bewerken/",
        {"vraag": "Wat is ervoor nodig dat?", "beschrijving": "x" * (1024 * 1024 + 10)},
    )
    assert r.status_code == 400
    assert "Dit kunnen we niet verwerken" in r.content.decode()


def test_an_unknown_page_gets_a_dutch_404(alice_client):
    r = alice_client.get("/bestaat-niet/")
    assert r.status_code == 404
    assert "Deze pagina bestaat niet" in r.content.decode()


def test_a_wrong_role_gets_a_dutch_403(bob_client, traject):
    r = bob_client.get(f"/trajecten/{traject.uuid}/kwestie/bewerken/")
    assert r.status_code == 403
    assert "Dit mag u niet doen" in r.content.decode()


def test_a_post_without_csrf_token_is_refused(alice, traject):
    c = Client(enforce_csrf_checks=True)
    c.force_login(alice)
    r = c.post(f"/trajecten/{traject.uuid}/kwestie/vaststellen/")
    assert r.status_code == 403
    assert "Deze pagina was verlopen" in r.content.decode()
    assert not traject.kwestie.__class__.objects.get(pk=traject.kwestie.pk).is_vastgesteld


def test_null_characters_are_refused_with_a_message(alice_client, traject):
    r = alice_client.post(
        f"/trajecten/{traject.uuid}/kwestie/bewerken/",
        {"vraag": "Wat is ervoor nodig dat \x00?", "beschrijving": "", "gezien_versie": 1},
    )
    assert r.status_code == 200
    assert "Null-tekens zijn niet toegestaan" in r.content.decode()
