"""The database going away mid-request: a calm Dutch page with status 503, and nothing half saved."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection

from besluitvorming.models import Aanwezigheid, Bijeenkomst
from nieuwe_route.storing import storing_pagina

from .conftest import client_for
from .test_console import url

WEG = "server closed the connection unexpectedly"


def iedereen_er(kring):
    return {f"status_{b.uuid}": "er" for b in kring}


@contextmanager
def database_weg(alleen=None):
    """Every query fails as when the server is gone; with `alleen`, only queries that contain that text."""

    def weg(execute, sql, params, many, context):
        if alleen is None or alleen in sql:
            raise OperationalError(WEG)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(weg):
        yield


def assert_storing_pagina(r):
    body = r.content.decode()
    assert r.status_code == 503
    assert "Even niet bereikbaar" in body and "Wat u net deed, is niet opgeslagen." in body
    assert r["Retry-After"] == "30"
    assert WEG not in body and "Traceback" not in body


def test_a_post_that_fails_halfway_saves_nothing_and_gets_the_503_page(alice_client, traject, bijeenkomst, kring):
    # The presence is written first, then the screens' stand: the second write fails.
    with mock.patch.object(Bijeenkomst, "tik", side_effect=OperationalError(WEG)):
        r = alice_client.post(url(traject, "aanwezigheid"), iedereen_er(kring))
    assert_storing_pagina(r)
    assert not Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst).exists()
    # The same post with the database there is saved: the rollback above is the middleware's work.
    r = alice_client.post(url(traject, "aanwezigheid"), iedereen_er(kring))
    assert r.status_code == 302
    assert Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst).count() == 5


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_the_first_write_is_rolled_back_too(traject, bijeenkomst, kring, alice):
    c = client_for(alice)
    stand = Bijeenkomst.objects.get(pk=bijeenkomst.pk).stand
    with mock.patch.object(Bijeenkomst, "tik", side_effect=InterfaceError("connection already closed")):
        r = c.post(url(traject, "aanwezigheid"), iedereen_er(kring))
    assert_storing_pagina(r)
    assert not Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst).exists()
    assert Bijeenkomst.objects.get(pk=bijeenkomst.pk).stand == stand


@pytest.fixture
def browser(alice):
    """alice's browser: it gets what a server error answers, where the test client would raise it."""
    c = client_for(alice)
    c.raise_request_exception = False
    return c


def test_a_page_without_its_database_gets_the_503_page_that_reloads_itself(browser, traject):
    with database_weg():
        r = browser.get(f"/trajecten/{traject.uuid}/")
    assert_storing_pagina(r)
    assert '<meta http-equiv="refresh" content="30">' in r.content.decode()


def test_a_post_without_its_database_does_not_reload_itself(browser, traject, bijeenkomst, kring):
    with database_weg():
        r = browser.post(url(traject, "aanwezigheid"), iedereen_er(kring))
    assert_storing_pagina(r)
    assert "refresh" not in r.content.decode()


def test_a_failure_after_the_view_in_the_session_rolls_back_the_view_as_well(browser, traject, lopende_bijeenkomst):
    # The view changes the part of the meeting and leaves a message; saving the session then fails.
    with database_weg(alleen="django_session"):
        r = browser.post(url(traject, "deel"), {"deel": "besluitvormend"})
    assert_storing_pagina(r)
    assert Bijeenkomst.objects.get(pk=lopende_bijeenkomst.pk).huidig_deel != "besluitvormend"


def test_the_503_page_needs_no_database(rf):
    # No db fixture: any query here would fail the test.
    assert_storing_pagina(storing_pagina(rf.get("/")))


def test_the_failure_is_logged_for_the_administrator(browser, traject, caplog):
    with database_weg():
        browser.get(f"/trajecten/{traject.uuid}/")
    assert any(r.name == "nieuwe_route.storing" and r.levelname == "ERROR" and WEG in r.getMessage()
               for r in caplog.records)


def test_other_errors_still_get_the_500_page(browser, traject, bijeenkomst, kring):
    with mock.patch.object(Bijeenkomst, "tik", side_effect=RuntimeError("bug")):
        r = browser.post(url(traject, "aanwezigheid"), iedereen_er(kring))
    assert r.status_code == 500
    assert "Er ging iets mis" in r.content.decode()
    # A 500 undoes the request's writes as well: the page says nothing was saved.
    assert not Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst).exists()
