"""After five wrong passwords for one email address from one IP address, that pair waits 15 minutes (django-axes)."""

import datetime

from axes.models import AccessAttempt
from django.utils import timezone

from .conftest import PASSWORD
from .tweestaps_hulp import LOGIN, html, ingelogd_als

BLOKKADE = "U hebt te vaak een verkeerd wachtwoord ingevuld."


def probeer(client, email="alice@example.org", password="verkeerd-wachtwoord", ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_four_wrong_passwords_still_get_the_normal_message(client, alice):
    for _ in range(4):
        r = probeer(client)
        assert r.status_code == 200
        assert "Dit e-mailadres en wachtwoord horen niet bij elkaar." in html(r) and BLOKKADE not in html(r)


def test_the_fifth_wrong_password_locks_out_with_a_dutch_page_not_a_bare_error(client, alice):
    for _ in range(4):
        probeer(client)
    r = probeer(client)
    page = html(r)
    assert r.status_code == 429
    assert "<h1>Inloggen</h1>" in page and 'role="alert"' in page
    assert "Met dit e-mailadres kunt u hier nu 15 minuten niet inloggen. Probeer het daarna opnieuw." in page
    assert 'value="alice@example.org"' in page and "verkeerd-wachtwoord" not in page


def test_while_locked_out_even_the_right_password_is_refused(client, alice):
    for _ in range(5):
        probeer(client)
    r = probeer(client, password=PASSWORD)
    assert r.status_code == 429 and BLOKKADE in html(r)
    assert ingelogd_als(client) is None


def test_the_count_is_kept_in_the_database_so_every_process_sees_it(client, alice):
    for _ in range(5):
        probeer(client)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "alice@example.org" and attempt.ip_address == "10.0.0.1"
    assert attempt.failures_since_start == 5


def test_capitals_and_spaces_in_the_email_count_as_the_same_address(client, alice):
    for email in ("alice@example.org", "Alice@Example.org", " ALICE@example.org", "alice@EXAMPLE.ORG", "alice@example.org"):
        r = probeer(client, email=email)
    assert r.status_code == 429


def test_the_same_address_from_another_ip_and_another_address_from_this_ip_can_still_log_in(client, alice, erin):
    for _ in range(5):
        probeer(client)
    assert probeer(client, password=PASSWORD, ip="10.0.0.2")["Location"] == "/trajecten/"
    client.post("/uitloggen/")
    assert probeer(client, email="erin@example.org", password=PASSWORD)["Location"] == "/trajecten/"


def test_after_fifteen_minutes_the_right_password_works_again(client, alice):
    for _ in range(5):
        probeer(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1))
    r = probeer(client, password=PASSWORD)
    assert r.status_code == 302 and ingelogd_als(client) == str(alice.pk)


def test_a_successful_login_starts_the_count_again(client, alice):
    for _ in range(4):
        probeer(client)
    probeer(client, password=PASSWORD)
    client.post("/uitloggen/")
    for _ in range(4):
        assert probeer(client).status_code == 200


def test_a_locked_out_page_can_be_left_for_the_login_page(client, alice):
    for _ in range(5):
        probeer(client)
    r = client.get(LOGIN)
    assert r.status_code == 200 and BLOKKADE not in html(r)


def test_an_unknown_address_is_locked_out_the_same_way(client, db):
    for _ in range(4):
        probeer(client, email="niemand@example.org")
    r = probeer(client, email="niemand@example.org")
    assert r.status_code == 429 and BLOKKADE in html(r)
