"""Walks every URL pattern of the app: no view may leak to another organisation or to an anonymous user.

A new view without its access check makes this test fail. The walk and the database snapshots below are
also used by the fuzz and CSRF tests (test_fuzz_forms.py, test_csrf_every_post.py).
"""

import hashlib
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from kaders.models import Kader
from organisaties.models import Organisatie
from voorbereiding.models import Inbreng, InformatieVerzoek

from .conftest import assert_login_redirect, client_for

# Pages that are meant for anonymous users, or that only redirect.
PUBLIC = {
    "login", "logout", "set_language", "home", "link:pagina", "link:agenda", "link:antwoord", "link:meedoen",
    "link:meedoen_antwoord", "link:plan_pdf", "link:evaluatie", "controle", "gezond", "login_code",
}
# Lists of one's own: another organisation's user gets a page, checked to hold nothing of ours.
OWN_LISTS = {"overzicht", "kwesties:traject_nieuw", "beheer:overzicht"}
# One's own account: no ids in the URL, nothing of another organisation to reach (tests/test_account*.py).
OWN_LISTS |= {"account:mijn_account", "account:instellen", "account:herstelcodes", "account:nieuwe_herstelcodes",
              "account:uitzetten"}
APP_LABELS = ("organisaties", "kwesties", "kaders", "voorbereiding", "besluitvorming", "links", "gegevens", "logboek")


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


# The beheerder's pages outside the beheer app: erasing a traject and the record of erasures (gegevens).
BEHEERDER = {"gegevens:wissen", "gegevens:verwijderingen"}


def legitimate_user(name):
    """Who may use a URL in the conftest world: carol runs the organisation, bob sets and checks the kaders."""
    if name.startswith(("beheer:", "logboek:organisatie")) or name in BEHEERDER:
        return "carol"
    if name.startswith("kaders:") or name == "besluitvorming:toets":
        return "bob"
    return "alice"


@pytest.fixture(name="clients")
def clients_fixture(alice, bob, carol):
    """A logged-in client for each legitimate user."""
    return {"alice": client_for(alice), "bob": client_for(bob), "carol": client_for(carol)}


@contextmanager
def rolled_back():
    """Whatever happens inside is undone: each fuzzed request starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def post_endpoints(clients, urls):
    """The URLs that take a POST from their legitimate user: the rest answer 405."""
    endpoints = {}
    for name, url in urls.items():
        with rolled_back():
            r = clients[legitimate_user(name)].post(url, {})
        if r.status_code != 405:
            endpoints[name] = url
    return endpoints


# Snapshots of what the database holds: a request that must change nothing is compared before and after.


def app_models():
    return [m for label in APP_LABELS for m in apps.get_app_config(label).get_models(include_auto_created=True)]


def _count_and_hash(queryset):
    h, n = hashlib.sha256(), 0
    for row in queryset.order_by("pk").values_list():
        h.update(repr(row).encode())
        n += 1
    return n, h.hexdigest()


def database_snapshot(using="default"):
    """Row count and a hash of every row, per table of the app."""
    return {m._meta.label: _count_and_hash(m.objects.using(using).all()) for m in app_models()}


def _path_to_organisatie(model, depth=4):
    """The lookup from a model to its Organisatie along foreign keys (breadth first), or None."""
    if model is Organisatie:
        return "pk"
    paths = [("", model)]
    for _ in range(depth):
        next_paths = []
        for prefix, m in paths:
            for f in m._meta.get_fields():
                if not (f.many_to_one or f.one_to_one) or not f.concrete or f.related_model is None:
                    continue
                path = f"{prefix}{f.name}"
                if f.related_model is Organisatie:
                    return f"{path}_id" if not prefix else f"{path}__pk"
                next_paths.append((f"{path}__", f.related_model))
        paths = next_paths
    return None


def organisation_snapshot(org):
    """Row count and hash, per table, of the rows that belong to one organisation (its members too)."""
    snapshot = {}
    for m in app_models():
        if m is apps.get_model("organisaties", "User"):
            rows = m.objects.filter(lidmaatschappen__organisatie=org).distinct()
        else:
            path = _path_to_organisatie(m)
            if path is None:
                continue
            rows = m.objects.filter(**{path: org.pk})
        snapshot[m._meta.label] = _count_and_hash(rows)
    return snapshot


@pytest.fixture(name="urls")
def urls_fixture(traject, kring, org, alice, bob, gesprek, link, afspraak, ronde):
    """Every URL of the app that needs a login, for the conftest world."""
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


def forged_body(traject, kring, org):
    """What a POST could carry to reach our data: our ids in the fields the app's forms use."""
    ours = [str(traject.uuid), str(kring[0].uuid), str(org.uuid), str(org.pk), str(kring[0].pk)]
    return {name: ours for name in (
        "label", "tekst", "voornaam", "organisatie", "kadersteller", "wie", "voor", "ronde", "antwoord", "deel",
        "idee", "betrokkene", "traject", "user", "email", "aan",
    )}


def test_another_organisation_gets_404_on_every_url_and_changes_nothing(
    mallory_client, mallory_traject, urls, traject, kring, org
):
    voor = database_snapshot()
    body = forged_body(traject, kring, org)
    for name, url in urls.items():
        if name in OWN_LISTS:
            continue  # their own lists: checked below to hold nothing of ours
        get = mallory_client.get(url)
        assert get.status_code in (404, 405), (name, get.status_code)
        for post in (mallory_client.post(url, {}), mallory_client.post(url, body)):
            assert post.status_code == 404, (name, post.status_code)
    assert database_snapshot() == voor
    assert "Familie J." not in mallory_client.get(urls["overzicht"]).content.decode()


def test_another_organisation_cannot_start_a_traject_in_ours(mallory_client, mallory, urls, traject, kring, org, bob):
    voor = organisation_snapshot(org)
    r = mallory_client.post(urls["kwesties:traject_nieuw"], {"label": "Familie Y.", "organisatie": org.pk,
                                                              "kadersteller": bob.pk})
    assert r.status_code == 200
    assert organisation_snapshot(org) == voor
    for name in ("overzicht", "beheer:overzicht"):
        r = mallory_client.post(urls[name], forged_body(traject, kring, org))
        assert r.status_code in (200, 302, 405), (name, r.status_code)
        assert "Familie J." not in r.content.decode() and str(org.uuid) not in r.get("Location", "")
    assert organisation_snapshot(org) == voor


def test_anonymous_users_are_sent_to_login_on_every_url_and_change_nothing(client, urls, traject, kring, org):
    voor = database_snapshot()
    for url in urls.values():
        assert_login_redirect(client.get(url))
        assert_login_redirect(client.post(url, {}))
        assert_login_redirect(client.post(url, forged_body(traject, kring, org)))
    assert database_snapshot() == voor
