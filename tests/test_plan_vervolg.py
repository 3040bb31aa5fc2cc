"""The vervolgafspraken: when the circle looks again, who keeps an eye, what if an agreement is not kept."""

import datetime

import pytest
from django.utils import timezone

from besluitvorming.models import Bijeenkomst, Plan

from .conftest import assert_login_redirect
from .test_plan import html, plan, plan_url, toets  # noqa: F401 (plan is a fixture)


@pytest.fixture
def url(traject):
    return plan_url(traject, "vervolg")


def over(dagen):
    return (timezone.localdate() + datetime.timedelta(days=dagen)).isoformat()


def data(plan, **velden):
    plan.refresh_from_db()
    d = {"evaluatie_op": over(42), "wie_houdt_oog": "Ria (oma)", "als_niet_nagekomen": "We bellen Bob.",
         "gezien_versie": plan.bewerkversie}
    d.update(velden)
    return d


def test_the_form_offers_a_first_text_tied_to_who_steps_in(alice_client, url, plan):
    r = alice_client.get(url)
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Vervolgafspraken</h1>" in page
    assert "Als een afspraak niet lukt, bespreken we dat samen. Is het niet veilig, dan grijpt Bob de Vries, gezinsvoogd in: " \
           "De rechter beslist over een uithuisplaatsing." in page
    assert 'type="date"' in page and f'name="gezien_versie" value="{plan.bewerkversie}"' in page
    assert "Wanneer kijken we samen hoe het gaat?" in page and "Wie houdt een oogje in het zeil?" in page
    for veld in ("evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen"):
        assert f'<label for="id_{veld}">' in page
    assert 'aria-current="page">Plan</a>' in page


def test_the_first_text_names_who_keeps_an_eye_when_known(alice_client, url, plan):
    Plan.objects.filter(pk=plan.pk).update(wie_houdt_oog="Ria")
    assert "Als een afspraak niet lukt, bespreken we dat met Ria." in html(alice_client.get(url))


def test_a_written_text_is_not_replaced_by_the_first_text(alice_client, url, plan):
    Plan.objects.filter(pk=plan.pk).update(als_niet_nagekomen="Eigen tekst.")
    page = html(alice_client.get(url))
    assert "Eigen tekst." in page and "bespreken we dat samen" not in page


def test_the_facilitator_saves_the_vervolgafspraken(alice_client, traject, url, plan):
    stand = Bijeenkomst.objects.get(pk=plan.bijeenkomst_id).stand
    versie = plan.bewerkversie
    r = alice_client.post(url, data(plan), follow=True)
    assert r.redirect_chain[-1][0] == plan_url(traject)
    page = html(r)
    assert "De vervolgafspraken zijn opgeslagen." in page and "verleden" not in page
    plan.refresh_from_db()
    assert plan.evaluatie_op == timezone.localdate() + datetime.timedelta(days=42)
    assert (plan.wie_houdt_oog, plan.als_niet_nagekomen) == ("Ria (oma)", "We bellen Bob.")
    assert plan.bewerkversie == versie + 1
    assert Bijeenkomst.objects.get(pk=plan.bijeenkomst_id).stand == stand + 1  # the room screen sees it
    assert "Ria (oma)" in page and "We bellen Bob." in page


def test_saving_the_vervolgafspraken_does_not_outdate_the_kadertoets(alice_client, traject, url, plan, bob):
    toets(plan, bob)
    alice_client.post(url, data(plan))
    assert Plan.objects.get(pk=plan.pk).toets_status()[0] == "voldoet"


def test_a_date_in_the_past_is_saved_with_a_warning(alice_client, url, plan):
    r = alice_client.post(url, data(plan, evaluatie_op=over(-3)), follow=True)
    assert "De vervolgafspraken zijn opgeslagen." in html(r)
    assert "Let op: de datum om samen te kijken ligt in het verleden. Klopt dat?" in html(r)
    assert Plan.objects.get(pk=plan.pk).evaluatie_op == timezone.localdate() - datetime.timedelta(days=3)


def test_everything_may_stay_empty(alice_client, url, plan):
    r = alice_client.post(url, data(plan, evaluatie_op="", wie_houdt_oog="", als_niet_nagekomen=""))
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.evaluatie_op is None and plan.wie_houdt_oog == "" and plan.als_niet_nagekomen == ""


def assert_niets_opgeslagen(plan):
    voor = plan.bewerkversie
    plan.refresh_from_db()
    assert plan.evaluatie_op is None and plan.wie_houdt_oog == "" and plan.bewerkversie == voor


@pytest.mark.parametrize(
    "velden, fout",
    [
        ({"evaluatie_op": "31-02-2026"}, "Vul een geldige datum in, bijvoorbeeld 14-03-2026."),
        ({"evaluatie_op": "morgen"}, "Vul een geldige datum in, bijvoorbeeld 14-03-2026."),
        ({"evaluatie_op": "99999-01-01"}, "Vul een geldige datum in, bijvoorbeeld 14-03-2026."),
        ({"wie_houdt_oog": "x" * 301}, "niet meer dan 300 tekens"),
        ({"als_niet_nagekomen": "x" * 2001}, "niet meer dan 2000 tekens"),
        ({"wie_houdt_oog": "Ria\x00"}, "Null-tekens zijn niet toegestaan."),
    ],
)
def test_bad_input_is_refused_in_dutch_with_the_input_kept(alice_client, url, plan, velden, fout):
    plan.refresh_from_db()
    r = alice_client.post(url, data(plan, **{"als_niet_nagekomen": "Mijn tekst", **velden}))
    page = html(r)
    assert r.status_code == 200
    assert fout in page and "Niet alles is goed ingevuld." in page
    assert "Mijn tekst" in page or "als_niet_nagekomen" in velden
    assert_niets_opgeslagen(plan)


def test_a_change_by_someone_else_is_not_overwritten(alice_client, url, plan):
    mijn = data(plan, wie_houdt_oog="Sanne")
    Plan.objects.filter(pk=plan.pk).update(wie_houdt_oog="Fatima", bewerkversie=plan.bewerkversie + 1)
    r = alice_client.post(url, mijn)
    page = html(r)
    assert r.status_code == 200
    assert "Iemand anders heeft dit intussen veranderd." in page
    assert 'value="Sanne"' in page and "Fatima" in page
    assert Plan.objects.get(pk=plan.pk).wie_houdt_oog == "Fatima"


def test_a_vastgesteld_plan_refuses_a_change(alice_client, traject, url, plan, bob, alice):
    mijn = data(plan, wie_houdt_oog="Te laat")
    toets(plan, bob)
    plan.vaststellen(alice)
    for r in (alice_client.post(url, mijn, follow=True), alice_client.get(url, follow=True)):
        assert r.redirect_chain[-1][0] == plan_url(traject)
        assert "Het plan is vastgesteld en verandert niet meer." in html(r)
    assert Plan.objects.get(pk=plan.pk).wie_houdt_oog == ""


def test_html_is_escaped(alice_client, traject, url, plan):
    alice_client.post(url, data(plan, wie_houdt_oog="<b>Ria</b>", als_niet_nagekomen="<script>x</script>"))
    page = html(alice_client.get(plan_url(traject)))
    assert "<b>Ria" not in page and "<script>x" not in page and "&lt;b&gt;Ria&lt;/b&gt;" in page


def test_garbage_never_gives_a_500(alice_client, url, plan):
    for d in ({}, {"gezien_versie": "abc", "evaluatie_op": "\x00"}, {"evaluatie_op": ["1", "2"], "gezien_versie": "9" * 40}):
        assert alice_client.post(url, d).status_code == 200


def test_the_kadersteller_gets_403(bob_client, url, plan):
    assert bob_client.get(url).status_code == 403
    assert bob_client.post(url, data(plan)).status_code == 403


def test_another_organisation_gets_404(mallory_client, mallory_traject, url, plan):
    assert mallory_client.get(url).status_code == 404
    assert mallory_client.post(url, data(plan)).status_code == 404


def test_anonymous_users_are_sent_to_login(client, url, plan):
    assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(url, {}))
