"""The demo data `make run` loads: a meeting in progress a new user can explore."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import Client

from besluitvorming.models import Bijeenkomst
from kwesties.models import Traject
from links.models import PersoonlijkeLink
from voorbereiding.models import Gesprek


def test_it_loads_a_meeting_in_progress_and_can_run_again(db):
    call_command("demodata", stdout=StringIO())
    call_command("demodata", stdout=StringIO())
    j = Traject.objects.get(label="Familie J.")
    assert j.kwestie.is_vastgesteld and j.kaderset.is_vastgesteld
    assert Gesprek.objects.filter(traject=j).count() == 4
    assert Gesprek.objects.get(traject=j, aangedragen__voornaam="Kees").deelnemers.get().voornaam == "Sanne"
    assert j.informatieverzoeken.open().count() == 1
    bijeenkomst = Bijeenkomst.objects.get(traject=j)
    assert bijeenkomst.is_gepland and bijeenkomst.status == "begonnen"
    # One agreement reached in a second round after a small minority objected; a round open on the next idea.
    wissel, oma = bijeenkomst.voorstellen.all()
    assert [r.uitkomst for r in wissel.rondes.all()] == ["kleine_minderheid", "consent"]
    assert wissel.afspraak.versie.nummer == 2 and len(wissel.afspraak.aandachtspunten()) == 2
    open_ronde = bijeenkomst.open_ronde()
    assert open_ronde.voorstel == oma and open_ronde.reacties.exclude(antwoord="").count() == 3
    k = Traject.objects.get(label="Familie K.")
    assert not k.kaderset.is_vastgesteld
    b = Traject.objects.get(label="Familie B.")
    plan = b.plannen.get()
    assert plan.is_vastgesteld and plan.versie == 1 and plan.is_ongeschonden
    assert len(plan.inhoud["afspraken"]) == 2 and plan.inhoud["afspraken"][0]["aandachtspunten"]
    assert Traject.objects.count() == 3


def test_the_printed_logins_include_a_working_personal_link(db):
    call_command("demodata", stdout=StringIO())
    out = StringIO()
    call_command("demodata", "--print-logins", stdout=out)
    text = out.getvalue()
    assert "facilitator@demo.nieuweroute.nl" in text
    pad = re.search(r"http://127\.0\.0\.1:8000(/l/[^/\s]+/)", text).group(1)
    body = Client().get(pad).content.decode()
    assert "Hallo Sanne" in body and "Buurthuis De Linde" in body
    # A second start makes a fresh link; the first stops working.
    call_command("demodata", "--print-logins", stdout=StringIO())
    assert Client().get(pad).status_code == 410
    assert PersoonlijkeLink.objects.geldig().count() == 2  # Sanne's, and Lotte's in Familie B.
    assert "Persoonlijke link van Lotte" in text
