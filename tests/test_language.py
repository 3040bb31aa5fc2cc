def test_dutch_is_the_default_even_for_an_english_browser(client, db):
    r = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in r.content.decode() and "Inloggen" in r.content.decode()


def test_the_language_switch_gives_english(client, db):
    r = client.post("/taal/setlang/", {"language": "en", "next": "/inloggen/"}, follow=True)
    body = r.content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body and "Inloggen" not in body


def test_the_switch_back_gives_dutch(client, db):
    client.post("/taal/setlang/", {"language": "en", "next": "/inloggen/"})
    r = client.post("/taal/setlang/", {"language": "nl", "next": "/inloggen/"}, follow=True)
    assert '<html lang="nl">' in r.content.decode()
