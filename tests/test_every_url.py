"""Walks every URL pattern of the app: no view may leak to another organisation or to an anonymous user.

A new view without its access check makes this test fail.
"""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from kaders.models import Kader
from voorbereiding.models import Inbreng, InformatieVerzoek

from .conftest import assert_login_redirect

# Pages that are meant for anonymous users, or that only redirect.
PUBLIC = {
    "login", "logout", "set_language", "home", "link:pagina", "link:agenda", "link:antwoord", "link:meedoen",
    "link:meedoen_antwoord", "link:plan_pdf", "link:evaluatie", "controle", "gezond",
}


def patterns(resolver=None, namespace=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from patterns(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


ALL = sorted({name: p for name, p in patterns()}.items())


# The URL kwargs a pattern may need, tried from short to long until reverse() accepts them.
KWARG_SETS = [
    [], ["traject"], ["organisatie"], ["traject", "betrokkene"], ["traject", "kader"],
    ["organisatie", "user"], ["organisatie", "traject"], ["organisatie", "traject", "user", "rol"],
    ["traject", "gesprek"], ["traject", "verzoek"], ["traject", "inbreng"], ["traject", "link"],
    ["traject", "voorstel"], ["traject", "ronde"], ["traject", "afspraak"], ["traject", "ronde", "betrokkene"],
    ["traject", "versie"],
]


def url_for(name, values):
    for keys in KWARG_SETS:
        try:
            return reverse(name, kwargs={k: values[k] for k in keys})
        except NoReverseMatch:
            continue
    raise AssertionError(f"test_every_url does not know the kwargs of {name}: add them to KWARG_SETS")


@pytest.fixture
def urls(traject, kring, org, alice, bob, gesprek, link, afspraak, ronde):
    kader = Kader.objects.create(kaderset=traject.kaderset, soort="anders", tekst="Een kader", eigenaar=bob)
    verzoek = InformatieVerzoek.objects.create(traject=traject, wat="Schoolrapport", van_wie="School")
    inbreng = Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="Een idee")
    values = {"traject": traject.uuid, "betrokkene": kring[0].uuid, "kader": kader.uuid, "organisatie": org.uuid,
              "user": alice.uuid, "rol": "facilitator", "gesprek": gesprek.uuid, "verzoek": verzoek.uuid,
              "inbreng": inbreng.uuid, "link": link[0].uuid, "voorstel": ronde.voorstel.uuid, "ronde": ronde.uuid,
              "afspraak": afspraak.uuid, "versie": 1}
    return {name: url_for(name, values) for name, _ in ALL if name not in PUBLIC}


def test_the_walk_covers_the_app(urls):
    assert len(urls) >= 20
    assert "kwesties:kwestie" in urls and "kaders:vaststellen" in urls and "beheer:organisatie" in urls


def test_another_organisation_gets_404_on_every_url(mallory_client, mallory_traject, urls):
    for name, url in urls.items():
        if name in ("overzicht", "kwesties:traject_nieuw", "beheer:overzicht"):
            continue  # their own lists: checked below to hold nothing of ours
        get = mallory_client.get(url)
        post = mallory_client.post(url, {"label": "x", "tekst": "x", "voornaam": "x"})
        assert get.status_code in (404, 405), (name, get.status_code)
        assert post.status_code == 404, (name, post.status_code)
    assert "Familie J." not in mallory_client.get(urls["overzicht"]).content.decode()


def test_anonymous_users_are_sent_to_login_on_every_url(client, urls):
    for name, url in urls.items():
        assert_login_redirect(client.get(url))
        assert_login_redirect(client.post(url, {}))
