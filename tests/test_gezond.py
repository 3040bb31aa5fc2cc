"""The load balancer's health check: answers without a login, a session or the database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_it_answers_ok_without_login_or_queries(client):
    with CaptureQueriesContext(connection) as queries:
        r = client.get("/gezond/")
    assert r.status_code == 200
    assert r.content == b"ok"
    assert r["Content-Type"].startswith("text/plain")
    assert len(queries) == 0
    assert "sessionid" not in r.cookies
