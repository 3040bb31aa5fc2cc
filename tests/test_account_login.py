"""Logging in in two steps: the password, then a code from the app or a recovery code."""

import time
from io import StringIO

from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from account import tweestaps
from account.views import WACHT
from organisaties.models import User

from .tweestaps_hulp import (
    CODE,
    INSTELLEN,
    LOGIN,
    code,
    geef_app,
    geef_code,
    herstelcodes,
    html,
    ingelogd_als,
    wachttijd_voorbij,
    wachtwoord,
)


def test_a_facilitator_without_an_app_logs_in_with_the_password_alone(client, alice):
    r = wachtwoord(client, "alice@example.org")
    assert r.status_code == 302 and r["Location"] == "/trajecten/"
    assert ingelogd_als(client) == str(alice.pk)


def test_with_an_app_the_password_leads_to_the_code_and_does_not_log_in_yet(client, alice):
    geef_app(alice)
    r = wachtwoord(client, "alice@example.org", next="/account/")
    assert r.status_code == 302 and r["Location"] == f"{CODE}?next=%2Faccount%2F"
    assert ingelogd_als(client) is None
    assert client.get("/trajecten/")["Location"].startswith(LOGIN)
    page = html(client.get(r["Location"]))
    assert "<h1>Code invullen</h1>" in page
    assert 'autocomplete="one-time-code"' in page and 'value="/account/"' in page


def test_the_right_code_logs_in_and_goes_on_to_next(client, bob):
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org")
    r = geef_code(client, code(app), next="/account/")
    assert r.status_code == 302 and r["Location"] == "/account/"
    assert ingelogd_als(client) == str(bob.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == app.persistent_id
    assert WACHT not in client.session
    assert client.get("/trajecten/").status_code == 200


def test_a_code_with_spaces_is_fine(client, bob):
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org")
    c = code(app)
    assert geef_code(client, f" {c[:3]} {c[3:]} ")["Location"] == "/trajecten/"


def test_a_wrong_code_is_explained_in_dutch_beside_the_field_and_keeps_them_out(client, bob):
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org")
    fout = "000000" if code(app) != "000000" else "111111"
    r = geef_code(client, fout)
    page = html(r)
    assert r.status_code == 200
    assert 'id="id_code_error"' in page
    assert "Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien, of een herstelcode." in page
    assert f'value="{fout}"' in page
    assert ingelogd_als(client) is None


def test_an_empty_code_asks_for_the_code(client, bob):
    geef_app(bob)
    wachtwoord(client, "bob@example.org")
    page = html(geef_code(client, ""))
    assert "Vul de code in." in page and ingelogd_als(client) is None


def test_a_code_works_only_once(client, bob):
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org")
    c = code(app)
    assert geef_code(client, c).status_code == 302
    client.post("/uitloggen/")
    wachtwoord(client, "bob@example.org")
    assert "Deze code klopt niet." in html(geef_code(client, c))
    assert ingelogd_als(client) is None


def test_wrong_codes_are_throttled_even_the_right_one_has_to_wait(client, bob):
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org")
    goed = code(app)
    for fout in ("000001", "000002"):
        if fout != goed:
            geef_code(client, fout)
    page = html(geef_code(client, goed))
    assert "U hebt te vaak een verkeerde code ingevuld. Wacht" in page and "seconden en probeer het dan opnieuw." in page
    assert ingelogd_als(client) is None
    assert TOTPDevice.objects.get(pk=app.pk).throttling_failure_count >= 1


def test_after_the_wait_the_right_code_works_again(client, bob):
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org")
    geef_code(client, "000000" if code(app) != "000000" else "111111")
    wachttijd_voorbij(bob)
    assert geef_code(client, code(app)).status_code == 302
    assert ingelogd_als(client) == str(bob.pk)


def test_a_recovery_code_works_once(client, carol):
    geef_app(carol)
    codes = tweestaps.nieuwe_herstelcodes(carol)
    wachtwoord(client, "carol@example.org")
    r = geef_code(client, tweestaps.toon(codes[0]).upper(), next="/beheer/")
    assert r["Location"] == "/beheer/"
    assert ingelogd_als(client) == str(carol.pk)
    page = html(client.get("/beheer/", follow=True))
    assert "U bent ingelogd met een herstelcode. Die code werkt nu niet meer. U hebt nog 9 herstelcodes." in page
    assert codes[0] not in herstelcodes(carol) and len(herstelcodes(carol)) == 9

    client.post("/uitloggen/")
    wachtwoord(client, "carol@example.org")
    assert "Deze code klopt niet." in html(geef_code(client, codes[0]))
    assert ingelogd_als(client) is None
    wachttijd_voorbij(carol)
    assert geef_code(client, codes[1]).status_code == 302


def test_with_few_recovery_codes_left_the_login_says_to_make_new_ones(client, carol):
    geef_app(carol)
    codes = tweestaps.nieuwe_herstelcodes(carol)
    carol_codes = herstelcodes(carol)
    StaticToken.objects.filter(device__user=carol).exclude(token__in=carol_codes[:3]).delete()
    wachtwoord(client, "carol@example.org")
    r = geef_code(client, carol_codes[0], follow=True)
    assert "U hebt nog 2 herstelcodes. Maak nieuwe herstelcodes bij ‘Mijn account’." in html(r)
    assert len(codes) == 10


def test_the_code_of_another_persons_app_does_not_fit(client, bob, mallory):
    geef_app(bob)
    andere = geef_app(mallory)
    wachtwoord(client, "bob@example.org")
    c = code(andere)
    bob_app = TOTPDevice.objects.get(user=bob)
    if c != code(bob_app):
        assert "Deze code klopt niet." in html(geef_code(client, c))
        assert ingelogd_als(client) is None


def test_the_code_page_without_a_password_first_goes_to_login(client, bob):
    geef_app(bob)
    assert client.get(CODE)["Location"] == LOGIN
    assert client.post(CODE, {"code": "123456"})["Location"] == LOGIN
    assert ingelogd_als(client) is None


def test_the_code_step_expires_after_five_minutes(client, bob):
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org")
    session = client.session
    session[WACHT] = {**session[WACHT], "tijd": int(time.time()) - 301}
    session.save()
    r = geef_code(client, code(app), follow=True)
    assert r.redirect_chain[0][0] == LOGIN
    assert "Dat duurde te lang. Vul uw e-mailadres en wachtwoord opnieuw in." in html(r)
    assert ingelogd_als(client) is None


def test_a_user_made_inactive_between_the_steps_cannot_finish(client, bob):
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org")
    User.objects.filter(pk=bob.pk).update(is_active=False)
    assert geef_code(client, code(app))["Location"] == LOGIN
    assert ingelogd_als(client) is None


def test_the_half_way_session_gets_a_new_key(client, bob):
    geef_app(bob)
    client.get(LOGIN)
    wachtwoord(client, "alice@example.org", "fout")
    voor = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    wachtwoord(client, "bob@example.org")
    assert client.cookies["sessionid"].value != voor


def test_who_must_use_two_steps_and_has_no_app_goes_from_the_password_to_setting_it_up(client, carol):
    r = wachtwoord(client, "carol@example.org", next="/beheer/")
    assert r.status_code == 302 and r["Location"] == f"{INSTELLEN}?next=%2Fbeheer%2F"
    assert client.session[SESSION_KEY] == str(carol.pk)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert "Voor u is tweestapsverificatie verplicht." in html(client.get(r["Location"]))


def test_a_kadersteller_without_an_app_also_goes_to_setting_it_up(client, bob, traject):
    assert wachtwoord(client, "bob@example.org")["Location"] == INSTELLEN


def test_a_member_without_a_role_logs_in_with_the_password_alone(client, erin):
    assert wachtwoord(client, "erin@example.org")["Location"] == "/trajecten/"


def test_who_lost_phone_and_codes_logs_in_with_a_code_from_the_applicatiebeheerder(client, carol):
    geef_app(carol)
    out = StringIO()
    call_command("addstatictoken", "carol@example.org", stdout=out)
    wachtwoord(client, "carol@example.org")
    assert geef_code(client, out.getvalue().strip())["Location"] == "/trajecten/"
    assert ingelogd_als(client) == str(carol.pk)
    assert client.get(INSTELLEN).status_code == 200  # and may now set up the new phone


def test_a_next_that_is_no_url_of_ours_does_no_harm_in_either_step(client, alice, bob):
    assert wachtwoord(client, "alice@example.org", next="Een gewone tekst").status_code == 302
    client.post("/uitloggen/")
    app = geef_app(bob)
    wachtwoord(client, "bob@example.org", next="Een gewone tekst")
    assert geef_code(client, code(app), next="Een gewone tekst").status_code == 302
