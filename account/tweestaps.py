"""Two-step verification on django-otp's devices: an authenticator app (TOTP) and ten one-time recovery codes.

A person has two-step verification when they have a confirmed TOTPDevice. Their recovery codes are the tokens
of one StaticDevice; each is deleted when used. Wrong codes are throttled per device by django-otp
(1, 2, 4, 8 ... seconds), in the database, so every app process counts the same.
"""

import math
import re
import time
from base64 import b32encode

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

AANTAL_HERSTELCODES = 10
APP = "Authenticator-app"
HERSTELCODES = "Herstelcodes"
_APPCODE = re.compile(r"^[0-9]{6}$")


def app_van(user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def heeft_tweestaps(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def kan_code_geven(user):
    """Whether the login must ask a code: an app, or recovery codes left (e.g. handed out by the applicatiebeheerder)."""
    return heeft_tweestaps(user) or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()


def herstelcodes_over(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def schoon(code):
    """'123 456' and 'ABCD-EFGH' as typed, to the form the devices store."""
    return re.sub(r"[\s-]", "", code or "").lower()


def controleer(user, code):
    """(device, None) if the code is right, else (None, a message in Dutch). A right code counts once only.

    Six digits are tried against the app, anything else against the recovery codes, so a typo in one
    does not slow the other down.
    """
    code = schoon(code)
    soort = TOTPDevice if _APPCODE.match(code) else StaticDevice
    with transaction.atomic():
        for device in soort.objects.filter(user=user, confirmed=True).select_for_update():
            toegestaan, reden = device.verify_is_allowed()
            if not toegestaan:
                seconden = math.ceil((reden["locked_until"] - timezone.now()).total_seconds())
                return None, _(
                    "U hebt te vaak een verkeerde code ingevuld. Wacht %(seconden)s seconden en probeer het dan opnieuw."
                ) % {"seconden": max(seconden, 1)}
            if device.verify_token(code):
                return device, None
    return None, _("Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien, of een herstelcode.")


def nieuwe_sleutel():
    """A new secret for an app that is still to be linked (kept in the session until the first code fits)."""
    return random_hex(20)


def nog_te_koppelen(user, sleutel):
    """The app as it will be stored once linked; unsaved, for its QR code and its key in letters."""
    return TOTPDevice(user=user, key=sleutel, name=APP, confirmed=False)


def qr_svg(device, titel):
    """The otpauth:// URL as an inline SVG QR code: no image service, nothing leaves the server."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=titel, dark="#000", omitsize=True, svgclass="qr"
    )
    # segno writes only path data and the title, which it escapes.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


def sleutel_in_letters(device):
    """The secret as the app asks it when typed in: base32, in groups of four."""
    tekst = b32encode(device.bin_key).decode()
    return " ".join(tekst[i:i + 4] for i in range(0, len(tekst), 4))


def koppel_app(user, sleutel, code):
    """Link the app whose first code fits: it replaces any earlier app, and ten new recovery codes come with it.

    Returns (device, recovery codes), or (None, None) when the code does not fit.
    """
    device = nog_te_koppelen(user, sleutel)
    try:
        token = int(schoon(code))
    except ValueError:
        return None, None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not _APPCODE.match(schoon(code)) or not totp.verify(token, device.tolerance):
        return None, None
    # The code used to link the app cannot be used again to log in.
    device.last_t = totp.t()
    device.confirmed = True
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.save()
        codes = nieuwe_herstelcodes(user)
    return device, codes


def nieuwe_herstelcodes(user):
    """Ten new one-time recovery codes; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=HERSTELCODES, confirmed=True)
        codes = set()
        while len(codes) < AANTAL_HERSTELCODES:
            codes.add(StaticToken.random_token())
        codes = sorted(codes)
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def uitzetten(user):
    """Remove the app and the recovery codes: from now on the password alone."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def code_voor(device, stap=0):
    """The app's code for now (or `stap` steps of 30 seconds on): for the demo data and the tests."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + stap * device.step
    return f"{totp.token():0{device.digits}d}"


def toon(code):
    """A recovery code as shown: two groups of four, easy to copy by hand."""
    return f"{code[:4]}-{code[4:]}"
