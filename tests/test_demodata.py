"""The demo data `make run` loads: a traject in the preparation phase a new user can explore."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import Client

from besluitvorming.models import Bijeenkomst
from kwesties.models import Traject
from links.models import PersoonlijkeLink
from voorbereiding.models import Gesprek


def test_it_loads_a_traject_in_the_preparation_phase_and_can_run_again(db):
    call_command("demodata", stdout=StringIO())
    call_command("demodata", stdout=StringIO())
    j = Traject.objects.get(label="Familie J.")
    assert j.kwestie.is_vastgesteld and j.kaderset.is_vastgesteld
    assert Gesprek.objects.filter(traject=j).count() == 4
    assert Gesprek.objects.get(traject=j, aangedragen__voornaam="Kees").deelnemers.get().voornaam == "Sanne"
    assert j.informatieverzoeken.open().count() == 1
    assert Bijeenkomst.objects.get(traject=j).is_gepland
    k = Traject.objects.get(label="Familie K.")
    assert not k.kaderset.is_vastgesteld
    assert Traject.objects.count() == 2


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
    assert PersoonlijkeLink.objects.geldig().count() == 1
