"""The load balancer's health check: answers without a login, a session or the database."""



def test_it_answers_ok_without_login_or_queries(client):
    # No database access is allowed in this test: any query would fail it.
    r = client.get("/gezond/")
    assert r.status_code == 200
    assert r.content == b"ok"
    assert r["Content-Type"].startswith("text/plain")
    assert "sessionid" not in r.cookies
