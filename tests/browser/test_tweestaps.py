"""A beheerder sets up two-step verification on the way in, and logs in with a code from the app next time."""

import re
import time
from base64 import b32decode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import check_page, logout


def app_code(sleutel, stap=0):
    """What the authenticator app shows for the key typed over from the page (`stap` periods of 30 s on)."""
    return f"{totp(b32decode(sleutel.replace(' ', '')), drift=stap):06d}"


def test_a_beheerder_sets_up_the_app_after_the_password_and_then_logs_in_with_its_code(page, carol, traject, org):
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill("carol@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # Straight from the password to setting it up; nothing else opens before that.
    page.wait_for_url(re.compile(r"/account/tweestaps/instellen/"))
    expect(page.get_by_role("heading", level=1, name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_text("Voor u is tweestapsverificatie verplicht.")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code om Nieuwe Route toe te voegen aan uw authenticator-app")).to_be_visible()
    check_page(page, "tweestaps-instellen")
    page.goto("/beheer/")
    page.wait_for_url(re.compile(r"/account/tweestaps/instellen/"))

    sleutel = page.locator("code.sleutel").inner_text()
    page.get_by_label("Code uit de app").fill("000000" if app_code(sleutel) != "000000" else "111111")
    page.get_by_role("button", name="Instellen").click()
    expect(page.get_by_text("Deze code klopt niet.")).to_be_visible()
    page.get_by_label("Code uit de app").fill(app_code(sleutel))
    page.get_by_role("button", name="Instellen").click()

    page.wait_for_url(re.compile(r"/account/tweestaps/herstelcodes/"))
    expect(page.get_by_role("heading", level=1, name="Uw herstelcodes")).to_be_visible()
    expect(page.locator("ol.herstelcodes li")).to_have_count(10)
    check_page(page, "tweestaps-herstelcodes")
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    page.wait_for_url(re.compile(r"/beheer/"))
    expect(page.get_by_role("heading", level=1, name="Jeugdbescherming Oost")).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn account").click()
    expect(page.get_by_text("Aan", exact=True)).to_be_visible()
    expect(page.get_by_text("U hebt nog 10 herstelcodes.")).to_be_visible()
    check_page(page, "mijn-account")
    logout(page)

    # Next time: the password, then the code. The code that linked the app is spent, the next one fits.
    page.get_by_label("E-mailadres").fill("carol@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/code/"))
    check_page(page, "login-code")
    app = TOTPDevice.objects.get(user=carol)
    while app.last_t + 1 - int(time.time()) // 30 > 1:
        time.sleep(1)
    stap = max(0, app.last_t + 1 - int(time.time()) // 30)
    page.get_by_label("Code", exact=True).fill(app_code(sleutel, stap))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/trajecten/"))
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer")).to_be_visible()
