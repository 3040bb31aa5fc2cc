"""The demo (`make run`): its kadersteller and beheerder log in with a code from an app whose key is printed."""

import re
from base64 import b32decode
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nieuwe_route.management.commands.demodata import DEMO_PASSWORD, ORGANISATIE
from organisaties.models import Organisatie, User


def inloggen(client, email):
    return client.post("/inloggen/", {"username": email, "password": DEMO_PASSWORD})


def test_the_printed_key_gives_the_codes_the_demo_logins_need(db):
    call_command("demodata", stdout=StringIO())
    out = StringIO()
    call_command("demodata", "--print-logins", stdout=out)
    text = out.getvalue()
    for email in ("gezinsvoogd@demo.nieuweroute.nl", "beheer@demo.nieuweroute.nl"):
        sleutel = re.search(rf"{re.escape(email)}\s+sleutel ([A-Z2-7 ]+)\n", text).group(1).replace(" ", "")
        assert f"otpauth://totp/Nieuwe%20Route%3A{email.replace('@', '%40')}?secret={sleutel}" in text
        client = Client()
        assert inloggen(client, email)["Location"] == "/inloggen/code/"
        r = client.post("/inloggen/code/", {"code": f"{totp(b32decode(sleutel)):06d}"})
        assert r.status_code == 302 and r["Location"] == "/trajecten/", email
        assert client.get("/trajecten/").status_code == 200


def test_the_facilitator_logs_in_with_the_password_alone(db):
    call_command("demodata", stdout=StringIO())
    assert inloggen(Client(), "facilitator@demo.nieuweroute.nl")["Location"] == "/trajecten/"
    assert not Organisatie.objects.get(naam=ORGANISATIE).tweestaps_voor_iedereen


def test_the_codes_option_prints_the_code_of_this_moment(db):
    call_command("demodata", stdout=StringIO())
    out = StringIO()
    call_command("demodata", "--codes", stdout=out)
    gijs = TOTPDevice.objects.get(user__email="gezinsvoogd@demo.nieuweroute.nl")
    regel = next(r for r in out.getvalue().splitlines() if r.startswith("gezinsvoogd@"))
    assert re.search(r"\b\d{6}\b", regel).group(0) == f"{totp(gijs.bin_key):06d}"


def test_running_the_demo_again_keeps_the_same_app(db):
    call_command("demodata", stdout=StringIO())
    sleutels = dict(TOTPDevice.objects.values_list("user__email", "key"))
    call_command("demodata", stdout=StringIO())
    assert dict(TOTPDevice.objects.values_list("user__email", "key")) == sleutels
    assert len(sleutels) == 2 and User.objects.count() == 3
