"""A traject with a row of every kind and a marker in every free-text field, for the export and erasure tests.

It is built through the app's own methods, as a facilitator, a kadersteller and the family would fill it,
so it holds what the app really writes. FREE_TEXT lists the fields the marker is meant to reach, found from
the models themselves: a new text field on a model under the traject that the builder does not fill makes
test_every_free_text_field_holds_the_marker fail.
"""

import datetime

from django.db import connection, models
from django.utils import timezone

from besluitvorming.models import (
    Aanwezigheid,
    Plan,
    Telefoonkoppeling,
    Voorstel,
    huidige_bijeenkomst,
)
from besluitvorming.pdf import plan_pdf_bytes
from gegevens.records import cascade_paden
from kwesties.models import Betrokkene, Traject, TrajectRol
from links.access import noteer_gebruik
from links.models import LinkGebruik, PersoonlijkeLink
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

MERK = "Qzxmerk"
ANDER_MERK = "Vwjander"
# Text fields that hold a machine value, never something a person wrote: no marker can reach them.
MACHINE = {"veld", "token_hash", "meedoen_code", "drempel", "inhoud_hash", "code", "sleutel"}


def free_text_fields():
    """(model, field name) of every field under a traject where a person's words can end up."""
    return sorted(
        (model._meta.label, f.name)
        for model in cascade_paden()
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField)) and not f.choices
        and f.name not in MACHINE
    )


def bouw_traject(org, facilitator, kadersteller, merk):
    """Every phase of one traject, with `merk` in each text; returns (traject, token of the personal link)."""
    traject = Traject.objects.create(organisatie=org, label=f"Familie {merk}", aangemaakt_door=facilitator)
    TrajectRol.objects.create(traject=traject, user=facilitator, rol="facilitator")
    TrajectRol.objects.create(traject=traject, user=kadersteller, rol="kadersteller")

    kwestie = traject.kwestie
    kwestie.wijzig(facilitator, f"Wat is ervoor nodig dat {merk} veilig opgroeit?", f"Beschrijving {merk}.")
    kwestie.vaststellen(facilitator)
    kwestie.wijzig(facilitator, f"Wat is ervoor nodig dat {merk} rustig opgroeit?", f"Nieuwe beschrijving {merk}.")

    sanne = Betrokkene.objects.create(
        traject=traject, voornaam=f"Sanne{merk}", achternaam=f"Jacobs{merk}", relatie="anders",
        relatie_anders=f"Tante {merk}", waarom=f"Waarom {merk}", email=f"{merk.lower()}@example.org",
        telefoon=f"06-{merk}", taal=f"Taal {merk}", tolk_nodig=True, toegankelijkheid=f"Rolstoel {merk}",
        naast_wie=f"Buurvrouw {merk}",
    )
    mark = Betrokkene.objects.create(traject=traject, voornaam=f"Mark{merk}", relatie="ouder")
    noor = Betrokkene.objects.create(
        traject=traject, voornaam=f"Noor{merk}", relatie="kind", is_kind=True, deelname="vertegenwoordigd",
        vertegenwoordigd_door=sanne,
    )
    mark.niet_samen_met.add(sanne)

    kaderset = traject.kaderset
    kaderset.wijzig_interventie(kadersteller, f"De rechter beslist {merk}.", f"Gezinsvoogd {merk}")
    kader = kaderset.kader_toevoegen(kadersteller, "veiligheid", f"Kader {merk}.", toelichting=f"Uitleg {merk}.")
    kaderset.vaststellen(kadersteller)
    kaderset.kader_toevoegen(kadersteller, "afspraak", f"Tweede kader {merk}.", reden=f"Reden {merk}.")
    kader.wijzig(kadersteller, "veiligheid", f"Kader {merk}, anders gezegd.", toelichting=f"Uitleg {merk}.",
                 reden=f"Wijziging {merk}.")

    gesprek = Gesprek.objects.create(
        traject=traject, vorm="in_persoon", begeleider=facilitator, notities_prive=f"PRIVE {merk}",
        notities_gedeeld=f"Gedeeld {merk}",
    )
    gesprek.deelnemers.set([sanne])
    gesprek.aangedragen.add(mark)
    InformatieVerzoek.objects.create(
        traject=traject, gesprek=gesprek, wat=f"Schoolrapport {merk}", van_wie=f"School {merk}",
        aangemaakt_door=facilitator,
    ).beantwoorden(f"Antwoord {merk}")
    Inbreng.objects.create(traject=traject, betrokkene=sanne, gesprek=gesprek, tekst=f"Idee {merk}", delen=True)

    link, token = PersoonlijkeLink.uitgeven(sanne, facilitator)
    noteer_gebruik(link, LinkGebruik.Actie.BEKEKEN, f"kwestie {merk}")

    bijeenkomst = huidige_bijeenkomst(traject)
    bijeenkomst.datum = timezone.localdate()
    bijeenkomst.begintijd, bijeenkomst.eindtijd = datetime.time(10), datetime.time(12)
    bijeenkomst.plaats, bijeenkomst.videolink = f"Buurthuis {merk}", f"https://video.example.org/{merk}"
    bijeenkomst.agenda_informatief = f"Welkom {merk}"
    bijeenkomst.agenda_besluitvormend = f"Voorstellen {merk}"
    bijeenkomst.agenda_presentatie = f"Het plan {merk}"
    bijeenkomst.afspraken = f"We laten {merk} uitpraten."
    bijeenkomst.save()
    bijeenkomst.starten(facilitator)
    Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=sanne, status="aanwezig")
    Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=mark, status="aanwezig")
    Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=noor, status="vertegenwoordigd",
                                vertegenwoordiger=sanne)
    bijeenkomst.zet_telefoons(True)
    Telefoonkoppeling.koppel(bijeenkomst, mark)

    voorstel = Voorstel.indienen(
        bijeenkomst, facilitator, f"Titel {merk}", f"Voorstel {merk}", wie=[mark], wanneer=f"Wanneer {merk}",
        hoe_weten=f"Hoe {merk}",
    )
    eerste = voorstel.open_ronde(facilitator)
    eerste.reageer(sanne, "bezwaar", reden=f"Bezwaar {merk}", wat_erbij=f"Erbij {merk}", door=facilitator)
    eerste.reageer(mark, "geen_bezwaar", door=facilitator)
    eerste.reageer(noor, "geen_bezwaar", door=facilitator)
    eerste.sluiten(facilitator)
    voorstel.nieuwe_versie(facilitator, f"Voorstel twee {merk}", aanleiding=f"Aanleiding {merk}", wie=[mark],
                           wanneer=f"Elke week {merk}", hoe_weten=f"Schrift {merk}")
    tweede = voorstel.open_ronde(facilitator)
    tweede.reageer(sanne, "zorg", aandachtspunt=f"Zorg {merk}", door=facilitator)
    tweede.reageer(mark, "geen_bezwaar", door=facilitator)
    tweede.reageer(noor, "geen_bezwaar", door=facilitator)
    assert tweede.sluiten(facilitator) == "consent"

    plan = Plan.voor(bijeenkomst)
    plan.evaluatie_op = timezone.localdate() + datetime.timedelta(days=42)
    plan.wie_houdt_oog, plan.als_niet_nagekomen = f"Oog {merk}", f"Dan bellen we {merk}."
    plan.save(update_fields=["evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen"])
    kaders = list(kaderset.kaders.geldig())
    plan.kaders_toetsen(kadersteller, [(k, False, f"Voldoet niet {merk}") for k in kaders])
    plan.kaders_toetsen(kadersteller, [(k, True, f"Voldoet {merk}") for k in kaders])
    plan.vaststellen(facilitator)
    plan_pdf_bytes(Plan.objects.get(pk=plan.pk), basis_url="http://testserver/controle/")
    traject.afsluiten(facilitator)
    return traject, token


def rows_with(tekst):
    """{table: number of rows} where any column, read as text, holds `tekst` (any case): every table there is."""
    gevonden = {}
    zoek = tekst.casefold()
    with connection.cursor() as cursor:
        for tabel in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(tabel)}")
            n = sum(1 for rij in cursor.fetchall() if any(zoek in _als_tekst(w).casefold() for w in rij))
            if n:
                gevonden[tabel] = n
    return gevonden


def _als_tekst(waarde):
    if isinstance(waarde, (bytes, bytearray, memoryview)):
        return bytes(waarde).decode("latin-1")
    return "" if waarde is None else str(waarde)
