"""manage.py benchdata: the data `make bench` measures on, here at a tiny scale, checked the way the app reads it."""

import json
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from besluitvorming import consent, planinhoud
from besluitvorming.models import Bijeenkomst, ConsentRonde, Plan, Reactie, Voorstel, stemgerechtigden
from kaders.models import Kader
from kwesties.models import Betrokkene, Traject, TrajectRol
from organisaties.models import Lidmaatschap, Organisatie, User

KLEIN = [
    "--organisaties=3", "--trajecten=30", "--betrokkenen=300", "--bijeenkomsten=6", "--live=2",
    "--groot-voorstellen=3", "--groot-rondes=2",
]


@pytest.fixture
def seed(db, tmp_path):
    uit = tmp_path / "seed.json"
    out = StringIO()
    call_command("benchdata", *KLEIN, f"--uit={uit}", stdout=out)
    data = json.loads(uit.read_text())
    data["stdout"] = out.getvalue()
    return data


def login(seed, email):
    """A client logged in through the login form, with the one password every bench user has."""
    client = Client()
    response = client.post(reverse("login"), {"username": email, "password": seed["wachtwoord"]})
    assert response.status_code == 302, email
    return client


def traject_links(response):
    return set(re.findall(r'href="/trajecten/([0-9a-f-]{36})/"', response.content.decode()))


def test_it_seeds_the_numbers_asked_and_reports_counts_and_seconds(seed):
    assert Organisatie.objects.count() == 3
    assert Traject.objects.count() == 30
    assert Betrokkene.objects.count() == 300
    per_status = Counter(Bijeenkomst.objects.values_list("status", flat=True))
    # 6 ordinary meetings (most finished, one planned), the big one twice, 2 live ones.
    assert per_status == {"afgerond": 5 + 1, "gepland": 1, "begonnen": 1 + 2}
    assert seed["aantallen"]["Traject"] == 30 and seed["aantallen"]["Bijeenkomst"] == 10
    assert seed["aantallen"]["Reactie"] == Reactie.objects.count() > 0
    stappen = {"organisaties", "trajecten", "betrokkenen", "bijeenkomsten", "groot", "live", "totaal"}
    assert set(seed["seconden"]) >= stappen
    assert "totaal" in seed["stdout"]


def test_every_traject_has_what_the_app_gives_a_traject(seed):
    trajecten = Traject.objects.select_related("kwestie", "kaderset").prefetch_related("rollen__user", "betrokkenen")
    leden = {(lid.user_id, lid.organisatie_id) for lid in Lidmaatschap.objects.all()}
    for t in trajecten:
        assert t.kwestie.is_vastgesteld and t.kwestie.vraag.startswith("Wat is ervoor nodig dat ")
        assert Kader.objects.geldig().filter(kaderset=t.kaderset).count() == 3
        rollen = {r.rol for r in t.rollen.all()}
        assert rollen == {TrajectRol.Rol.FACILITATOR, TrajectRol.Rol.KADERSTELLER}
        assert all((r.user_id, t.organisatie_id) in leden for r in t.rollen.all())
        assert [b.is_kind for b in t.betrokkenen.all()].count(True) == 1
        if t.bijeenkomsten.exists():
            assert t.kaderset.is_vastgesteld


def test_every_closed_round_has_the_outcome_of_its_answers_and_everyone_who_could_answer(seed):
    rondes = ConsentRonde.objects.filter(gesloten_op__isnull=False).select_related("bijeenkomst__traject__organisatie")
    assert rondes.count() > 10
    uitkomsten = Counter()
    for ronde in rondes.prefetch_related("reacties"):
        antwoorden = [r.antwoord for r in ronde.reacties.all()]
        assert ronde.uitkomst == consent.uitkomst(antwoorden, ronde.drempel)
        assert ronde.drempel == ronde.bijeenkomst.traject.organisatie.splitsingsdrempel
        assert {r.betrokkene_id for r in ronde.reacties.all()} == {
            b.id for b, _namens in stemgerechtigden(ronde.bijeenkomst)
        }
        uitkomsten[ronde.uitkomst] += 1
    assert uitkomsten[consent.CONSENT] and uitkomsten[consent.CONSENT] < sum(uitkomsten.values())


def test_the_vastgesteld_plans_are_untouched_and_hold_what_the_engine_would_freeze(seed):
    plannen = Plan.objects.filter(status=Plan.Status.VASTGESTELD).select_related("bijeenkomst__traject")
    assert plannen.count() == 5 + 1
    for plan in plannen:
        assert plan.is_ongeschonden
        assert plan.code == planinhoud.code_van(plan.inhoud_hash)
        assert plan.inhoud == planinhoud.inhoud(plan)
        assert plan.toets_status()[0] == "voldoet"
        assert plan.afspraken.count() == plan.bijeenkomst.voorstellen.count() == len(plan.inhoud["afspraken"])
        assert plan.bijeenkomst.status == Bijeenkomst.Status.AFGEROND


def test_the_lijst_user_sees_their_trajecten_and_finds_the_zoekterm(seed):
    user = User.objects.get(email=seed["lijst"]["login"])
    eigen = Traject.objects.voor_gebruiker(user)
    assert eigen.count() == seed["lijst"]["trajecten"] == 3  # a tenth of 30; 100 from 1,000 trajecten up
    assert {t.organisatie for t in eigen} == set(user.organisaties.all()) == {Organisatie.objects.order_by("pk")[0]}
    client = login(seed, seed["lijst"]["login"])
    response = client.get(reverse("overzicht"))
    assert response.status_code == 200
    assert traject_links(response) == {str(t.uuid) for t in eigen}
    gevonden = client.get(reverse("overzicht"), {"q": seed["zoekterm"]})
    treffers = {str(t.uuid) for t in eigen if seed["zoekterm"].lower() in t.label.lower()}
    assert traject_links(gevonden) == treffers and len(treffers) == seed["zoekterm_treffers"] >= 1


def test_the_big_meeting_is_built_twice_live_and_vastgesteld(seed):
    groot, live = seed["groot"], seed["groot_live"]
    assert groot["facilitator"] == live["facilitator"] == "bench-groot@bench.nieuweroute.nl"
    client = login(seed, groot["facilitator"])

    console = client.get(reverse("besluitvorming:console", args=[live["traject"]]))
    assert console.status_code == 200
    bezig = Plan.objects.get(traject__uuid=live["traject"])
    assert not bezig.is_vastgesteld and bezig.bijeenkomst.status == Bijeenkomst.Status.BEGONNEN
    assert bezig.afspraken.count() == 3 and bezig.toets_status()[0] == "voldoet"

    plan = Plan.objects.get(traject__uuid=groot["traject"], versie=groot["plan_versie"])
    assert plan.is_vastgesteld and plan.is_ongeschonden
    # 15 people answer every round (the child through grandma); every proposal: no consent, a new version, consent.
    assert plan.deelnemers.count() == 15
    for voorstel in Voorstel.objects.filter(bijeenkomst__traject__uuid=groot["traject"]):
        assert [r.uitkomst != consent.CONSENT for r in voorstel.rondes.all()] == [True, False]
        assert voorstel.versies.count() == 2 and voorstel.afspraak.versie.nummer == 2
        assert all(r.reacties.count() == 15 for r in voorstel.rondes.all())
    assert all(a["wanneer"] and a["hoe_weten"] and a["wie"] for a in plan.inhoud["afspraken"])
    assert plan.inhoud["vervolg"]["evaluatie_op"]

    pdf = client.get(reverse("besluitvorming:plan_pdf", args=[groot["traject"], groot["plan_versie"]]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")

    pagina = Client().get(reverse("link:pagina", args=[groot["link_token"]]))
    assert pagina.status_code == 200 and "Hallo Sanne" in pagina.content.decode()


def test_the_live_meetings_are_under_way_with_phones_and_a_link_for_everyone(seed):
    assert len(seed["live"]) == 2
    for nummer, m in enumerate(seed["live"], start=1):
        assert m["facilitator"] == f"bench-live-{nummer:02d}@bench.nieuweroute.nl"
        bijeenkomst = Bijeenkomst.objects.get(uuid=m["bijeenkomst"], traject__uuid=m["traject"])
        assert bijeenkomst.status == Bijeenkomst.Status.BEGONNEN and bijeenkomst.telefoons
        assert bijeenkomst.traject.organisatie == Organisatie.objects.order_by("pk")[0]
        assert bijeenkomst.traject.kaderset.is_vastgesteld
        assert len(m["betrokkenen"]) == len(m["tokens"]) == 12
        assert sorted(str(b.uuid) for b, namens in stemgerechtigden(bijeenkomst) if namens is None) == sorted(
            m["betrokkenen"]
        )
        voorstel = Voorstel.objects.get(uuid=m["voorstel"], bijeenkomst=bijeenkomst)
        assert not voorstel.rondes.exists() and bijeenkomst.open_ronde() is None
        for token in m["tokens"]:
            assert Client().get(reverse("link:pagina", args=[token])).status_code == 200
        client = login(seed, m["facilitator"])
        assert client.get(reverse("besluitvorming:console", args=[m["traject"]])).status_code == 200


def test_it_refuses_a_database_that_already_has_trajecten(seed, tmp_path):
    with pytest.raises(CommandError, match="already has trajecten"):
        call_command("benchdata", *KLEIN, f"--uit={tmp_path / 'nog.json'}", stdout=StringIO())
    assert Traject.objects.count() == 30


def test_it_refuses_numbers_that_do_not_fit(db, tmp_path):
    with pytest.raises(CommandError, match="--betrokkenen"):
        call_command(
            "benchdata", "--organisaties=1", "--trajecten=20", "--betrokkenen=50", "--bijeenkomsten=2", "--live=1",
            f"--uit={tmp_path / 'x.json'}", stdout=StringIO(),
        )
    assert not Traject.objects.exists()


def test_the_lijst_user_has_the_same_caseload_at_both_scales_the_bench_compares():
    from nieuwe_route.benchdata import lijst_aantal

    assert lijst_aantal(1_000) == lijst_aantal(100_000) == 100
