"""Setting up two-step verification, and who may do nothing else until they have."""

import re
import time
from base64 import b32decode

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from account.middleware import VERPLICHT
from account.views import SLEUTEL
from kwesties.models import Traject, TrajectRol
from organisaties.models import Organisatie

from .conftest import force_login_zonder_code
from .tweestaps_hulp import (
    ACCOUNT,
    INSTELLEN,
    LOGIN,
    code,
    geef_app,
    herstelcodes,
    html,
    ingelogd_als,
    wachtwoord,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def code_van_pagina(page):
    """What the person types after scanning: the code the app computes from the key on the page."""
    sleutel = re.search(r'<code class="sleutel">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    return f"{totp(b32decode(sleutel)):06d}"


def test_the_setup_page_shows_the_qr_code_inline_and_the_key_in_letters(carol_client):
    page = html(carol_client.get(INSTELLEN))
    assert "<h1>Tweestapsverificatie instellen</h1>" in page
    assert '<svg role="img"' in page and 'class="qr"' in page
    assert "<title>QR-code om Nieuwe Route toe te voegen aan uw authenticator-app</title>" in page
    assert re.search(r'<code class="sleutel">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>', page)
    assert "http" not in page.split('<svg role="img"', 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")


def test_the_key_stays_the_same_until_it_is_linked(client, erin):
    client.force_login(erin)
    eerste = html(client.get(INSTELLEN))
    assert code_van_pagina(eerste) == code_van_pagina(html(client.get(INSTELLEN)))
    assert not TOTPDevice.objects.filter(user=erin).exists()


def test_setting_it_up_links_the_app_and_shows_ten_recovery_codes_once(client, carol):
    wachtwoord(client, "carol@example.org", next="/beheer/")
    page = html(client.get(f"{INSTELLEN}?next=/beheer/"))
    r = client.post(INSTELLEN, {"code": code_van_pagina(page), "next": "/beheer/"})
    assert r.status_code == 302 and r["Location"] == "/account/tweestaps/herstelcodes/?next=%2Fbeheer%2F"
    app = TOTPDevice.objects.get(user=carol)
    assert app.confirmed and client.session[DEVICE_ID_SESSION_KEY] == app.persistent_id
    assert SLEUTEL not in client.session

    page = html(client.get(r["Location"]))
    getoond = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)
    assert len(getoond) == 10
    assert sorted(c.replace("-", "") for c in getoond) == sorted(herstelcodes(carol))
    assert "Tweestapsverificatie staat aan." in page and 'href="/beheer/"' in page
    # Once: a reload shows them no more.
    assert client.get("/account/tweestaps/herstelcodes/")["Location"] == ACCOUNT
    assert client.get("/beheer/", follow=True).status_code == 200


def test_a_wrong_first_code_is_explained_and_links_nothing(client, erin):
    client.force_login(erin)
    goed = code_van_pagina(html(client.get(INSTELLEN)))
    fout = "000000" if goed != "000000" else "111111"
    r = client.post(INSTELLEN, {"code": fout})
    page = html(r)
    assert r.status_code == 200 and 'id="id_code_error"' in page
    assert "Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien." in page
    assert f'value="{fout}"' in page
    assert not TOTPDevice.objects.filter(user=erin).exists() and not herstelcodes(erin)


def test_letters_or_nothing_as_first_code_are_refused_in_dutch(client, erin):
    client.force_login(erin)
    client.get(INSTELLEN)
    assert "Deze code klopt niet." in html(client.post(INSTELLEN, {"code": "abcdef"}))
    assert "Vul de code uit de app in." in html(client.post(INSTELLEN, {"code": ""}))
    assert "Een code uit de app heeft 6 cijfers." in html(client.post(INSTELLEN, {"code": "1" * 30}))
    assert not TOTPDevice.objects.filter(user=erin).exists()


def test_the_code_used_to_link_cannot_log_in_again(client, erin):
    client.force_login(erin)
    c = code_van_pagina(html(client.get(INSTELLEN)))
    client.post(INSTELLEN, {"code": c})
    client.post("/uitloggen/")
    wachtwoord(client, "erin@example.org")
    assert "Deze code klopt niet." in html(client.post("/inloggen/code/", {"code": c}))


def test_setting_up_another_phone_replaces_the_app_and_the_recovery_codes(client, alice):
    client.force_login(alice)
    client.post(INSTELLEN, {"code": code_van_pagina(html(client.get(INSTELLEN)))})
    oud_app, oude_codes = TOTPDevice.objects.get(user=alice), herstelcodes(alice)
    page = html(client.get(INSTELLEN))
    assert "U stelt een andere telefoon in." in page
    client.post(INSTELLEN, {"code": code_van_pagina(page)})
    nieuw_app = TOTPDevice.objects.get(user=alice)
    assert nieuw_app.key != oud_app.key
    assert set(herstelcodes(alice)).isdisjoint(oude_codes) and len(herstelcodes(alice)) == 10
    assert StaticDevice.objects.filter(user=alice).count() == 1


def test_a_session_with_only_the_password_may_not_replace_an_app(client, alice):
    geef_app(alice)
    force_login_zonder_code(client, alice)
    r = client.get(INSTELLEN, follow=True)
    assert r.redirect_chain[-1][0] == ACCOUNT
    assert "Log opnieuw in met uw code om een andere telefoon in te stellen." in html(r)
    assert client.post(INSTELLEN, {"code": "123456"})["Location"] == ACCOUNT
    assert TOTPDevice.objects.filter(user=alice).count() == 1


# The middleware: who must use two steps does nothing else first.


def alleen_wachtwoord(client, user):
    """Logged in with the password; the app still to be set up."""
    force_login_zonder_code(client, user)
    return client


def test_who_must_and_has_no_app_is_sent_to_set_it_up_from_every_page(client, carol, traject, org):
    alleen_wachtwoord(client, carol)
    for url in ("/trajecten/", "/beheer/", f"/beheer/{org.uuid}/", ACCOUNT, "/", f"/trajecten/{traject.uuid}/"):
        r = client.get(url)
        assert r.status_code == 302, url
        assert r["Location"] == f"{INSTELLEN}?next={url.replace('/', '%2F')}", url
    assert client.get(INSTELLEN).status_code == 200


def test_a_post_is_refused_before_it_changes_anything(client, carol, org):
    alleen_wachtwoord(client, carol)
    r = client.post(f"/beheer/{org.uuid}/drempel/", {"splitsingsdrempel": "1/4"})
    assert r["Location"] == INSTELLEN
    assert Organisatie.objects.get(pk=org.pk).splitsingsdrempel == "1/3"


def test_htmx_requests_are_sent_on_with_a_client_redirect(client, carol):
    alleen_wachtwoord(client, carol)
    r = client.get("/trajecten/", **HTMX)
    assert r["HX-Redirect"] == INSTELLEN


def test_logging_out_and_the_language_switch_stay_open(client, carol):
    alleen_wachtwoord(client, carol)
    r = client.post("/taal/setlang/", {"language": "en", "next": INSTELLEN})
    assert r.status_code == 302 and r["Location"] == INSTELLEN
    assert "<h1>Set up two-step verification</h1>" in html(client.get(INSTELLEN))
    assert client.post("/uitloggen/")["Location"] == LOGIN
    assert ingelogd_als(client) is None


def test_a_kadersteller_must_set_it_up_too(client, bob, traject):
    alleen_wachtwoord(client, bob)
    assert client.get(f"/trajecten/{traject.uuid}/kaders/")["Location"].startswith(INSTELLEN)


def test_a_facilitator_is_not_held_up(client, alice, traject):
    alleen_wachtwoord(client, alice)
    assert client.get(f"/trajecten/{traject.uuid}/").status_code == 200


def test_the_flap_poll_of_a_kadersteller_without_app_shows_nothing(client, bob, traject, lopende_bijeenkomst):
    alleen_wachtwoord(client, bob)
    r = client.get(reverse("besluitvorming:flap_stand", args=[traject.uuid]) + "?sinds=-1", **HTMX)
    assert r["HX-Redirect"] == INSTELLEN
    assert html(r) == ""


def test_once_set_up_everything_opens(client, carol, org):
    alleen_wachtwoord(client, carol)
    client.post(INSTELLEN, {"code": code_van_pagina(html(client.get(INSTELLEN)))})
    assert client.get(f"/beheer/{org.uuid}/").status_code == 200


def test_a_new_role_counts_within_a_minute(client, erin, org, alice):
    alleen_wachtwoord(client, erin)
    assert client.get("/trajecten/").status_code == 200
    t = Traject.objects.create(organisatie=org, label="Familie Q.", aangemaakt_door=alice)
    TrajectRol.objects.create(traject=t, user=erin, rol=TrajectRol.Rol.KADERSTELLER)
    # Within the minute the session still knows the old answer: no query per request for it.
    assert client.get("/trajecten/").status_code == 200
    session = client.session
    session[VERPLICHT] = [False, int(time.time()) - 61]
    session.save()
    assert client.get("/trajecten/")["Location"].startswith(INSTELLEN)


def test_an_app_set_up_in_another_session_logs_this_password_only_session_out(client, carol):
    alleen_wachtwoord(client, carol)
    app = geef_app(carol)
    r = client.get("/beheer/")
    assert r["Location"] == f"{LOGIN}?next=%2Fbeheer%2F"
    assert ingelogd_als(client) is None
    wachtwoord(client, "carol@example.org")
    assert client.post("/inloggen/code/", {"code": code(app)}).status_code == 302
    assert ingelogd_als(client) == str(carol.pk)
