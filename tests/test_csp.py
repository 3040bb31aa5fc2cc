"""A strict Content-Security-Policy on every answer, and no page that needs it loosened.

The policy lets scripts and styles come only from our own static files: no inline <script> or <style>, no style
attributes, no event handlers, no javascript: URLs, nothing htmx would have to eval. Every template is read for
them, and every page of the app is rendered (the walk of test_query_budget.py, as a page and as htmx fragment)
and every form posted (the walk of test_every_url.py) to check what is really sent. The browser tests then fail
on anything chromium blocks (tests/browser/conftest.py, csp_violations).
"""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .test_every_url import (  # noqa: F401  (the fixtures clients and urls)
    clients_fixture,
    legitimate_user,
    post_endpoints,
    rolled_back,
    urls_fixture,
)
from .test_links_pagina import pagina_url
from .test_query_budget import KLEIN, PAGINAS, _client, _pagina_url, _wereld
from .test_storing import assert_storing_pagina, database_weg

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Only WeasyPrint reads it (besluitvorming/pdf.py), never a browser: its <style> holds the running header.
NOT_SERVED = {Path("besluitvorming/templates/besluitvorming/plan_pdf.html")}


def policy(response):
    """The Content-Security-Policy header as {directive: sources}; django-csp does not keep their order."""
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_strict(response):
    assert policy(response) == STRICT, response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response


class InlineCode(HTMLParser):
    """Everything in a page that the strict policy would block, or that makes htmx eval."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        def found(what):
            self.found.append(f"{what} in <{tag}{''.join(f' {n}' for n, _v in attrs)}> at line {self.getpos()[0]}")

        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            found("an inline script")
        if tag == "style":
            found("a <style> element")
        for name, value in attrs:
            value = (value or "").strip()
            if name == "style":
                found("a style attribute")
            elif name.startswith("on"):
                found(f"an event handler {name}")
            elif name.startswith(("hx-on", "data-hx-on", "hx-vars", "data-hx-vars")):
                found(f"htmx {name}, which needs eval")
            elif name in ("hx-vals", "hx-headers", "data-hx-vals", "data-hx-headers") and value.startswith(
                ("js:", "javascript:")
            ):
                found(f"htmx {name} with script, which needs eval")
            elif name in ("hx-trigger", "data-hx-trigger") and "[" in value:
                found("an htmx trigger filter, which needs eval")
            if value.lower().replace(" ", "").startswith("javascript:"):
                found(f"a javascript: URL in {name}")
            if name in ("src", "href") and tag in ("script", "link") and ("://" in value or value.startswith("//")):
                found(f"a script or stylesheet from elsewhere: {value}")

    handle_startendtag = handle_starttag


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def templates():
    base = Path(settings.BASE_DIR)
    paths = [*base.glob("templates/**/*.html"), *base.glob("*/templates/**/*.html")]
    return sorted(p.relative_to(base) for p in paths if ".venv" not in p.parts)


# --- the header -------------------------------------------------------------------------------------------------


def test_a_professional_page_carries_the_strict_policy(alice_client, traject):
    r = alice_client.get(reverse("traject", args=[traject.uuid]))
    assert r.status_code == 200
    assert_strict(r)


def test_a_personal_link_page_carries_the_strict_policy(client, link):
    r = client.get(pagina_url(link[1]))
    assert r.status_code == 200 and "Hallo Sanne" in r.content.decode()
    assert_strict(r)


def test_the_login_page_carries_the_strict_policy(client):
    r = client.get(reverse("login"))
    assert r.status_code == 200
    assert_strict(r)


def test_an_error_page_carries_the_strict_policy(client, alice_client):
    for c in (client, alice_client):
        r = c.get("/bestaat-niet/")
        assert r.status_code == 404 and "Deze pagina bestaat niet" in r.content.decode()
        assert_strict(r)


def test_the_503_page_without_a_database_carries_the_strict_policy(alice, traject):
    c = Client(raise_request_exception=False)
    c.force_login(alice)
    with database_weg():
        r = c.get(reverse("traject", args=[traject.uuid]))
    assert_storing_pagina(r)
    assert_strict(r)
    assert inline_code(r.content.decode()) == []


def test_htmx_is_told_to_eval_nothing_and_to_write_no_style(client):
    html = client.get(reverse("login")).content.decode()
    start = html.index('<meta name="htmx-config" content=\'') + len('<meta name="htmx-config" content=\'')
    config = json.loads(html[start:html.index("'", start)])
    assert config["allowEval"] is False and config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
    # htmx copies these attributes when it settles a swap: a style attribute would be refused.
    assert "style" not in config["attributesToSettle"]


# --- no inline code ---------------------------------------------------------------------------------------------


def test_the_check_finds_every_kind_of_inline_code():
    page = """<html><head><style>p{}</style><script>alert(1)</script><script src="/static/app.js"></script>
    <link rel="stylesheet" href="https://cdn.example.org/x.css"></head>
    <body><p style="color:red" onclick="x()">a</p><a href="javascript:x()">b</a><svg onload="x()"/>
    <div hx-on:click="x()" hx-trigger="click[ctrlKey]" hx-vals='js:{a: x()}'></div></body></html>"""
    assert len(inline_code(page)) == 10, inline_code(page)
    assert inline_code('<script src="/static/app.js" defer></script><p class="x" hx-trigger="every 1s">') == []


def test_no_template_holds_inline_code():
    paths = templates()
    assert len(paths) > 50 and NOT_SERVED <= set(paths)
    found = {str(p): inline_code((settings.BASE_DIR / p).read_text()) for p in paths if p not in NOT_SERVED}
    assert {p: f for p, f in found.items() if f} == {}


@pytest.fixture(scope="module")
def wereld(django_db_setup, django_db_blocker):
    """test_query_budget's small world, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _wereld("klein", KLEIN)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("pagina", PAGINAS, ids=PAGINAS)
def test_every_page_and_fragment_carries_the_policy_and_no_inline_code(pagina, wereld, db):
    client, url = _client(pagina, wereld), _pagina_url(pagina, wereld)
    for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
        r = client.get(url, **extra)
        assert r.status_code in (200, 204, 302), (extra, r.status_code)
        assert_strict(r)
        if r["Content-Type"].startswith("text/html"):
            assert inline_code(r.content.decode()) == [], extra


def test_what_every_form_post_answers_has_no_inline_code(clients, urls):
    html = {}
    for name, url in post_endpoints(clients, urls).items():
        with rolled_back():
            r = clients[legitimate_user(name)].post(url, {})
        assert_strict(r)
        if r["Content-Type"].startswith("text/html") and r.content:
            html[name] = inline_code(r.content.decode())
    # Among them the new link's invitation, with segno's QR code, and forms sent back with their errors.
    assert "<svg" in clients["alice"].post(urls["links:uitgeven"], {}).content.decode()
    assert {"links:uitgeven", "kwesties:kwestie_bewerken"} <= set(html)
    assert {name: f for name, f in html.items() if f} == {}
