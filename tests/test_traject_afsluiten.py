"""Closing a traject when the plan is carried out or evaluated, and opening it again: the facilitator's choice."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kwesties.models import Traject, TrajectRol

from .conftest import assert_login_redirect


def afsluiten_url(traject):
    return f"/trajecten/{traject.uuid}/afsluiten/"


def heropenen_url(traject):
    return f"/trajecten/{traject.uuid}/heropenen/"


def opgeslagen(traject):
    return Traject.objects.get(pk=traject.pk)


def test_closing_records_when_and_by_whom_and_a_second_close_keeps_the_first(traject, alice, bob):
    assert traject.afsluiten(alice) is True
    eerst = opgeslagen(traject)
    assert eerst.is_afgesloten and eerst.afgesloten_door == alice
    assert traject.afsluiten(bob) is False
    assert (opgeslagen(traject).afgesloten_op, opgeslagen(traject).afgesloten_door) == (eerst.afgesloten_op, alice)


def test_reopening_clears_the_closing_and_an_open_traject_stays_open(traject, alice):
    assert traject.heropenen(alice) is False
    traject.afsluiten(alice)
    assert traject.heropenen(alice) is True
    t = opgeslagen(traject)
    assert (t.afgesloten_op, t.afgesloten_door) == (None, None)
    assert not traject.is_afgesloten


def test_the_facilitator_is_asked_to_confirm_that_the_traject_is_done(alice_client, traject):
    r = alice_client.get(afsluiten_url(traject))
    page = r.content.decode()
    assert r.status_code == 200
    assert "<h1>Traject afsluiten</h1>" in page
    assert "Het traject is klaar: het plan is uitgevoerd of geëvalueerd" in page
    assert "Er is nog geen vastgesteld plan. U kunt het traject toch afsluiten" in page
    assert "begint de bewaartermijn van 240 maanden (20 jaar)" in page


def test_the_confirmation_page_names_the_vastgesteld_plan(alice_client, vastgesteld_plan, traject):
    page = alice_client.get(afsluiten_url(traject)).content.decode()
    assert "Plan versie 1 is vastgesteld op" in page and "De evaluatie stond gepland op" in page


def test_without_the_tick_the_traject_stays_open_and_the_reason_stands_beside_the_box(alice_client, traject):
    r = alice_client.post(afsluiten_url(traject), {})
    page = r.content.decode()
    assert r.status_code == 200
    veld = page.split('class="field field-checkbox field-error"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Vink aan dat het traject klaar is. Anders blijft het open." in veld
    assert not opgeslagen(traject).is_afgesloten


def test_the_facilitator_closes_the_traject_and_sees_it_on_its_page(alice_client, alice, traject):
    r = alice_client.post(afsluiten_url(traject), {"klaar": "on"}, follow=True)
    assert r.redirect_chain[-1][0] == f"/trajecten/{traject.uuid}/"
    page = r.content.decode()
    assert "Het traject is afgesloten. Vanaf nu loopt de bewaartermijn." in page
    assert "Dit traject is afgesloten op" in page and "door Alice Jansen" in page
    assert f'action="{heropenen_url(traject)}"' in page
    assert opgeslagen(traject).afgesloten_door == alice


def test_a_closed_traject_asks_no_second_confirmation(alice_client, alice, traject):
    traject.afsluiten(alice)
    moment = opgeslagen(traject).afgesloten_op
    r = alice_client.post(afsluiten_url(traject), {"klaar": "on"}, follow=True)
    assert "Dit traject is al afgesloten." in r.content.decode()
    assert opgeslagen(traject).afgesloten_op == moment


def test_the_facilitator_opens_a_closed_traject_again(alice_client, alice, traject):
    traject.afsluiten(alice)
    r = alice_client.post(heropenen_url(traject), follow=True)
    page = r.content.decode()
    assert "Het traject is weer open." in page
    assert f'href="{afsluiten_url(traject)}"' in page
    assert not opgeslagen(traject).is_afgesloten


def test_reopening_takes_only_a_post(alice_client, alice, traject):
    traject.afsluiten(alice)
    assert alice_client.get(heropenen_url(traject)).status_code == 405
    assert opgeslagen(traject).is_afgesloten


def test_a_kadersteller_may_not_close_or_reopen(bob_client, alice, traject):
    assert bob_client.get(afsluiten_url(traject)).status_code == 403
    assert bob_client.post(afsluiten_url(traject), {"klaar": "on"}).status_code == 403
    assert not opgeslagen(traject).is_afgesloten
    traject.afsluiten(alice)
    assert bob_client.post(heropenen_url(traject)).status_code == 403
    assert opgeslagen(traject).is_afgesloten


def test_the_kadersteller_sees_that_it_is_closed_without_the_buttons(bob_client, alice, traject):
    traject.afsluiten(alice)
    page = bob_client.get(f"/trajecten/{traject.uuid}/").content.decode()
    assert "Dit traject is afgesloten op" in page
    assert heropenen_url(traject) not in page and "/inzage/" not in page


def test_another_organisation_and_a_member_without_a_role_get_404(mallory_client, erin_client, carol_client, traject):
    for c in (mallory_client, erin_client, carol_client):
        assert c.get(afsluiten_url(traject)).status_code == 404
        assert c.post(afsluiten_url(traject), {"klaar": "on"}).status_code == 404
        assert c.post(heropenen_url(traject)).status_code == 404
    assert not opgeslagen(traject).is_afgesloten


def test_anonymous_users_are_sent_to_login(client, traject):
    assert_login_redirect(client.get(afsluiten_url(traject)))
    assert_login_redirect(client.post(afsluiten_url(traject), {"klaar": "on"}))
    assert_login_redirect(client.post(heropenen_url(traject)))
    assert not opgeslagen(traject).is_afgesloten


def test_my_trajecten_marks_a_closed_traject_instead_of_its_phase(alice_client, alice, org, traject):
    open_ = Traject.objects.create(organisatie=org, label="Familie Open")
    TrajectRol.objects.create(traject=open_, user=alice, rol="facilitator")
    traject.afsluiten(alice)
    page = alice_client.get("/trajecten/").content.decode()
    rij = page.split("Familie J.", 1)[1].split("</tr>", 1)[0]
    assert "Afgesloten op" in rij and "1. Kwestie en kring" not in rij
    assert "1. Kwestie en kring" in page.split("Familie Open", 1)[1].split("</tr>", 1)[0]


def test_closed_trajecten_cost_my_trajecten_no_extra_query(alice_client, alice, org):
    for i in range(6):
        t = Traject.objects.create(organisatie=org, label=f"Familie {i}")
        TrajectRol.objects.create(traject=t, user=alice, rol="facilitator")

    def tel():
        with CaptureQueriesContext(connection) as q:
            assert alice_client.get("/trajecten/").status_code == 200
        return len(q)

    open_ = tel()
    for t in Traject.objects.all()[:3]:
        t.afsluiten(alice)
    assert tel() == open_
