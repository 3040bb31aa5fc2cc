"""The beheerder makes two-step verification required for every member of the organisation, or not."""

import time

from account.middleware import VERPLICHT
from organisaties.models import Organisatie

from .conftest import assert_login_redirect, force_login_zonder_code
from .test_beheer import org_url, rij
from .tweestaps_hulp import INSTELLEN, geef_app, html


def tweestaps_url(org):
    return f"{org_url(org)}tweestaps/"


def voor_iedereen(org):
    return Organisatie.objects.get(pk=org.pk).tweestaps_voor_iedereen


def test_the_organisation_page_explains_it_and_offers_the_switch(carol_client, org):
    page = html(carol_client.get(org_url(org)))
    section = page.split('id="tweestaps"', 1)[1].split("</section>", 1)[0]
    assert "Voor beheerders en kaderstellers is het altijd verplicht." in section
    assert f'action="{tweestaps_url(org)}"' in section
    assert '<input type="hidden" name="tweestaps_voor_iedereen" value="1">' in section
    assert "Verplicht maken voor iedereen" in section


def test_the_member_list_shows_who_has_it_on(carol_client, org, erin, alice):
    geef_app(erin)
    page = html(carol_client.get(org_url(org)))
    assert "Tweestapsverificatie aan" in rij(page, "erin@example.org")[0]
    assert "Tweestapsverificatie aan" in rij(page, "carol@example.org")[0]
    assert "Tweestapsverificatie aan" not in rij(page, "alice@example.org")[0]


def test_a_beheerder_turns_it_on_and_off_for_everyone(carol_client, org):
    r = carol_client.post(tweestaps_url(org), {"tweestaps_voor_iedereen": "1"}, follow=True)
    assert r.redirect_chain[-1][0] == f"{org_url(org)}#tweestaps"
    page = html(r)
    assert "Tweestapsverificatie is nu verplicht voor alle leden van Jeugdbescherming Oost." in page
    assert "Verplicht voor iedereen" in page and 'name="tweestaps_voor_iedereen" value="0"' in page
    assert voor_iedereen(org)
    # The same button twice changes nothing more.
    carol_client.post(tweestaps_url(org), {"tweestaps_voor_iedereen": "1"})
    assert voor_iedereen(org)
    r = carol_client.post(tweestaps_url(org), {"tweestaps_voor_iedereen": "0"}, follow=True)
    assert "Tweestapsverificatie is nu alleen verplicht voor beheerders en kaderstellers." in html(r)
    assert not voor_iedereen(org)


def test_nonsense_is_refused_and_changes_nothing(carol_client, org):
    for waarde in ("", "2", "ja", "1\x00", "x" * 1000):
        r = carol_client.post(tweestaps_url(org), {"tweestaps_voor_iedereen": waarde}, follow=True)
        assert "Dat ging niet goed. Probeer het opnieuw." in html(r)
    assert not voor_iedereen(org)


def test_it_takes_a_post(carol_client, org):
    assert carol_client.get(tweestaps_url(org)).status_code == 405


def test_then_every_member_must_set_it_up_and_no_other_organisation_changes(client, carol_client, org, erin, mallory):
    force_login_zonder_code(client, erin)
    assert client.get("/trajecten/").status_code == 200
    carol_client.post(tweestaps_url(org), {"tweestaps_voor_iedereen": "1"})
    session = client.session
    session[VERPLICHT] = [False, int(time.time()) - 61]  # a minute on: the session checks again
    session.save()
    assert client.get("/trajecten/")["Location"].startswith(INSTELLEN)
    assert not Organisatie.objects.get(naam="Andere Organisatie").tweestaps_voor_iedereen


def test_a_member_who_is_not_beheerder_gets_404(alice_client, erin_client, org):
    for c in (alice_client, erin_client):
        assert c.post(tweestaps_url(org), {"tweestaps_voor_iedereen": "1"}).status_code == 404
    assert not voor_iedereen(org)


def test_another_organisation_gets_404(mallory_client, org):
    assert mallory_client.post(tweestaps_url(org), {"tweestaps_voor_iedereen": "1"}).status_code == 404
    assert not voor_iedereen(org)


def test_anonymous_users_are_sent_to_login(client, org):
    assert_login_redirect(client.post(tweestaps_url(org), {"tweestaps_voor_iedereen": "1"}))
    assert not voor_iedereen(org)
