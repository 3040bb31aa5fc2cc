"""The organisation's consent threshold: from how many bezwaren the circle counts as split."""

import pytest

from besluitvorming.models import Voorstel
from organisaties.models import Organisatie

from .conftest import assert_login_redirect
from .test_beheer import org_url


def drempel_url(org):
    return f"{org_url(org)}drempel/"


def drempel(org):
    return Organisatie.objects.get(pk=org.pk).splitsingsdrempel


def test_the_organisation_page_has_the_threshold_form_with_a_plain_explanation(carol_client, org):
    page = carol_client.get(org_url(org)).content.decode()
    form = page.split('id="drempel-form"', 1)[1].split("</form>", 1)[0]
    assert f'action="{drempel_url(org)}"' in page
    assert "<legend>Wanneer is de kring verdeeld?" in form
    assert "Hebben zoveel mensen bezwaar, dan voert de kring eerst het gesprek en komt er daarna een nieuwe ronde." in form
    assert "Hebben minder mensen bezwaar, dan vraagt de begeleider hen wat erbij moet." in form
    for waarde, tekst in (("1/4", "een kwart"), ("1/3", "een derde"), ("2/5", "twee vijfde"), ("1/2", "de helft")):
        assert f'value="{waarde}"' in form and tekst in form
    assert 'value="1/3" id="id_splitsingsdrempel_1" checked' in form.replace('required ', "")


def test_the_threshold_has_a_page_of_its_own(carol_client, org):
    r = carol_client.get(drempel_url(org))
    assert r.status_code == 200
    assert "<h1>Wanneer is de kring verdeeld?</h1>" in r.content.decode()


def test_a_beheerder_sets_the_threshold(carol_client, org):
    r = carol_client.post(drempel_url(org), {"splitsingsdrempel": "1/4"}, follow=True)
    assert r.redirect_chain[-1][0] == org_url(org)
    page = r.content.decode()
    assert "Opgeslagen: de kring is verdeeld als een kwart van de antwoorden een bezwaar is." in page
    assert drempel(org) == "1/4"
    assert 'value="1/4" id="id_splitsingsdrempel_0" checked' in page.replace('required ', "")


def test_the_change_leaves_the_rest_of_the_organisation_alone(carol_client, org):
    Organisatie.objects.filter(pk=org.pk).update(naam="Jeugdbescherming West")
    carol_client.post(drempel_url(org), {"splitsingsdrempel": "1/2"})
    o = Organisatie.objects.get(pk=org.pk)
    assert (o.naam, o.splitsingsdrempel) == ("Jeugdbescherming West", "1/2")


@pytest.mark.parametrize("waarde", ["1/5", "0", "1/0", "", "x" * 500, "1/3\x00"])
def test_an_unknown_choice_is_refused_in_dutch(carol_client, org, waarde):
    r = carol_client.post(drempel_url(org), {"splitsingsdrempel": waarde})
    page = r.content.decode()
    assert r.status_code == 200
    assert "Kies een van de mogelijkheden uit de lijst." in page or "Kies wanneer de kring verdeeld is." in page
    assert drempel(org) == "1/3"


def test_a_missing_choice_is_refused_in_dutch(carol_client, org):
    r = carol_client.post(drempel_url(org), {})
    assert r.status_code == 200 and "Kies wanneer de kring verdeeld is." in r.content.decode()


def test_a_member_who_is_not_beheerder_gets_404(alice_client, erin_client, org):
    for client in (alice_client, erin_client):
        assert client.get(drempel_url(org)).status_code == 404
        assert client.post(drempel_url(org), {"splitsingsdrempel": "1/4"}).status_code == 404
    assert drempel(org) == "1/3"


def test_another_organisation_gets_404(mallory_client, org):
    assert mallory_client.get(drempel_url(org)).status_code == 404
    assert mallory_client.post(drempel_url(org), {"splitsingsdrempel": "1/4"}).status_code == 404
    assert drempel(org) == "1/3"


def test_anonymous_users_are_sent_to_login(client, org):
    assert_login_redirect(client.get(drempel_url(org)))
    assert_login_redirect(client.post(drempel_url(org), {"splitsingsdrempel": "1/4"}))


def een_bezwaar_op_vier(ronde, alice, kring):
    """Sanne objects, Mark, Ria (for herself) and Fatima do not; Noor, represented by Ria, gives no answer."""
    sanne, mark, ria, noor, fatima = kring
    ronde.reageer(sanne, "bezwaar", reden="Te vaak weg", wat_erbij="Om de week", door=alice)
    for b in (mark, ria, fatima):
        ronde.reageer(b, "geen_bezwaar", door=alice)
    return ronde.sluiten(alice, geen_antwoord={noor.id: "wil_niet"})


def test_a_round_opened_after_the_change_keeps_the_new_threshold(carol_client, org, voorstel, alice, kring):
    carol_client.post(drempel_url(org), {"splitsingsdrempel": "1/4"})
    ronde = Voorstel.objects.get(pk=voorstel.pk).open_ronde(alice)
    assert ronde.drempel == "1/4"
    assert een_bezwaar_op_vier(ronde, alice, kring) == "gesplitst"


def test_at_the_default_one_bezwaar_in_four_is_a_small_minority(org, voorstel, alice, kring):
    ronde = voorstel.open_ronde(alice)
    assert ronde.drempel == "1/3"
    assert een_bezwaar_op_vier(ronde, alice, kring) == "kleine_minderheid"


def test_a_round_already_open_keeps_the_threshold_it_opened_with(carol_client, org, ronde, alice, kring):
    carol_client.post(drempel_url(org), {"splitsingsdrempel": "1/4"})
    assert drempel(org) == "1/4"
    assert een_bezwaar_op_vier(ronde, alice, kring) == "kleine_minderheid"
