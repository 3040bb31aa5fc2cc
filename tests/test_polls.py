"""Screens' and phones' polls that find nothing changed are answered before Django (nieuwe_route.polls).

The fast answer must be the one Django would give: the same 204 and headers when nothing changed, and for
anything else (a change, a bad ticket, another traject, a database error) Django itself answers.
"""

import re

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from links.telefoon_views import COOKIE
from nieuwe_route import polls
from nieuwe_route.polls import OngewijzigdePolls

from .test_flap import flap_url, html, kaart_url
from .test_telefoon_antwoord import (
    antwoord_url,
    telefoons,  # noqa: F401 (fixture)
)
from .test_telefoon_antwoord import stand as telefoon_sinds
from .test_telefoon_meedoen import antwoord_url as meedoen_antwoord_url
from .test_telefoon_meedoen import code, kies  # noqa: F401 (fixture)

HTMX = {"HTTP_HX_REQUEST": "true"}
# Django adds these to every response; a 204 without a body has no use for them.
NIET_VERGELEKEN = {"Content-Type", "Vary", "Content-Language", "Expires", "Date"}


class Django:
    """Stands in for Django behind the wrapper: records what reached it."""

    def __init__(self):
        self.aangeroepen = 0

    def __call__(self, environ, start_response):
        self.aangeroepen += 1
        start_response("299 Django", [])
        return [b"django"]


def vraag(url, **extra):
    """(status, headers, whether Django answered) for a GET through the wrapper."""
    pad, _, query = url.partition("?")
    environ = RequestFactory().get(pad, **extra).environ
    environ["QUERY_STRING"] = query
    django = Django()
    antwoord = {}

    def start_response(status, headers, exc_info=None):
        antwoord["status"], antwoord["headers"] = status, dict(headers)

    OngewijzigdePolls(django)(environ, start_response)
    return antwoord["status"], antwoord["headers"], django.aangeroepen == 1


def headers_van(response):
    return {k: v for k, v in response.headers.items() if k not in NIET_VERGELEKEN}


@pytest.fixture
def flap_poll(alice_client, traject, ronde, lopende_bijeenkomst):
    return kaart_url(html(alice_client.get(flap_url(traject))), traject)


def test_an_unchanged_room_screen_is_answered_with_the_204_django_gives(alice_client, flap_poll):
    status, headers, django = vraag(flap_poll, **HTMX)
    assert status == "204 No Content" and not django
    van_django = alice_client.get(flap_poll, **HTMX)
    assert van_django.status_code == 204
    assert {k: v for k, v in headers.items() if k not in NIET_VERGELEKEN} == headers_van(van_django)
    assert "Expires" in headers


def test_a_changed_stand_goes_to_django(flap_poll, ronde, kring, alice):
    ronde.reageer(kring[0], "geen_bezwaar", door=alice)
    assert vraag(flap_poll, **HTMX)[2]


def test_without_htmx_or_as_a_post_it_goes_to_django(flap_poll):
    assert vraag(flap_poll)[2]
    pad, _, query = flap_poll.partition("?")
    environ = RequestFactory().post(pad).environ
    environ["QUERY_STRING"] = query
    django = Django()
    OngewijzigdePolls(django)(environ, lambda *a: None)
    assert django.aangeroepen == 1


@pytest.mark.parametrize("bederf", [
    lambda url: re.sub(r"kaart=[^&]+", "kaart=vals", url),
    lambda url: re.sub(r"kaart=([^&]+)", lambda m: "kaart=" + m.group(1)[:-3] + "abc", url),
    lambda url: url + "&kaart=nog-een",
    lambda url: re.sub(r"sinds=[^&]+", "sinds=", url),
    lambda url: re.sub(r"&kaart=[^&]+", "", url),
])
def test_a_bad_or_missing_ticket_or_stand_goes_to_django(flap_poll, bederf):
    assert vraag(bederf(flap_poll), **HTMX)[2]


def test_a_ticket_for_another_traject_goes_to_django(flap_poll, traject, mallory_traject):
    ander = flap_poll.replace(str(traject.uuid), str(mallory_traject.uuid))
    assert vraag(ander, **HTMX)[2]


def test_a_ticket_of_someone_who_lost_their_role_goes_to_django(flap_poll, traject, alice):
    traject.rollen.filter(user=alice).delete()
    assert vraag(flap_poll, **HTMX)[2]


def test_a_database_error_goes_to_django(flap_poll, monkeypatch):
    def kapot(sql, params):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("besluitvorming.access.een_rij", kapot)
    assert vraag(flap_poll, **HTMX)[2]


def test_over_plain_http_with_ssl_redirect_django_redirects_it(flap_poll, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert vraag(flap_poll, **HTMX)[2]
    status, _headers, django = vraag(flap_poll, secure=True, **HTMX)
    assert status.startswith("204") and not django


def test_over_https_it_carries_hsts_as_django_does(flap_poll, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    _status, headers, _django = vraag(flap_poll, secure=True, **HTMX)
    assert headers["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
    assert "Strict-Transport-Security" not in vraag(flap_poll, **HTMX)[1]


def test_it_carries_the_content_security_policy_django_sends_even_after_a_change(alice_client, flap_poll, settings):
    _status, headers, _django = vraag(flap_poll, **HTMX)
    assert headers["Content-Security-Policy"] == alice_client.get(flap_poll, **HTMX)["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"script-src": ["'self'"]}}
    status, headers, _django = vraag(flap_poll, **HTMX)
    van_django = alice_client.get(flap_poll, **HTMX)
    assert status.startswith("204") and van_django.status_code == 204
    assert headers["Content-Security-Policy"] == van_django["Content-Security-Policy"] == "default-src 'none'"
    assert headers["Content-Security-Policy-Report-Only"] == van_django["Content-Security-Policy-Report-Only"]


def test_a_waiting_phone_on_its_link_gets_the_204_django_gives(client, link, telefoons):  # noqa: F811
    url = f"{antwoord_url(link[1])}?sinds={telefoon_sinds(client, link[1])}"
    status, headers, django = vraag(url, **HTMX)
    assert status.startswith("204") and not django
    assert headers["X-Robots-Tag"] == "noindex"
    van_django = client.get(url, **HTMX)
    assert van_django.status_code == 204
    assert {k: v for k, v in headers.items() if k not in NIET_VERGELEKEN} == headers_van(van_django)


def test_a_phone_goes_to_django_when_a_round_opens(client, link, telefoons, voorstel, alice):  # noqa: F811
    url = f"{antwoord_url(link[1])}?sinds={telefoon_sinds(client, link[1])}"
    voorstel.open_ronde(alice)
    assert vraag(url, **HTMX)[2]


def _vraag_gezien(url):
    """Whether the wrapper marked the request as a poll it checked and found changed."""
    pad, _, query = url.partition("?")
    environ = RequestFactory().get(pad, **HTMX).environ
    environ["QUERY_STRING"] = query
    gezien = []

    def django(environ, start_response):
        gezien.append(environ.get(polls.GEZIEN))
        start_response("299 Django", [])
        return [b""]

    OngewijzigdePolls(django)(environ, lambda *a: None)
    return gezien == [True]


def _een_query_minder(c, url):
    """The view of a poll marked as checked asks one query less than the same poll unmarked."""
    with CaptureQueriesContext(connection) as zelf:
        assert c.get(url, **HTMX).status_code == 200
    with CaptureQueriesContext(connection) as gemarkeerd:
        assert c.get(url, **HTMX, **{polls.GEZIEN: True}).status_code == 200
    return len(gemarkeerd) == len(zelf) - 1


def test_a_changed_room_screen_is_marked_and_its_view_does_not_ask_again(alice_client, flap_poll, ronde, kring,
                                                                           alice):
    ronde.reageer(kring[0], "geen_bezwaar", door=alice)
    assert _vraag_gezien(flap_poll)
    # A bad ticket is not "checked": Django asks itself.
    assert not _vraag_gezien(re.sub(r"kaart=[^&]+", "kaart=vals", flap_poll))
    assert _een_query_minder(alice_client, flap_poll)


def test_a_changed_phone_is_marked_and_its_view_does_not_ask_again(client, link, telefoons, voorstel,
                                                                     alice):  # noqa: F811
    url = f"{antwoord_url(link[1])}?sinds={telefoon_sinds(client, link[1])}"
    voorstel.open_ronde(alice)
    assert _vraag_gezien(url)
    assert not _vraag_gezien(url.replace(link[1], "onbekend-token-0000000000"))
    assert _een_query_minder(client, url)


def test_a_revoked_link_goes_to_django(client, link, telefoons, alice):  # noqa: F811
    url = f"{antwoord_url(link[1])}?sinds={telefoon_sinds(client, link[1])}"
    link[0].intrekken(alice)
    assert vraag(url, **HTMX)[2]


def test_a_phone_that_joined_with_the_code_gets_the_204_with_its_cookie(client, code, kring):  # noqa: F811
    kies(client, code, kring[0])
    body = html(client.get(meedoen_antwoord_url(code)))
    sinds = re.search(r'\?sinds=([^"&]+)"', body).group(1)
    url = f"{meedoen_antwoord_url(code)}?sinds={sinds}"
    cookie = f"{COOKIE}={client.cookies[COOKIE].value}"
    status, _headers, django = vraag(url, HTTP_COOKIE=cookie, **HTMX)
    assert status.startswith("204") and not django
    assert vraag(url, HTTP_COOKIE=f"{COOKIE}=iets-anders", **HTMX)[2]
    assert vraag(url, **HTMX)[2]


def test_the_patterns_match_the_urls_django_serves(traject):
    assert polls.FLAP.fullmatch(reverse("besluitvorming:flap_stand", args=[traject.uuid]))
    assert polls.RONDE.fullmatch(reverse("besluitvorming:ronde", args=[traject.uuid, traject.uuid]))
    assert polls.ANTWOORD.fullmatch(reverse("link:antwoord", args=["Ab-9_x" * 4]))
    assert polls.MEEDOEN_ANTWOORD.fullmatch(reverse("link:meedoen_antwoord", args=["Ab-9_xYz1"]))
    assert not polls.ANTWOORD.fullmatch(reverse("link:meedoen_antwoord", args=["Ab-9_xYz1"]))


# The console's round panel: it polls every 2 s while a round is open, with the same ticket as the room's screen.


@pytest.fixture
def paneel_poll(alice_client, traject, ronde):
    body = html(alice_client.get(reverse("besluitvorming:console", args=[traject.uuid])))
    m = re.search(r'<div id="ronde-stand" class="ronde-stand"\s+hx-get="([^"]+)"', body)
    assert m, body[:300]
    url = m.group(1).replace("&amp;", "&")
    assert url.startswith(reverse("besluitvorming:ronde", args=[traject.uuid, ronde.uuid]) + "?stand=")
    return url


def test_an_unchanged_round_panel_is_answered_with_the_204_django_gives(alice_client, paneel_poll):
    status, headers, django = vraag(paneel_poll, **HTMX)
    assert status == "204 No Content" and not django
    van_django = alice_client.get(paneel_poll, **HTMX)
    assert van_django.status_code == 204
    assert {k: v for k, v in headers.items() if k not in NIET_VERGELEKEN} == headers_van(van_django)


def test_a_round_panel_goes_to_django_after_an_answer(paneel_poll, ronde, kring, alice):
    ronde.reageer(kring[0], "geen_bezwaar", door=alice)
    assert vraag(paneel_poll, **HTMX)[2]


def test_a_round_panel_of_another_round_or_for_a_kadersteller_goes_to_django(paneel_poll, traject, ronde, bob,
                                                                               lopende_bijeenkomst):
    from kwesties.models import TrajectRol

    ander = paneel_poll.replace(str(ronde.uuid), "00000000-0000-4000-8000-000000000000")
    assert vraag(ander, **HTMX)[2]
    # Django answers a kadersteller's poll with a 403 (only facilitators record answers): so must the ticket.
    alice_rol = TrajectRol.objects.get(traject=traject, rol="facilitator")
    alice_rol.rol = "kadersteller"
    alice_rol.save()
    assert vraag(paneel_poll, **HTMX)[2]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_the_poll_query_is_planned_once(flap_poll):
    for _ in range(3):
        assert not vraag(flap_poll, **HTMX)[2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%b.stand%"])
        assert cursor.fetchone()[0] == 1

