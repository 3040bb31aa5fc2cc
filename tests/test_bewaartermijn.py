"""The bewaartermijn: how long a closed traject is kept, per organisation, and the beheerder's list of those past it."""

import datetime

import pytest
from django.utils import timezone

from kwesties.models import Traject
from organisaties.models import Organisatie, verschuif_maanden

from .conftest import assert_login_redirect
from .test_beheer import org_url

NU = timezone.make_aware(datetime.datetime(2026, 3, 31, 12, 0))


def sluit(traject, alice, op):
    traject.afsluiten(alice)
    Traject.objects.filter(pk=traject.pk).update(afgesloten_op=op)


def bewaartermijn_url(org):
    return f"{org_url(org)}bewaartermijn/"


def test_months_are_calendar_months_and_a_missing_day_becomes_the_last_of_the_month():
    assert verschuif_maanden(NU, -1).date() == datetime.date(2026, 2, 28)
    assert verschuif_maanden(NU, -25).date() == datetime.date(2024, 2, 29)
    assert verschuif_maanden(NU, -240).date() == datetime.date(2006, 3, 31)
    assert verschuif_maanden(NU, 12).date() == datetime.date(2027, 3, 31)
    assert verschuif_maanden(NU, -240).hour == 12


def test_the_term_is_the_setting_unless_the_organisation_chose_its_own(org, settings):
    assert org.bewaartermijn == 240
    settings.BEWAARTERMIJN_MAANDEN = 120
    assert org.bewaartermijn == 120
    org.bewaartermijn_maanden = 18
    assert org.bewaartermijn == 18
    assert org.bewaartermijn_tekst == "18 maanden"


def test_a_traject_closed_just_inside_the_term_is_kept_and_just_outside_it_is_due(org, alice, traject, mallory_traject,
                                                                                    mallory):
    grens = verschuif_maanden(NU, -240)
    binnen = Traject.objects.create(organisatie=org, label="Familie Binnen")
    nooit = Traject.objects.create(organisatie=org, label="Familie Open", aangemaakt_op=grens - datetime.timedelta(days=9))
    sluit(traject, alice, grens - datetime.timedelta(minutes=1))
    sluit(binnen, alice, grens + datetime.timedelta(minutes=1))
    sluit(mallory_traject, mallory, grens - datetime.timedelta(days=1))
    assert list(Traject.objects.bewaartermijn_verstreken(org, NU)) == [traject]
    assert nooit not in Traject.objects.bewaartermijn_verstreken(org, NU)


def test_the_organisation_s_own_term_decides(org, other_org, alice, traject, mallory_traject, mallory):
    sluit(traject, alice, NU - datetime.timedelta(days=100))
    sluit(mallory_traject, mallory, NU - datetime.timedelta(days=100))
    assert not Traject.objects.bewaartermijn_verstreken(org, NU).exists()
    org.bewaartermijn_maanden = 3
    assert list(Traject.objects.bewaartermijn_verstreken(org, NU)) == [traject]
    assert not Traject.objects.bewaartermijn_verstreken(other_org, NU).exists()


def test_the_beheerder_sees_the_trajecten_past_their_term_with_a_link_to_erase_each(carol_client, org, alice, traject):
    kort = Traject.objects.create(organisatie=org, label="Familie Recent")
    sluit(traject, alice, timezone.now() - datetime.timedelta(days=366 * 21))
    sluit(kort, alice, timezone.now() - datetime.timedelta(days=30))
    page = carol_client.get(org_url(org)).content.decode()
    lijst = page.split('id="verstreken-kop"', 1)[1].split("</section>", 1)[0]
    assert "Bewaartermijn verstreken <span class=\"muted\">(1)</span>" in page
    assert "Familie J." in lijst and "Familie Recent" not in lijst
    assert f'href="/beheer/{org.uuid}/trajecten/{traject.uuid}/wissen/"' in lijst
    assert "Een afgesloten traject wordt 240 maanden (20 jaar) bewaard." in page
    assert f'href="/beheer/{org.uuid}/verwijderingen/"' in page


def test_the_list_is_empty_when_nothing_is_due(carol_client, org, traject):
    page = carol_client.get(org_url(org)).content.decode()
    assert "Van geen enkel traject is de bewaartermijn verstreken." in page


def test_the_beheerder_sets_a_term_of_her_own_and_hears_what_is_due_now(carol_client, org, alice, traject):
    sluit(traject, alice, timezone.now() - datetime.timedelta(days=100))
    r = carol_client.post(bewaartermijn_url(org), {"bewaartermijn_maanden": " 2 "}, follow=True)
    assert r.redirect_chain[-1][0] == f"{org_url(org)}#bewaartermijn"
    page = r.content.decode()
    assert "Opgeslagen: een afgesloten traject wordt 2 maanden bewaard." in page
    assert "Van 1 traject is de bewaartermijn nu verstreken." in page
    assert Organisatie.objects.get(pk=org.pk).bewaartermijn_maanden == 2
    assert 'value="2"' in page.split('id="bewaartermijn-form"', 1)[1].split("</form>", 1)[0]


def test_an_empty_term_goes_back_to_the_standard(carol_client, org):
    Organisatie.objects.filter(pk=org.pk).update(bewaartermijn_maanden=18)
    carol_client.post(bewaartermijn_url(org), {"bewaartermijn_maanden": ""})
    assert Organisatie.objects.get(pk=org.pk).bewaartermijn_maanden is None


def test_the_form_has_a_page_of_its_own_with_the_standard_in_its_help(carol_client, org):
    page = carol_client.get(bewaartermijn_url(org)).content.decode()
    assert "<h1>Bewaartermijn</h1>" in page
    assert "Laat leeg voor de standaardtermijn: 240 maanden (20 jaar)." in page


@pytest.mark.parametrize("waarde", ["0", "-5", "1201", "abc", "1.5", "99999999999999999999", "12\x00"])
def test_a_wrong_term_is_refused_in_dutch_beside_the_field_and_shown_as_typed(carol_client, org, waarde):
    r = carol_client.post(bewaartermijn_url(org), {"bewaartermijn_maanden": waarde})
    page = r.content.decode()
    assert r.status_code == 200
    veld = page.split('class="field field-input field-error"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Vul een aantal maanden in van 1 tot en met 1200, of laat het leeg." in veld
    if "\x00" not in waarde:
        assert f'value="{waarde}"' in veld
    assert Organisatie.objects.get(pk=org.pk).bewaartermijn_maanden is None


def test_only_the_organisation_s_beheerders_set_the_term(client, alice_client, mallory_client, org):
    for c in (alice_client, mallory_client):
        assert c.get(bewaartermijn_url(org)).status_code == 404
        assert c.post(bewaartermijn_url(org), {"bewaartermijn_maanden": "1"}).status_code == 404
    assert_login_redirect(client.post(bewaartermijn_url(org), {"bewaartermijn_maanden": "1"}))
    assert Organisatie.objects.get(pk=org.pk).bewaartermijn_maanden is None
