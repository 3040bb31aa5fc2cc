"""Answers arriving at the same moment, from the facilitator's console and from phones: nothing lost, nothing mixed.

Real threads with their own database connections, so this runs on PostgreSQL only (SQLite serialises writers).
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluitvorming.models import Aanwezigheid, Reactie, Telefoonkoppeling
from kwesties.models import Betrokkene
from links.models import PersoonlijkeLink

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions (PostgreSQL)"),
    pytest.mark.django_db(transaction=True),
]

HERHALINGEN = 15


def tegelijk(*taken):
    """Run each task in its own thread, all released at once; returns their results (or raised exceptions)."""
    barrier = threading.Barrier(len(taken))
    uitkomsten = [None] * len(taken)

    def draai(i, taak):
        try:
            barrier.wait(timeout=10)
            uitkomsten[i] = taak()
        except Exception as fout:  # noqa: BLE001 - reported by the test below
            uitkomsten[i] = fout
        finally:
            connection.close()

    threads = [threading.Thread(target=draai, args=(i, t)) for i, t in enumerate(taken)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return uitkomsten


def test_the_console_and_a_phone_answering_for_the_same_person_leave_one_complete_answer(
    traject, ronde, kring, alice, lopende_bijeenkomst
):
    lopende_bijeenkomst.zet_telefoons(True)
    sanne = kring[0]
    _link, token = PersoonlijkeLink.uitgeven(sanne, alice)
    begeleider = Client()
    begeleider.force_login(alice)
    telefoon = Client()
    reactie_url = reverse("besluitvorming:reactie", args=[traject.uuid, ronde.uuid, sanne.uuid])
    antwoord_url = reverse("link:antwoord", args=[token])
    telefoon.get(antwoord_url)
    gewonnen = set()

    for i in range(HERHALINGEN):
        ronde.wis(sanne)
        versie = Reactie.objects.get(ronde=ronde, betrokkene=sanne).versie
        console = {"antwoord": "zorg", "aandachtspunt": f"Console {i}"}
        if i % 2:
            console["versie"] = str(versie)  # the form as shown on the empty answer; else a plain correction
        vanaf_telefoon = {
            "ronde": str(ronde.uuid), "voor": str(sanne.uuid), "antwoord": "bezwaar",
            "reden": f"Telefoon {i}", "wat_erbij": f"Erbij {i}",
        }
        uitkomsten = tegelijk(
            lambda: begeleider.post(reactie_url, console).status_code,
            lambda: telefoon.post(antwoord_url, vanaf_telefoon).status_code,
        )
        assert all(isinstance(s, int) and s in (200, 302) for s in uitkomsten), uitkomsten

        rijen = list(Reactie.objects.filter(ronde=ronde, betrokkene=sanne))
        assert len(rijen) == 1
        rij = rijen[0]
        if rij.antwoord == "zorg":
            assert (rij.aandachtspunt, rij.reden, rij.wat_erbij) == (f"Console {i}", "", "")
            assert rij.bron == "begeleider" and rij.door_id == alice.pk
        else:
            assert rij.antwoord == "bezwaar"
            assert (rij.aandachtspunt, rij.reden, rij.wat_erbij) == ("", f"Telefoon {i}", f"Erbij {i}")
            assert rij.bron == "telefoon" and rij.door_id is None
        gewonnen.add(rij.bron)
    # Not a requirement of the race, but a sign the threads really overlapped: report it when it fails.
    print("won by:", gewonnen)


def test_five_phones_joining_and_answering_at_once_are_all_recorded(traject, kring, alice, lopende_bijeenkomst, voorstel):
    kees = Betrokkene.objects.create(traject=traject, voornaam="Kees", relatie="familie")
    Aanwezigheid.objects.create(bijeenkomst=lopende_bijeenkomst, betrokkene=kees, status="aanwezig")
    lopende_bijeenkomst.zet_telefoons(True)
    ronde = voorstel.open_ronde(alice)
    code = lopende_bijeenkomst.meedoen_code
    mensen = [kring[0], kring[1], kring[2], kring[4], kees]
    telefoons = [Client() for _ in mensen]
    meedoen_url = reverse("link:meedoen", args=[code])
    antwoord_url = reverse("link:meedoen_antwoord", args=[code])
    for t in telefoons:
        t.get(meedoen_url)

    def kiezen(t, b):
        return lambda: t.post(meedoen_url, {"wie": str(b.uuid)}).status_code

    assert tegelijk(*[kiezen(t, b) for t, b in zip(telefoons, mensen, strict=True)]) == [302] * 5

    def antwoorden(t, b, i):
        data = {"ronde": str(ronde.uuid), "voor": str(b.uuid), "antwoord": "zorg", "aandachtspunt": f"Zorg {i}"}
        return lambda: t.post(antwoord_url, data).status_code

    for i in range(5):
        for b in mensen:
            ronde.wis(b)
        uitkomsten = tegelijk(*[antwoorden(t, b, i) for t, b in zip(telefoons, mensen, strict=True)])
        assert uitkomsten == [302] * 5, uitkomsten
        rijen = {r.betrokkene_id: r for r in Reactie.objects.filter(ronde=ronde)}
        for b in mensen:
            assert rijen[b.pk].antwoord == "zorg" and rijen[b.pk].aandachtspunt == f"Zorg {i}", b.voornaam
            assert rijen[b.pk].bron == "telefoon"
        assert Reactie.objects.filter(ronde=ronde).count() == 6  # and Noor's, still open for Ria


def test_two_phones_choosing_the_same_name_at_once_link_only_one(kring, lopende_bijeenkomst):
    lopende_bijeenkomst.zet_telefoons(True)
    code = lopende_bijeenkomst.meedoen_code
    meedoen_url = reverse("link:meedoen", args=[code])
    for poging in range(5):
        telefoons = [Client() for _ in range(4)]
        for t in telefoons:
            t.get(meedoen_url)
        uitkomsten = tegelijk(*[lambda t=t: t.post(meedoen_url, {"wie": str(kring[0].uuid)}) for t in telefoons])
        assert sorted(r.status_code for r in uitkomsten) == [200, 200, 200, 302]
        assert sum("Deze naam is al gekozen" in r.content.decode() for r in uitkomsten) == 3
        actief = Telefoonkoppeling.objects.filter(bijeenkomst=lopende_bijeenkomst, losgekoppeld_op__isnull=True)
        assert actief.count() == 1
        actief.update(losgekoppeld_op=timezone.now())
