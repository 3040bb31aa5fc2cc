"""Staying logged in: 30 idle minutes, sliding, gone when the browser closes; cookies scripts cannot read."""

import datetime
import re
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from account.middleware import VERLENGD

from .conftest import PASSWORD, assert_login_redirect

HTMX = {"HTTP_HX_REQUEST": "true"}


def sessie(client):
    return Session.objects.get(session_key=client.session.session_key)


def verschuif(client, minuten, verlengd=None):
    """As if `minuten` minutes have passed since the session was last saved."""
    if verlengd is not None:
        s = client.session
        s[VERLENGD] = verlengd
        s.save()
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE) - datetime.timedelta(minutes=minuten)
    )


def test_the_settings_say_30_minutes_and_browser_close_without_a_write_per_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False) is False
    assert settings.SESSION_COOKIE_HTTPONLY is True and settings.CSRF_COOKIE_HTTPONLY is True


def test_the_session_cookie_lives_until_the_browser_closes_and_scripts_cannot_read_it(client, alice):
    r = client.post("/inloggen/", {"username": "alice@example.org", "password": PASSWORD})
    cookie = r.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["samesite"] == "Lax"


def test_the_csrf_cookie_is_httponly_and_htmx_takes_the_token_from_the_page(alice_client):
    r = alice_client.get("/trajecten/")
    assert r.cookies["csrftoken"]["httponly"] is True
    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'", r.content.decode())


def test_at_login_the_session_expires_in_30_minutes(client, alice):
    client.post("/inloggen/", {"username": "alice@example.org", "password": PASSWORD})
    over = (sessie(client).expire_date - timezone.now()).total_seconds()
    assert 29 * 60 < over <= 30 * 60


def test_after_31_idle_minutes_the_user_is_logged_out(alice_client):
    verschuif(alice_client, 31)
    assert_login_redirect(alice_client.get("/trajecten/"))


def test_after_29_idle_minutes_a_click_still_works_and_slides_the_30_minutes(alice_client):
    verschuif(alice_client, 29, verlengd=int(time.time()) - 29 * 60)
    assert alice_client.get("/trajecten/").status_code == 200
    over = (sessie(alice_client).expire_date - timezone.now()).total_seconds()
    assert over > 29 * 60


def test_clicks_within_a_minute_do_not_write_the_session(alice_client):
    alice_client.get("/trajecten/")
    voor = sessie(alice_client).expire_date
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert alice_client.get("/trajecten/").status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert sessie(alice_client).expire_date == voor


def test_the_first_click_after_a_minute_writes_the_session_once(alice_client):
    verschuif(alice_client, 2, verlengd=int(time.time()) - 61)
    voor = sessie(alice_client).expire_date
    alice_client.get("/trajecten/")
    na = sessie(alice_client).expire_date
    assert na > voor
    alice_client.get("/trajecten/")
    assert sessie(alice_client).expire_date == na


def test_the_screen_poll_with_its_ticket_neither_reads_nor_slides_the_session(
    alice_client, traject, ronde, lopende_bijeenkomst
):
    flap = alice_client.get(reverse("besluitvorming:flap", args=[traject.uuid])).content.decode()
    url = re.search(r'hx-get="([^"]+kaart=[^"]+)"', flap).group(1).replace("&amp;", "&")
    verschuif(alice_client, 10, verlengd=int(time.time()) - 600)
    voor = sessie(alice_client).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert alice_client.get(url, **HTMX).status_code == 204
    assert not [q for q in queries if "django_session" in q["sql"]]
    assert sessie(alice_client).expire_date == voor

