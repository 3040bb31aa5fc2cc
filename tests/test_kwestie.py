import pytest

from kwesties.models import Kwestie

from .conftest import assert_login_redirect


@pytest.fixture
def urls(traject):
    base = f"/trajecten/{traject.uuid}/kwestie/"
    return {"kwestie": base, "bewerken": base + "bewerken/", "vaststellen": base + "vaststellen/",
            "schrijfhulp": base + "schrijfhulp/"}


VRAAG = "Wat is ervoor nodig dat Noor zich veilig voelt bij de wissel?"


def bewerk(client, urls, traject, vraag=VRAAG, beschrijving="Het gaat vaak mis.", versie=None):
    if versie is None:
        versie = Kwestie.objects.get(traject=traject).versie
    return client.post(urls["bewerken"], {"vraag": vraag, "beschrijving": beschrijving, "gezien_versie": versie})


def test_the_facilitator_writes_the_kwestie(alice_client, traject, urls):
    r = bewerk(alice_client, urls, traject)
    assert r.status_code == 302
    k = Kwestie.objects.get(traject=traject)
    assert k.vraag == VRAAG and k.beschrijving == "Het gaat vaak mis."
    assert VRAAG in alice_client.get(urls["kwestie"]).content.decode()
    assert k.wijzigingen.count() == 0  # concept changes are not history


def test_the_kadersteller_reads_but_cannot_write(bob_client, traject, urls):
    assert bob_client.get(urls["kwestie"]).status_code == 200
    assert "Kwestie opschrijven" not in bob_client.get(urls["kwestie"]).content.decode()
    assert bob_client.get(urls["bewerken"]).status_code == 403
    assert bewerk(bob_client, urls, traject).status_code == 403
    assert bob_client.post(urls["vaststellen"]).status_code == 403
    assert Kwestie.objects.get(traject=traject).status == "concept"


def test_an_unfinished_question_is_refused_with_the_text_kept(alice_client, traject, urls):
    r = bewerk(alice_client, urls, traject, vraag="Wat is ervoor nodig dat", beschrijving="Mijn tekst blijft staan")
    body = r.content.decode()
    assert r.status_code == 200
    assert "Maak de vraag af" in body
    assert "Mijn tekst blijft staan" in body
    assert Kwestie.objects.get(traject=traject).beschrijving == ""


def test_an_empty_question_is_refused(alice_client, traject, urls):
    r = bewerk(alice_client, urls, traject, vraag="")
    assert "Dit veld is verplicht." in r.content.decode()


def test_a_description_over_5000_characters_is_refused_and_kept(alice_client, traject, urls):
    r = bewerk(alice_client, urls, traject, beschrijving="a" * 5001)
    assert "niet meer dan 5000 tekens" in r.content.decode()
    assert "a" * 5001 in r.content.decode()


def test_html_in_the_kwestie_is_shown_escaped(alice_client, traject, urls):
    bewerk(alice_client, urls, traject, vraag="Wat is ervoor nodig dat <b>dit</b> lukt?", beschrijving="<script>x()</script>")
    body = alice_client.get(urls["kwestie"]).content.decode()
    assert "&lt;b&gt;dit&lt;/b&gt;" in body and "&lt;script&gt;x()&lt;/script&gt;" in body
    assert "<script>x()" not in body


def test_emoji_and_right_to_left_text_are_kept(alice_client, traject, urls):
    bewerk(alice_client, urls, traject, vraag="Wat is ervoor nodig dat مريم 😊 veilig is?")
    assert "مريم 😊" in Kwestie.objects.get(traject=traject).vraag


def test_a_stale_edit_is_refused_and_keeps_what_i_typed(alice_client, alice, traject, urls):
    oud = Kwestie.objects.get(traject=traject).versie
    Kwestie.objects.get(traject=traject).wijzig(alice, "Wat is ervoor nodig dat iemand anders dit schreef?", "")
    r = bewerk(alice_client, urls, traject, vraag="Wat is ervoor nodig dat mijn versie telt?", versie=oud)
    body = r.content.decode()
    assert "Iemand anders heeft dit intussen veranderd" in body
    assert "mijn versie telt" in body
    assert "iemand anders dit schreef" in body  # the saved version is shown beside it
    assert Kwestie.objects.get(traject=traject).vraag == "Wat is ervoor nodig dat iemand anders dit schreef?"


def test_a_missing_version_counts_as_stale(alice_client, traject, urls):
    r = alice_client.post(urls["bewerken"], {"vraag": VRAAG, "beschrijving": ""})
    assert "Iemand anders heeft dit intussen veranderd" in r.content.decode()


def test_vaststellen_then_changes_are_history(alice_client, traject, urls):
    bewerk(alice_client, urls, traject)
    assert alice_client.post(urls["vaststellen"]).status_code == 302
    k = Kwestie.objects.get(traject=traject)
    assert k.is_vastgesteld and k.vastgesteld_door.email == "alice@example.org"
    bewerk(alice_client, urls, traject, vraag="Wat is ervoor nodig dat Noor en Daan rust hebben?")
    veld_wijziging = k.wijzigingen.get(veld="vraag")
    assert veld_wijziging.oud == VRAAG and veld_wijziging.nieuw.endswith("rust hebben?")
    body = alice_client.get(urls["kwestie"]).content.decode()
    assert "Geschiedenis" in body and VRAAG in body and "centrale vraag gewijzigd" in body


def test_vaststellen_an_empty_kwestie_is_refused(alice_client, traject, urls):
    r = alice_client.post(urls["vaststellen"], follow=True)
    assert "Schrijf eerst de centrale vraag op." in r.content.decode()
    assert not Kwestie.objects.get(traject=traject).is_vastgesteld


def test_vaststellen_twice_keeps_the_first_moment(alice_client, traject, urls):
    bewerk(alice_client, urls, traject)
    alice_client.post(urls["vaststellen"])
    eerste = Kwestie.objects.get(traject=traject).vastgesteld_op
    alice_client.post(urls["vaststellen"])
    assert Kwestie.objects.get(traject=traject).vastgesteld_op == eerste


def test_vaststellen_rejects_get(alice_client, urls):
    assert alice_client.get(urls["vaststellen"]).status_code == 405


def test_writing_hints_are_offered_not_enforced(alice_client, traject, urls):
    r = bewerk(alice_client, urls, traject, vraag="Hoe zorgen we dat moeder niet altijd faalt",
               beschrijving="Moeder is echter nooit op tijd.")
    assert r.status_code == 302  # saved despite the hints
    body = alice_client.get(urls["kwestie"]).content.decode()
    assert "Begin de centrale vraag met" in body
    assert "echter → maar" in body
    assert "faalt" in body and "bij hun naam" in body


def test_live_hints_answer_a_fragment(alice_client, urls):
    r = alice_client.post(urls["schrijfhulp"], {"vraag": "Indien het lukt", "beschrijving": ""}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body
    assert "indien → als" in body


def test_the_edit_form_answers_htmx_with_the_form_fragment(alice_client, traject, urls):
    r = alice_client.post(urls["bewerken"], {"vraag": "", "gezien_versie": 1}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert "<html" not in body and 'id="kwestie-form"' in body and "Dit veld is verplicht." in body


@pytest.mark.parametrize("name", ["kwestie", "bewerken", "schrijfhulp", "vaststellen"])
def test_another_organisation_gets_404(mallory_client, urls, name):
    assert mallory_client.get(urls[name]).status_code in (404, 405)
    assert mallory_client.post(urls[name], {"vraag": "x"}).status_code == 404


@pytest.mark.parametrize("name", ["kwestie", "bewerken", "schrijfhulp", "vaststellen"])
def test_a_colleague_without_a_role_gets_404(erin_client, carol_client, urls, name):
    assert erin_client.post(urls[name]).status_code == 404
    assert carol_client.post(urls[name]).status_code == 404


@pytest.mark.parametrize("name", ["kwestie", "bewerken", "schrijfhulp", "vaststellen"])
def test_anonymous_users_are_sent_to_login(client, urls, name):
    assert_login_redirect(client.get(urls[name]))
    assert_login_redirect(client.post(urls[name]))


def test_after_a_stale_refusal_the_next_save_goes_through(alice_client, alice, traject, urls):
    oud = Kwestie.objects.get(traject=traject).versie
    Kwestie.objects.get(traject=traject).wijzig(alice, "Wat is ervoor nodig dat iemand anders dit schreef?", "")
    r = bewerk(alice_client, urls, traject, vraag="Wat is ervoor nodig dat mijn versie telt?", versie=oud)
    nieuw = r.context["form"]["gezien_versie"].value()
    assert bewerk(alice_client, urls, traject, vraag="Wat is ervoor nodig dat mijn versie telt?", versie=nieuw).status_code == 302
    assert Kwestie.objects.get(traject=traject).vraag.endswith("mijn versie telt?")


def test_an_empty_post_shows_errors_not_a_blank_form(alice_client, traject, urls):
    r = alice_client.post(urls["bewerken"], {})
    assert "Dit veld is verplicht." in r.content.decode()
