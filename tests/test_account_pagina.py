"""'Mijn account': who you are, whether two-step verification is on, new recovery codes, turning it off."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from account import tweestaps
from organisaties.models import Organisatie

from .conftest import assert_login_redirect
from .tweestaps_hulp import (
    ACCOUNT,
    code,
    geef_app,
    herstelcodes,
    html,
    wachttijd_voorbij,
)

NIEUWE_CODES = "/account/tweestaps/nieuwe-herstelcodes/"
UITZETTEN = "/account/tweestaps/uitzetten/"
URLS = [ACCOUNT, "/account/tweestaps/instellen/", "/account/tweestaps/herstelcodes/", NIEUWE_CODES, UITZETTEN]


def fout_code(app):
    return "000000" if code(app) != "000000" else "111111"


def test_every_page_of_a_professional_links_to_mijn_account(alice_client, carol_client, traject):
    for client, url in ((alice_client, "/trajecten/"), (alice_client, f"/trajecten/{traject.uuid}/"),
                        (carol_client, "/beheer/")):
        page = html(client.get(url, follow=True))
        assert '<a href="/account/">Mijn account</a>' in page, url


def test_it_shows_name_email_organisation_and_that_two_step_is_off(alice_client, alice):
    page = html(alice_client.get(ACCOUNT))
    assert "<h1>Mijn account</h1>" in page
    assert "<bdi>Alice Jansen</bdi>" in page and "alice@example.org" in page
    assert "<bdi>Jeugdbescherming Oost</bdi>" in page
    assert '<span class="badge badge-warn">Uit</span>' in page
    assert 'href="/account/tweestaps/instellen/?next=/account/"' in page
    assert "verplicht" not in page
    assert 'action="/account/tweestaps/uitzetten/"' not in page


def test_with_an_app_it_says_on_and_counts_the_recovery_codes(alice_client, alice):
    geef_app(alice)
    tweestaps.nieuwe_herstelcodes(alice)
    page = html(alice_client.get(ACCOUNT))
    assert '<span class="badge badge-ok">Aan</span>' in page
    assert "U hebt nog 10 herstelcodes." in page
    assert 'action="/account/tweestaps/nieuwe-herstelcodes/"' in page
    assert 'action="/account/tweestaps/uitzetten/"' in page


def test_it_says_why_two_step_is_required(carol_client, bob_client, traject, org, erin_client):
    page = html(carol_client.get(ACCOUNT))
    assert "Voor u is tweestapsverificatie verplicht, omdat:" in page
    assert "u beheerder bent van een organisatie" in page and "(beheerder)" in page
    assert 'action="/account/tweestaps/uitzetten/"' not in page
    assert "u kadersteller bent in een traject" in html(bob_client.get(ACCOUNT))
    Organisatie.objects.filter(pk=org.pk).update(tweestaps_voor_iedereen=True)
    assert "uw organisatie het van iedereen vraagt" in html(carol_client.get(ACCOUNT))


def test_new_recovery_codes_need_a_current_code_and_are_shown_once(carol_client, carol):
    app = TOTPDevice.objects.get(user=carol)
    oude = tweestaps.nieuwe_herstelcodes(carol)
    r = carol_client.post(NIEUWE_CODES, {"herstel-code": code(app)})
    assert r["Location"] == "/account/tweestaps/herstelcodes/?next=%2Faccount%2F"
    page = html(carol_client.get(r["Location"]))
    getoond = [c.replace("-", "") for c in re.findall(r"<li><code>([a-z2-7-]{9})</code></li>", page)]
    assert sorted(getoond) == sorted(herstelcodes(carol)) and len(getoond) == 10
    assert set(getoond).isdisjoint(oude)
    assert 'href="/account/"' in page
    assert carol_client.get("/account/tweestaps/herstelcodes/")["Location"] == ACCOUNT


def test_new_recovery_codes_with_a_wrong_code_are_refused_in_dutch(carol_client, carol):
    app = TOTPDevice.objects.get(user=carol)
    oude = tweestaps.nieuwe_herstelcodes(carol)
    r = carol_client.post(NIEUWE_CODES, {"herstel-code": fout_code(app)})
    page = html(r)
    assert r.status_code == 200 and 'id="id_herstel-code_error"' in page
    assert "Deze code klopt niet." in page and f'value="{fout_code(app)}"' in page
    assert sorted(herstelcodes(carol)) == sorted(oude)
    wachttijd_voorbij(carol)
    assert "Vul de code in." in html(carol_client.post(NIEUWE_CODES, {"herstel-code": ""}))


def test_without_an_app_there_are_no_recovery_codes_to_renew(alice_client, alice):
    r = alice_client.post(NIEUWE_CODES, {"herstel-code": "123456"}, follow=True)
    assert "Stel eerst tweestapsverificatie in." in html(r)
    assert not herstelcodes(alice)


def test_who_may_choose_turns_it_off_with_a_current_code(alice_client, alice):
    app = geef_app(alice)
    tweestaps.nieuwe_herstelcodes(alice)
    r = alice_client.post(UITZETTEN, {"uitzetten-code": code(app)}, follow=True)
    assert r.redirect_chain[-1][0] == ACCOUNT
    assert "Tweestapsverificatie staat uit. U logt nu in met alleen uw wachtwoord." in html(r)
    assert not TOTPDevice.objects.filter(user=alice).exists() and not herstelcodes(alice)


def test_turning_it_off_with_a_wrong_code_is_refused(alice_client, alice):
    app = geef_app(alice)
    r = alice_client.post(UITZETTEN, {"uitzetten-code": fout_code(app)})
    page = html(r)
    assert r.status_code == 200 and 'id="id_uitzetten-code_error"' in page and "Deze code klopt niet." in page
    assert TOTPDevice.objects.filter(user=alice).exists()


def test_who_must_use_two_steps_cannot_turn_it_off(carol_client, carol):
    app = TOTPDevice.objects.get(user=carol)
    r = carol_client.post(UITZETTEN, {"uitzetten-code": code(app)}, follow=True)
    assert "U kunt tweestapsverificatie niet uitzetten: voor u is het verplicht." in html(r)
    assert TOTPDevice.objects.filter(user=carol).exists()


def test_in_an_organisation_that_asks_it_of_everyone_a_member_cannot_turn_it_off(erin_client, erin, org):
    app = geef_app(erin)
    Organisatie.objects.filter(pk=org.pk).update(tweestaps_voor_iedereen=True)
    erin_client.post(UITZETTEN, {"uitzetten-code": code(app)})
    assert TOTPDevice.objects.filter(user=erin).exists()


def test_turning_off_what_is_off_says_so(alice_client):
    assert "Tweestapsverificatie stond al uit." in html(alice_client.post(UITZETTEN, {}, follow=True))


@pytest.mark.parametrize("url", URLS)
def test_anonymous_users_are_sent_to_login(client, db, url):
    assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(url, {"code": "123456"}))


def test_mallory_sees_her_own_account_and_nothing_of_ours(mallory_client, carol, alice):
    page = html(mallory_client.get(ACCOUNT))
    assert "Mallory Kwaad" in page and "Andere Organisatie" in page
    assert "Jeugdbescherming Oost" not in page and "carol@example.org" not in page and "Alice" not in page


def test_mallory_cannot_touch_another_persons_app_or_codes(mallory_client, mallory, carol):
    carol_app = TOTPDevice.objects.get(user=carol) if TOTPDevice.objects.filter(user=carol).exists() else geef_app(carol)
    codes = tweestaps.nieuwe_herstelcodes(carol)
    mallory_client.post(NIEUWE_CODES, {"herstel-code": code(carol_app)})
    mallory_client.post(UITZETTEN, {"uitzetten-code": codes[0]})
    assert sorted(herstelcodes(carol)) == sorted(codes)
    assert TOTPDevice.objects.filter(user=carol).count() == 1


def test_the_recovery_codes_page_is_never_cached(carol_client, carol):
    app = TOTPDevice.objects.get(user=carol)
    r = carol_client.get(carol_client.post(NIEUWE_CODES, {"herstel-code": code(app)})["Location"])
    assert "no-store" in r["Cache-Control"]


def test_the_pages_that_only_show_take_no_post(alice_client):
    assert alice_client.post(ACCOUNT).status_code == 405
    assert alice_client.post("/account/tweestaps/herstelcodes/").status_code == 405
