"""CSRF on every POST: a form posted from another site, with the user's cookies but without the token, does nothing.

The URLs come from the walk of test_every_url.py, so a new view is checked as soon as it exists.
"""

import pytest
from django.test import Client
from django.urls import reverse

from .test_every_url import (  # noqa: F401  (the fixtures clients and urls)
    ALL,
    clients_fixture,
    database_snapshot,
    legitimate_user,
    post_endpoints,
    urls_fixture,
)

VERLOPEN = "Deze pagina was verlopen"


def browser_of(user):
    """The user's browser: logged in, holding the CSRF cookie a page of the app gave it, checks enforced."""
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    c.get(reverse("overzicht"))
    assert c.cookies.get("csrftoken"), "the app gave no CSRF cookie"
    return c


def assert_refused(r, name):
    assert r.status_code == 403, (name, r.status_code)
    assert VERLOPEN in r.content.decode(), name


def test_no_view_is_exempt_from_csrf():
    exempt = [name for name, p in ALL if getattr(p.callback, "csrf_exempt", False)]
    assert not exempt


def test_every_post_without_its_token_is_refused_and_changes_nothing(clients, urls, alice, bob, carol):
    endpoints = post_endpoints(clients, urls)
    assert len(endpoints) >= 40
    browsers = {"alice": browser_of(alice), "bob": browser_of(bob), "carol": browser_of(carol)}
    voor = database_snapshot()
    for name, url in endpoints.items():
        c = browsers[legitimate_user(name)]
        assert_refused(c.post(url, {}), name)
        # A forged form that looks real, and an htmx request: refused just the same.
        assert_refused(c.post(url, {"tekst": "x", "deel": "besluitvormend", "aan": "1"}, HTTP_HX_REQUEST="true"), name)
        assert_refused(c.post(url, {}, HTTP_X_CSRFTOKEN="fout-token-" + "x" * 21), name)
    assert database_snapshot() == voor


def test_the_same_post_with_its_token_goes_through(lopende_bijeenkomst, traject, alice):
    # Proof that the refusals above are the token's doing, not the test's set-up.
    c = browser_of(alice)
    url = reverse("besluitvorming:deel", args=[traject.uuid])
    assert_refused(c.post(url, {"deel": "besluitvormend"}), "deel")
    r = c.post(url, {"deel": "besluitvormend"}, HTTP_X_CSRFTOKEN=c.cookies["csrftoken"].value)
    assert r.status_code == 302
    lopende_bijeenkomst.refresh_from_db()
    assert lopende_bijeenkomst.huidig_deel == "besluitvormend"


@pytest.fixture
def public_posts(link, lopende_bijeenkomst, ronde, kring):
    """The pages without an account that take a POST: a personal link, a phone in the room, login and language."""
    lopende_bijeenkomst.zet_telefoons(True)
    code = lopende_bijeenkomst.meedoen_code
    token = link[1]
    return {
        "link:pagina": (reverse("link:pagina", args=[token]), {"tekst": "Mijn idee", "soort": "idee"}),
        "link:antwoord": (reverse("link:antwoord", args=[token]),
                          {"ronde": str(ronde.uuid), "voor": str(kring[0].uuid), "antwoord": "geen_bezwaar"}),
        "link:meedoen": (reverse("link:meedoen", args=[code]), {"wie": str(kring[1].uuid)}),
        "link:meedoen_antwoord": (reverse("link:meedoen_antwoord", args=[code]),
                                  {"ronde": str(ronde.uuid), "voor": str(kring[1].uuid), "antwoord": "geen_bezwaar"}),
        "login": (reverse("login"), {"username": "alice@example.org", "password": "x"}),
        "logout": (reverse("logout"), {}),
        "set_language": (reverse("set_language"), {"language": "en", "next": "/"}),
    }


def test_public_posts_without_their_token_are_refused_and_change_nothing(public_posts):
    c = Client(enforce_csrf_checks=True)
    c.get(reverse("login"))
    assert c.cookies.get("csrftoken")
    voor = database_snapshot()
    for name, (url, data) in public_posts.items():
        assert_refused(c.post(url, data), name)
    assert database_snapshot() == voor
    assert "django_language" not in c.cookies or c.cookies["django_language"].value != "en"
