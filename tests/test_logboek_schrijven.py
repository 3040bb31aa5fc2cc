"""How the access log is written: one INSERT after the view, only for what showed or changed something.

The room's screen asks every second: "unchanged" (204) is never logged, a changed fragment is, for one query.
A change and its entry are one transaction; an entry that cannot be written means the page is not delivered.
"""

from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.http import HttpResponseRedirect
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from besluitvorming.models import Aanwezigheid, Bijeenkomst
from kwesties.models import Traject
from logboek.middleware import ToegangMiddleware
from logboek.models import Toegang
from nieuwe_route.toegang import noteer_toegang

from .conftest import client_for
from .test_console import url as console_url
from .test_flap import flap_url, html, kaart_url
from .test_storing import assert_storing_pagina, database_weg, iedereen_er

IP = "192.0.2.44"
HTMX = {"HTTP_HX_REQUEST": "true"}


def traject_url(traject):
    return reverse("traject", args=[traject.uuid])


def test_a_page_costs_one_insert_in_the_log_and_nothing_else(alice_client, traject, kring):
    with CaptureQueriesContext(connection) as queries:
        assert alice_client.get(traject_url(traject)).status_code == 200
    logboek = [q["sql"] for q in queries.captured_queries if Toegang._meta.db_table in q["sql"]]
    assert len(logboek) == 1 and logboek[0].startswith("INSERT")
    assert Toegang.objects.count() == 1


def test_the_room_screen_is_logged_only_when_it_changed(alice_client, traject, ronde, kring, alice):
    poll = kaart_url(html(alice_client.get(flap_url(traject))), traject)
    na = Toegang.objects.count()
    for _ in range(3):
        assert alice_client.get(poll, **HTMX).status_code == 204
    assert Toegang.objects.count() == na
    ronde.reageer(kring[0], "geen_bezwaar", door=alice)
    with CaptureQueriesContext(connection) as queries:
        assert alice_client.get(poll, **HTMX).status_code == 200
    regel = Toegang.objects.latest("pk")
    assert (regel.weergave, regel.actie, regel.gebruiker) == ("besluitvorming:flap_stand", "bekeken", alice)
    assert sum(Toegang._meta.db_table in q["sql"] for q in queries.captured_queries) == 1


def test_errors_redirects_after_a_get_and_pages_without_a_traject_are_not_logged(alice_client, erin_client, traject):
    assert alice_client.get(reverse("overzicht")).status_code == 200
    assert alice_client.get(reverse("account:mijn_account")).status_code == 200
    assert alice_client.get(reverse("besluitvorming:plan_pdf", args=[traject.uuid, 9])).status_code == 404
    assert alice_client.get(reverse("kaders:nieuw", args=[traject.uuid])).status_code == 403
    assert erin_client.get(traject_url(traject)).status_code == 404
    assert Client().get(traject_url(traject)).status_code == 302
    assert not Toegang.objects.exists()


def test_a_change_and_its_entry_are_saved_together(alice_client, traject):
    r = alice_client.post(reverse("kwesties:kwestie_bewerken", args=[traject.uuid]), {
        "vraag": "Wat is ervoor nodig dat Noor veilig opgroeit?", "beschrijving": "", "gezien_versie": traject.kwestie.versie}, REMOTE_ADDR=IP)
    assert r.status_code == 302
    regel = Toegang.objects.get()
    assert (regel.actie, regel.weergave, regel.methode, regel.ip) == ("gewijzigd", "kwesties:kwestie_bewerken", "POST", IP)
    assert regel.omschrijving == "Kwestie gewijzigd"


def test_a_post_that_fails_halfway_leaves_no_entry(alice, traject, bijeenkomst, kring):
    c = client_for(alice)
    c.raise_request_exception = False
    with mock.patch.object(Bijeenkomst, "tik", side_effect=RuntimeError("bug")):
        assert c.post(console_url(traject, "aanwezigheid"), iedereen_er(kring)).status_code == 500
    assert not Toegang.objects.exists()


def test_when_the_log_cannot_be_written_the_page_is_not_delivered(alice_client, traject, kring):
    with database_weg(alleen=Toegang._meta.db_table):
        r = alice_client.get(traject_url(traject))
    assert_storing_pagina(r)
    assert kring[0].voornaam not in html(r) and "Familie J." not in html(r)


def test_when_the_log_cannot_be_written_the_change_is_not_saved_either(alice_client, traject, bijeenkomst, kring):
    with database_weg(alleen=Toegang._meta.db_table):
        r = alice_client.post(console_url(traject, "aanwezigheid"), iedereen_er(kring))
    assert_storing_pagina(r)
    assert not Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst).exists()


@pytest.mark.parametrize("adres, opgeslagen", [
    ("2001:db8::7", "2001:db8::7"), ("fe80::1%eth0", "fe80::1"), ("", None), ("unix:/run/gunicorn.sock", None),
])
def test_the_address_is_stored_only_when_it_is_one(alice, traject, adres, opgeslagen):
    c = client_for(alice)
    c.get(traject_url(traject), REMOTE_ADDR=adres)
    assert Toegang.objects.get().ip == opgeslagen


def test_starting_a_traject_is_logged_on_the_new_traject(alice_client, alice, bob, org):
    r = alice_client.get(reverse("kwesties:traject_nieuw"))
    token = html(r).split('name="client_token" value="')[1].split('"')[0]
    assert not Toegang.objects.exists()
    r = alice_client.post(reverse("kwesties:traject_nieuw"), {
        "label": "Familie Z.", "organisatie": org.pk, "kadersteller": bob.pk, "client_token": token})
    assert r.status_code == 302
    regel = Toegang.objects.get()
    nieuw = alice.trajectrollen.get(traject__label="Familie Z.").traject
    assert (regel.traject_uuid, regel.organisatie_id, regel.actie) == (nieuw.uuid, org.pk, "gewijzigd")
    assert regel.omschrijving == "Traject gestart: kadersteller Bob de Vries"


# The beheerder's changes to roles and members: not logged anywhere before


def test_giving_and_taking_a_role_is_logged_on_the_traject(carol_client, carol, traject, org, erin):
    url = reverse("beheer:traject", args=[org.uuid, traject.uuid])
    assert carol_client.post(url, {"lid": str(erin.uuid), "rol": "facilitator"}, REMOTE_ADDR=IP).status_code == 302
    weg = reverse("beheer:rol_verwijderen", args=[org.uuid, traject.uuid, erin.uuid, "facilitator"])
    assert carol_client.post(weg, REMOTE_ADDR=IP).status_code == 302
    gegeven, afgenomen = Toegang.objects.order_by("pk")
    for regel in (gegeven, afgenomen):
        assert (regel.gebruiker, regel.traject_uuid, regel.organisatie_id, regel.actie, regel.ip) == (
            carol, traject.uuid, org.pk, "gewijzigd", IP)
    assert gegeven.omschrijving == "Rol gegeven: Erin Smit, facilitator"
    assert afgenomen.omschrijving == "Rol afgenomen: Erin Smit, facilitator"


def test_the_facilitator_sees_that_a_beheerder_gave_themself_a_role(carol_client, carol, alice_client, traject, org):
    carol_client.post(reverse("beheer:traject", args=[org.uuid, traject.uuid]), {"lid": str(carol.uuid), "rol": "facilitator"})
    body = html(alice_client.get(reverse("logboek:traject", args=[traject.uuid])))
    assert "Rol gegeven: Carol Bakker, facilitator" in body


def test_changes_to_members_are_logged_for_the_organisation(carol_client, carol, org, erin):
    carol_client.post(reverse("beheer:beheerder_wijzigen", args=[org.uuid, erin.uuid]), {"is_beheerder": "1"})
    carol_client.post(reverse("beheer:lid_verwijderen", args=[org.uuid, erin.uuid]))
    carol_client.post(reverse("beheer:tweestaps", args=[org.uuid]), {"tweestaps_voor_iedereen": "1"})
    assert [(r.weergave, r.omschrijving, r.traject_uuid, r.organisatie_id) for r in Toegang.objects.order_by("pk")] == [
        ("beheer:beheerder_wijzigen", "Beheerder gewijzigd: Erin Smit: nu beheerder", None, org.pk),
        ("beheer:lid_verwijderen", "Lid verwijderd: Erin Smit (erin@example.org)", None, org.pk),
        ("beheer:tweestaps", "Tweestapsverificatie gewijzigd: voor iedereen", None, org.pk),
    ]


def test_a_refused_change_to_members_is_not_logged_as_one(carol_client, carol, org):
    r = carol_client.post(reverse("beheer:beheerder_wijzigen", args=[org.uuid, carol.uuid]), {"is_beheerder": "0"})
    assert r.status_code == 302
    assert not Toegang.objects.exists()


def test_opening_beheer_pages_without_a_traject_is_not_logged(carol_client, org, erin):
    for url in (reverse("beheer:organisatie", args=[org.uuid]), reverse("beheer:drempel", args=[org.uuid]),
                reverse("beheer:lid_verwijderen", args=[org.uuid, erin.uuid])):
        assert carol_client.get(url).status_code == 200
    assert not Toegang.objects.exists()


def test_a_view_that_erases_its_traject_keeps_it_in_the_log_by_noting_it_first(rf, alice, traject, org):
    # For the erasure screen: the URL's traject is gone after the view, so the view notes it before deleting.
    url = reverse("traject", args=[traject.uuid])

    def wist(request):
        noteer_toegang(request, traject=traject, detail="traject gewist")
        Traject.objects.filter(pk=traject.pk).delete()
        return HttpResponseRedirect("/trajecten/")

    request = rf.post(url, REMOTE_ADDR=IP)
    request.user, request.resolver_match = alice, resolve(url)
    assert ToegangMiddleware(wist)(request).status_code == 302
    regel = Toegang.objects.get()
    assert (regel.traject_uuid, regel.organisatie_id, regel.actie) == (traject.uuid, org.pk, "gewijzigd")
    assert regel.omschrijving.endswith(": traject gewist")
