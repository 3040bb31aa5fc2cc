"""Every page with a traject in its URL is in the access log, without the view doing anything for it.

The walk of test_every_url.py: each such page, opened by its user, leaves exactly one entry that says who, which
traject, what and from where; each POST that got through leaves one entry as a change. A new view is logged as
soon as it exists, and this fails until it has a description.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from logboek.middleware import levert_iets
from logboek.models import Toegang
from logboek.omschrijvingen import OMSCHRIJVINGEN

from .test_every_url import (  # noqa: F401  (the fixtures clients and urls)
    clients_fixture,
    legitimate_user,
    post_endpoints,
    rolled_back,
    urls_fixture,
)

IP = "203.0.113.7"
# Beheer's overview of members, labels and roles: no case data, and it takes no POST, so never logged.
NOOIT_GELOGD = {"beheer:organisatie"}


def routes(resolver=None, prefix="", namespace=""):
    """(URL name, the whole route) of every pattern."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from routes(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


def met_traject(urls):
    return {name: url for name, url in urls.items() if "traject" in resolve(url).kwargs}


def nieuwe_regels(na):
    return list(Toegang.objects.filter(pk__gt=na).order_by("pk"))


def laatste_pk():
    return Toegang.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_every_url_that_is_logged_has_a_description():
    gelogd = [name for name, route in routes()
              if ("<uuid:traject>" in route or "<uuid:organisatie>" in route or name.startswith("link:"))
              and name not in NOOIT_GELOGD]
    assert len(gelogd) > 70
    assert [name for name in gelogd if name not in OMSCHRIJVINGEN] == []
    assert set(OMSCHRIJVINGEN) <= {name for name, _route in routes()}, "a description for a URL that is gone"


def test_opening_a_page_with_a_traject_leaves_one_entry_saying_who_what_and_from_where(
    clients, urls, traject, org, alice, bob, carol
):
    users = {"alice": alice, "bob": bob, "carol": carol}
    geopend = []
    for name, url in met_traject(urls).items():
        na = laatste_pk()
        r = clients[legitimate_user(name)].get(url, REMOTE_ADDR=IP)
        regels = nieuwe_regels(na)
        if r.status_code != 200:
            # Only a POST (405), or a redirect: nothing shown, nothing logged.
            assert not levert_iets("GET", r.status_code) and regels == [], (name, r.status_code)
            continue
        geopend.append(name)
        assert len(regels) == 1, (name, regels)
        regel = regels[0]
        download = r.get("Content-Disposition", "").startswith("attachment")
        assert regel.via == Toegang.Via.ACCOUNT, name
        assert regel.gebruiker == users[legitimate_user(name)], name
        assert (regel.organisatie_id, regel.traject_uuid) == (org.pk, traject.uuid), name
        assert regel.actie == (Toegang.Actie.GEDOWNLOAD if download else Toegang.Actie.BEKEKEN), name
        assert (regel.weergave, regel.methode, regel.ip) == (name, "GET", IP)
        assert regel.omschrijving and regel.omschrijving != name, name
        assert regel.link_uuid is None and regel.betrokkene_uuid is None
    assert len(geopend) >= 35, geopend
    assert {"besluitvorming:console", "voorbereiding:gesprek", "beheer:traject", "logboek:traject"} <= set(geopend)
    assert "besluitvorming:plan_pdf" in geopend or "besluitvorming:agenda_ics" in geopend


def test_every_post_that_got_through_is_logged_as_a_change(clients, urls, traject, org):
    doorgekomen = []
    for name, url in post_endpoints(clients, met_traject(urls)).items():
        with rolled_back():
            na = laatste_pk()
            r = clients[legitimate_user(name)].post(url, {}, REMOTE_ADDR=IP)
            regels = nieuwe_regels(na)
        if not levert_iets("POST", r.status_code):
            assert regels == [], (name, r.status_code)
            continue
        doorgekomen.append(name)
        assert len(regels) == 1, (name, r.status_code, regels)
        regel = regels[0]
        assert (regel.actie, regel.methode, regel.weergave, regel.ip) == (Toegang.Actie.GEWIJZIGD, "POST", name, IP)
        assert regel.traject_uuid == traject.uuid and regel.organisatie_id == org.pk
    assert len(doorgekomen) >= 30, doorgekomen


def test_a_head_request_is_a_read_like_a_get(alice_client, traject):
    alice_client.head(f"/trajecten/{traject.uuid}/", REMOTE_ADDR=IP)
    regel = Toegang.objects.get()
    assert (regel.actie, regel.methode, regel.weergave) == ("bekeken", "HEAD", "traject")


@pytest.mark.parametrize("status, methode, gelogd", [
    (200, "GET", True), (206, "GET", True), (204, "GET", False), (304, "GET", False), (302, "GET", False),
    (404, "GET", False), (403, "GET", False), (500, "GET", False), (200, "POST", True), (302, "POST", True),
    (303, "POST", True), (204, "POST", False), (400, "POST", False), (409, "POST", False), (200, "OPTIONS", False),
])
def test_only_an_answer_that_showed_or_changed_something_counts(status, methode, gelogd):
    assert levert_iets(methode, status) is gelogd
