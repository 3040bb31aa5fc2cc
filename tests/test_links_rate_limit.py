"""Guessing tokens is slowed down: too many unknown tokens from one address, and that address has to wait."""

import datetime

import pytest
from django.utils import timezone

from links.models import LinkGebruik, LinkPoging
from voorbereiding.models import Inbreng

from .test_links_pagina import agenda_url, assert_geen_gegevens, assert_prive_headers, html, insturen, pagina_url


@pytest.fixture(autouse=True)
def weinig_pogingen(settings):
    settings.LINK_POGINGEN_MAX = 3
    settings.LINK_POGINGEN_MINUTEN = 15


def raad(client, n, **extra):
    return [client.get(pagina_url(f"geraden-token-{i:03d}-xxxxxxxx"), **extra).status_code for i in range(n)]


def test_the_fourth_unknown_token_gets_429(client, db):
    assert raad(client, 3) == [404, 404, 404]
    r = client.get(pagina_url("nog-een-geraden-token-xxxxx"))
    assert r.status_code == 429
    assert "Te vaak geprobeerd. Probeer het over een kwartier opnieuw." in html(r)
    assert_prive_headers(r)


def test_after_too_many_tries_even_a_valid_token_gets_429_without_data(client, link):
    raad(client, 3)
    r = client.get(pagina_url(link[1]))
    assert r.status_code == 429
    assert_geen_gegevens(html(r))
    assert not LinkGebruik.objects.exists()
    link[0].refresh_from_db()
    assert link[0].laatst_gebruikt_op is None


def test_a_blocked_address_cannot_post_or_download_either(client, link, bijeenkomst):
    raad(client, 3)
    assert client.post(pagina_url(link[1]), insturen()).status_code == 429
    assert client.get(agenda_url(link[1])).status_code == 429
    assert not Inbreng.objects.exists()


def test_attempts_on_the_calendar_file_count_too(client, db):
    for i in range(3):
        assert client.get(agenda_url(f"geraden-{i}-xxxxxxxxxxxxxxx")).status_code == 404
    assert client.get(pagina_url("geraden-nog-een-xxxxxxxxxxx")).status_code == 429


def test_another_address_is_not_blocked(client, link):
    raad(client, 3)
    assert client.get(pagina_url(link[1]), REMOTE_ADDR="10.1.2.3").status_code == 200


def test_the_block_ends_after_the_waiting_time(client, link):
    raad(client, 3)
    LinkPoging.objects.update(op=timezone.now() - datetime.timedelta(minutes=16))
    assert client.get(pagina_url(link[1])).status_code == 200


def test_valid_and_revoked_tokens_do_not_count_as_attempts(client, link, alice):
    for _ in range(5):
        assert client.get(pagina_url(link[1])).status_code == 200
    link[0].intrekken(alice)
    for _ in range(5):
        assert client.get(pagina_url(link[1])).status_code == 410
    assert not LinkPoging.objects.exists()


def test_the_language_switch_is_not_counted_or_blocked(client, link):
    raad(client, 3)
    r = client.post("/taal/setlang/", {"language": "en", "next": pagina_url("geraden")})
    assert r.status_code == 302
    assert LinkPoging.objects.count() == 3


def test_a_blocked_request_is_not_noted_again(client, db):
    raad(client, 6)
    assert LinkPoging.objects.count() == 3


def test_an_ipv6_address_is_counted_too(client, db):
    assert raad(client, 4, REMOTE_ADDR="2001:db8::1") == [404, 404, 404, 429]
