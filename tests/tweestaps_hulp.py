"""Helpers for the tests of the two-step login: an app for a user, its code of now, the two login steps."""

import datetime

from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from account import tweestaps

from .conftest import PASSWORD

LOGIN = "/inloggen/"
CODE = "/inloggen/code/"
INSTELLEN = "/account/tweestaps/instellen/"
ACCOUNT = "/account/"


def geef_app(user):
    """A linked authenticator app, as if the user had set it up."""
    return TOTPDevice.objects.create(user=user, name=tweestaps.APP, confirmed=True)


def code(app, stap=0):
    """The code the app shows now (or `stap` periods of 30 seconds on: the device accepts one period ahead)."""
    return tweestaps.code_voor(app, stap)


def wachttijd_voorbij(user):
    """As if the wait after a wrong code (1, 2, 4 ... seconds) has passed."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=timezone.now() - datetime.timedelta(days=1))


def herstelcodes(user):
    return list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def wachtwoord(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def geef_code(client, waarde, follow=False, **extra):
    return client.post(CODE, {"code": waarde, **extra}, follow=follow)


def ingelogd_als(client):
    return client.session.get("_auth_user_id")


def html(response):
    return response.content.decode()
