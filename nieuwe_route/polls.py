"""The requests every screen repeats, answered before Django's request cycle when nothing changed.

A room's screen asks every second, and every waiting phone every two, whether anything changed. Nearly always
nothing did, and that answer (204, no body) needs one query: no session, no URL resolving, no middleware. The
views answer the same question the same way (same access functions); this only saves the cost around it.
Anything else, any doubt or any error, goes to Django as usual.
"""

import functools
import logging
import re
from urllib.parse import parse_qs

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.http.cookie import parse_cookie
from django.utils.http import http_date

logger = logging.getLogger(__name__)

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
FLAP = re.compile(rf"/trajecten/({UUID})/bijeenkomst/flap/stand/")
RONDE = re.compile(rf"/trajecten/({UUID})/bijeenkomst/rondes/({UUID})/")
ANTWOORD = re.compile(r"/l/([A-Za-z0-9_-]{1,100})/antwoord/")
MEEDOEN_ANTWOORD = re.compile(r"/l/meedoen/([A-Za-z0-9_-]{1,64})/antwoord/")


# Set in the environ when a poll was checked here and found changed: the view need not ask the same again.
GEZIEN = "nieuwe_route.poll_gewijzigd"


def _een(query, naam):
    waarden = query.get(naam)
    return waarden[0] if waarden and len(waarden) == 1 else None


# Each check says True (unchanged: the 204), False (checked, and changed) or None (could not tell here).


def flap_ongewijzigd(traject, query, environ):
    from besluitvorming.access import get_stand_for_kaart

    sinds, kaart = _een(query, "sinds"), _een(query, "kaart")
    if sinds is None or kaart is None:
        return None
    rij = get_stand_for_kaart(kaart, traject)
    return None if rij is None else sinds == str(rij[1])


def ronde_ongewijzigd(traject, ronde, query, environ):
    """The console's round panel, polling while the round is open (besluitvorming.console.ronde)."""
    from besluitvorming.access import get_ronde_stand_for_kaart

    stand, kaart = _een(query, "stand"), _een(query, "kaart")
    if stand is None or kaart is None:
        return None
    huidig = get_ronde_stand_for_kaart(kaart, traject, ronde)
    return None if huidig is None else stand == str(huidig)


def antwoord_ongewijzigd(token, query, environ):
    from links.access import get_telefoonstand_for_token

    sinds = _een(query, "sinds")
    if sinds is None:
        return None
    huidig = get_telefoonstand_for_token(token)
    return None if huidig is None else sinds == huidig


def meedoen_ongewijzigd(code, query, environ):
    from links.access import get_telefoonstand_for_koppeling
    from links.telefoon_views import COOKIE

    sinds = _een(query, "sinds")
    if sinds is None or code == "meedoen":
        return None
    token = parse_cookie(environ.get("HTTP_COOKIE", "")).get(COOKIE, "")
    huidig = get_telefoonstand_for_koppeling(code, token)
    return None if huidig is None else sinds == huidig


# Order matters: /l/meedoen/<code>/antwoord/ before /l/<token>/antwoord/.
ROUTES = [(FLAP, flap_ongewijzigd, False), (RONDE, ronde_ongewijzigd, False),
          (MEEDOEN_ANTWOORD, meedoen_ongewijzigd, True), (ANTWOORD, antwoord_ongewijzigd, True)]


def _https(environ):
    """As Django's request.is_secure()."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, waarde = settings.SECURE_PROXY_SSL_HEADER
        if header in environ:
            return environ[header].split(",")[0].strip() == waarde
    return environ.get("wsgi.url_scheme") == "https"


@functools.cache
def _csp():
    """The policy headers as django-csp's middleware builds them: built once, not on every poll."""
    return [(h, p) for h, p in ((HEADER, build_policy()), (HEADER_REPORT_ONLY, build_policy(report_only=True))) if p]


@receiver(setting_changed)  # a test that changes the policy gets it on the next poll
def _csp_vergeten(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _csp.cache_clear()


def headers(prive, https):
    """What Django's 204 carries (never-cache, the security and CSP middlewares' headers); tested against it."""
    lijst = [
        ("Expires", http_date()),
        ("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private"),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
        ("Content-Length", "0"),
    ]
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        lijst.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        lijst.append(("Referrer-Policy", settings.SECURE_REFERRER_POLICY))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        lijst.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    if https and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        lijst.append(("Strict-Transport-Security", hsts))
    lijst += _csp()
    if prive:
        # As links.public_views._prive: a token page is never indexed.
        lijst.append(("X-Robots-Tag", "noindex"))
    return lijst


def ongewijzigd(environ):
    """The 204's headers if this is a screen's or phone's poll and nothing changed for it; else None."""
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("HTTP_HX_REQUEST") != "true":
        return None
    pad = environ.get("PATH_INFO", "")
    for patroon, controle, prive in ROUTES:
        if (m := patroon.fullmatch(pad)) is None:
            continue
        https = _https(environ)
        if settings.SECURE_SSL_REDIRECT and not https:
            return None  # Django's SecurityMiddleware redirects it
        try:
            query = parse_qs(environ.get("QUERY_STRING", ""), max_num_fields=5)
            uitkomst = controle(*m.groups(), query, environ)
            if uitkomst:
                return headers(prive, https)
            if uitkomst is False:
                environ[GEZIEN] = True
        except (DatabaseError, ValueError) as e:
            # Django answers it instead, and reports what is wrong with the database.
            logger.warning("Poll answered by Django after %s: %s", type(e).__name__, e)
        return None
    return None


class OngewijzigdePolls:
    """WSGI wrapper: answers a poll that finds nothing changed; passes everything else to Django."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        antwoord = ongewijzigd(environ)
        if antwoord is None:
            return self.app(environ, start_response)
        start_response("204 No Content", antwoord)
        return []
