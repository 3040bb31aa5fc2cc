"""The session slides without a write per request, and who must use two steps does nothing else before they are set up."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from .tweestaps import heeft_tweestaps

# When the session was last saved to slide its expiry, in seconds since the epoch.
VERLENGD = "_verlengd"
# [must this user log in in two steps, when that was checked]: checked at login and again at most once a minute.
VERPLICHT = "_tweestaps_verplicht"
EEN_MINUUT = 60

# What a user who must still set up two-step verification may open: that page, logging out, the language switch.
# Static files never reach this far (WhiteNoise serves them first).
VRIJ = {"account:instellen", "logout", "set_language"}
# The room screen's poll answers "unchanged" from a signed ticket without the session; only when it goes on to
# use the session (a read-only fragment) is it checked, after the fact.
ACHTERAF = {"besluitvorming:flap_stand"}


def bij_inloggen(sender, request, user, **kwargs):
    """At every login (also the tests' force_login): the session starts its minute, the requirement is known."""
    nu = int(time.time())
    request.session[VERLENGD] = nu
    request.session[VERPLICHT] = [user.tweestaps_verplicht(), nu]


def tweestaps_verplicht(request):
    """Whether the logged-in user must use two steps, as checked at most a minute ago (one query when older)."""
    nu = int(time.time())
    waarde = request.session.get(VERPLICHT)
    if not isinstance(waarde, list) or len(waarde) != 2 or nu - waarde[1] >= EEN_MINUUT:
        waarde = [request.user.tweestaps_verplicht(), nu]
        request.session[VERPLICHT] = waarde
    return waarde[0]


class SessieVerlengenMiddleware:
    """Slides the 30 idle minutes: a logged-in session is saved again at most once a minute.

    Only when the request used the session anyway, so a poll that answers from a signed ticket stays without it;
    and never on every request, which SESSION_SAVE_EVERY_REQUEST would do while screens poll each second.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if session.accessed and SESSION_KEY in session:
            nu = int(time.time())
            if nu - session.get(VERLENGD, 0) >= EEN_MINUUT:
                session[VERLENGD] = nu  # modified: SessionMiddleware saves it with a new expiry date
        return response


class TweestapsMiddleware:
    """A logged-in user who must use two steps but has not set them up yet is sent to set them up, from anywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_tweestaps_achteraf", False) and request.session.accessed:
            return self._weigering(request) or response
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Without a session cookie nobody is logged in: nothing to load.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        naam = request.resolver_match.view_name
        if naam in VRIJ:
            return None
        if naam in ACHTERAF:
            request._tweestaps_achteraf = True
            return None
        return self._weigering(request)

    def _weigering(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not tweestaps_verplicht(request):
            return None
        if heeft_tweestaps(user):
            # Set up in another session, while this one only knows the password: log in again, with the code.
            logout(request)
            return _naar(request, reverse("login"), _volgende(request))
        return _naar(request, reverse("account:instellen"), _volgende(request))


def _volgende(request):
    # Only a page can be come back to; after a POST the user starts from their overview.
    return request.get_full_path() if request.method in ("GET", "HEAD") and not request.htmx else ""


def _naar(request, url, volgende):
    if volgende:
        url = f"{url}?{urlencode({'next': volgende})}"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)
