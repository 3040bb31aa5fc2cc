"""Logging in with an email address, logging out, and where anonymous visitors end up."""

from organisaties.models import Lidmaatschap, User

from .conftest import PASSWORD

URL = "/inloggen/"


def login(client, email, password=PASSWORD, **extra):
    return client.post(URL, {"username": email, "password": password, **extra})


def ingelogd_als(client):
    return client.session.get("_auth_user_id")


def test_the_login_page_is_in_dutch_by_default(client):
    r = client.get(URL)
    html = r.content.decode()
    assert r.status_code == 200
    assert '<html lang="nl">' in html
    assert "<h1>Inloggen</h1>" in html
    assert '<label for="id_username">E-mailadres' in html
    assert '<label for="id_password">Wachtwoord' in html


def test_it_logs_in_with_email_and_password(client, alice):
    r = login(client, "alice@example.org")
    assert r.status_code == 302 and r["Location"] == "/trajecten/"
    assert ingelogd_als(client) == str(alice.pk)


def test_the_email_address_is_not_case_sensitive(client, alice):
    r = login(client, "  Alice@EXAMPLE.org ")
    assert r.status_code == 302
    assert ingelogd_als(client) == str(alice.pk)


def test_a_wrong_password_gives_a_dutch_message_and_keeps_the_email(client, alice):
    r = login(client, "Alice@example.org", "verkeerd-wachtwoord")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar." in html
    assert 'role="alert"' in html
    assert 'value="Alice@example.org"' in html
    assert 'type="password"' in html and "verkeerd-wachtwoord" not in html
    assert ingelogd_als(client) is None


def test_an_unknown_email_gives_the_same_message(client, alice):
    html = login(client, "niemand@example.org").content.decode()
    assert "Dit e-mailadres en wachtwoord horen niet bij elkaar." in html
    assert ingelogd_als(client) is None


def test_an_invalid_email_is_explained_beside_the_field(client, db):
    r = login(client, "geen-email")
    html = r.content.decode()
    assert r.status_code == 200 and 'id="id_username_error"' in html
    assert 'value="geen-email"' in html


def test_a_member_added_by_the_beheerder_cannot_log_in_before_a_password_is_set(client, org):
    frank = User.objects.create_user(email="frank@example.org", password=None, naam="Frank Mulder")
    Lidmaatschap.objects.create(user=frank, organisatie=org)
    assert login(client, "frank@example.org", "").status_code == 200
    assert login(client, "frank@example.org", "iets").status_code == 200
    assert ingelogd_als(client) is None


def test_it_goes_to_next_after_login(client, alice):
    r = login(client, "alice@example.org", next="/account/")
    assert r["Location"] == "/account/"


def test_it_ignores_a_next_to_another_site(client, alice):
    r = login(client, "alice@example.org", next="https://evil.example/")
    assert r["Location"] == "/trajecten/"


def test_anonymous_is_sent_from_the_trajecten_to_login_with_next(client):
    r = client.get("/trajecten/")
    assert r.status_code == 302 and r["Location"] == "/inloggen/?next=/trajecten/"


def test_logout_is_post_only(alice_client, alice):
    assert alice_client.get("/uitloggen/").status_code == 405
    assert ingelogd_als(alice_client) == str(alice.pk)
    r = alice_client.post("/uitloggen/")
    assert r.status_code == 302 and r["Location"] == "/inloggen/"
    assert ingelogd_als(alice_client) is None
    assert alice_client.get("/trajecten/").status_code == 302


def test_the_header_logout_is_a_form(alice_client):
    html = alice_client.get("/trajecten/").content.decode()
    assert '<form action="/uitloggen/" method="post">' in html


def test_a_logged_in_user_is_sent_on_from_the_login_page(alice_client):
    r = alice_client.get(URL)
    assert r.status_code == 302 and r["Location"] == "/trajecten/"
