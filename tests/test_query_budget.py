"""Every page answers in a fixed number of queries, under the budget, however large the traject grows.

Each page is opened in two worlds built the same way through the engine's own methods: a small one (the
conftest's Familie J.: five people, two proposals, one plan before the revision under way) and a large one
(15 people with links and conversations, 20 proposals with several versions and 3-8 rounds each answered by
everyone, 12 agreements, 11 kaders, three vastgestelde plannen, 60 trajecten). A page takes the same path in
both, so a different number of queries is an N+1. A new page must be walked here or left out with a reason,
or test_every_page_is_walked fails.
"""

import datetime
import io
import json
import random
import tracemalloc
import zipfile
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from besluitvorming.models import Aanwezigheid, Bijeenkomst, Plan, Telefoonkoppeling, Voorstel, huidige_bijeenkomst
from gegevens.wissen import wis_traject
from kaders.models import Kader
from kwesties.models import Betrokkene, Traject, TrajectRol
from links.access import noteer_gebruik
from links.models import LinkGebruik, PersoonlijkeLink
from links.telefoon_views import COOKIE
from logboek.models import Toegang
from logboek.omschrijvingen import OMSCHRIJVINGEN, SCHEIDING
from organisaties.models import Lidmaatschap, Organisatie, User
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

from .test_every_url import ALL, BEHEERDER, url_for

BUDGET = 25

# URL names that are not pages: they take only a POST (test_what_is_left_out_takes_no_get holds them to it).
ALLEEN_POST = {
    "logout", "beheer:beheerder_wijzigen", "beheer:rol_verwijderen", "besluitvorming:starten",
    "besluitvorming:herzien", "besluitvorming:deel", "besluitvorming:voorstel_intrekken", "besluitvorming:ronde_openen",
    "besluitvorming:reactie", "besluitvorming:reactie_wissen", "besluitvorming:ronde_onthullen",
    "besluitvorming:ronde_sluiten", "besluitvorming:ronde_afbreken", "besluitvorming:telefoons",
    "besluitvorming:loskoppelen", "besluitvorming:vaststellen", "kaders:vaststellen", "kaders:terugzetten",
    "kwesties:kwestie_vaststellen", "kwesties:schrijfhulp", "kwesties:betrokkene_verwijderen",
    "kwesties:betrokkene_terugzetten", "links:uitgeven", "links:intrekken", "voorbereiding:persoon_toevoegen",
    "voorbereiding:informatie_vragen", "voorbereiding:behoefte", "voorbereiding:idee",
    "voorbereiding:gesprek_verwijderen", "voorbereiding:gesprek_terugzetten", "voorbereiding:verzoek_heropenen",
    "voorbereiding:inbreng_verwijderen", "voorbereiding:inbreng_terugzetten", "beheer:tweestaps",
    "account:nieuwe_herstelcodes", "account:uitzetten", "gegevens:heropenen",
}
# Django's set_language takes the choice as a POST; a GET only redirects back.
# The export for an inzageverzoek is a download, not a page: it reads each kind of record once and each plan's
# PDF, so it is measured on its own below (test_the_export_reads_each_kind_of_record_once).
NIET_GELOPEN = ALLEEN_POST | {"set_language", "gegevens:export"}

# Pages that answer a GET with a redirect on purpose, and where to.
REDIRECTS = {
    "home": "/trajecten/",
    # The login's second step, without a password given first; the recovery codes, once shown.
    "login_code": "/inloggen/",
    "account:herstelcodes": "/account/",
}

# Who opens a page; everything else is opened by the facilitator (alice).
KADERSTELLER = {"kaders:overzicht", "kaders:nieuw", "kaders:bewerken", "kaders:verwijderen", "kaders:interventie",
                "besluitvorming:toets"}
ANONIEM = {"login", "login_code", "gezond", "controle"}
# The family's pages: opened with Sanne's token, or with the code and phone of the QR code on the flap.
MET_TOKEN = {"link:pagina", "link:agenda", "link:antwoord", "link:plan_pdf", "link:evaluatie"}
MET_CODE = {"link:meedoen", "link:meedoen_antwoord"}

# A page in a second state, as "<url name>@<state>": the main traject has a vastgesteld plan under revision,
# the second (Familie K.) is still preparing its meeting.
VARIANTEN = {
    "link:pagina@voor het plan": {"traject": "voor"},
    "besluitvorming:bijeenkomst@gepland": {"traject": "voor"},
    "overzicht@zoeken": {"query": "?q=familie"},
}


@dataclass
class Grootte:
    extra_mensen: int  # beyond the five of the conftest kring
    extra_kaders: int  # beyond the conftest's veiligheid kader
    plannen: int  # vastgestelde plannen before the revision under way
    afspraken: int  # agreements in each plan
    nieuwe_voorstellen: int  # proposals of the meeting under way beyond the agreements brought back
    rondes: tuple  # (fewest, most) rounds per proposal in the meeting under way
    trajecten: int  # other trajecten of the facilitator, for the overview
    gewist: int  # trajecten erased before
    leden: int  # other members of the organisation, each with a role somewhere
    organisaties: int  # organisations the beheerder looks after
    logboek: int  # entries in the access log, most of them on the main traject


KLEIN = Grootte(extra_mensen=0, extra_kaders=0, plannen=1, afspraken=1, nieuwe_voorstellen=1, rondes=(1, 1),
                trajecten=4, gewist=1, leden=1, organisaties=2, logboek=30)
GROOT = Grootte(extra_mensen=10, extra_kaders=9, plannen=3, afspraken=12, nieuwe_voorstellen=8, rondes=(3, 8),
                trajecten=60, gewist=12, leden=20, organisaties=5, logboek=600)


def _lid(email, naam, org, beheerder=False):
    # No password: the clients log in with force_login, and hashing would only slow the build down.
    user = User.objects.create_user(email=email, password=None, naam=naam)
    Lidmaatschap.objects.create(user=user, organisatie=org, is_beheerder=beheerder)
    return user


def _kring(traject, extra, rng):
    """The conftest kring (Sanne, Mark, Ria, Noor through Ria, Fatima), then `extra` more people of every kind."""
    def lid(**kw):
        return Betrokkene.objects.create(traject=traject, **kw)

    sanne = lid(voornaam="Sanne", achternaam="Jacobs", relatie="ouder")
    mark = lid(voornaam="Mark", achternaam="Jacobs", relatie="ouder")
    ria = lid(voornaam="Ria", relatie="grootouder")
    noor = lid(voornaam="Noor", relatie="kind", is_kind=True, deelname="vertegenwoordigd", vertegenwoordigd_door=ria)
    fatima = lid(voornaam="Fatima", achternaam="El Idrissi", relatie="leerkracht")
    kring = [sanne, mark, ria, noor, fatima]
    mark.niet_samen_met.add(sanne)
    relaties = ["broer_zus", "familie", "nieuwe_partner", "vriend", "buur", "sportcoach", "hulpverlener", "anders"]
    for i in range(extra):
        if i % 5 == 4:
            kind = lid(voornaam=f"Kind {i}", relatie="kind", is_kind=True, deelname="vertegenwoordigd",
                       vertegenwoordigd_door=rng.choice(kring[:3]))
            kring.append(kind)
            continue
        b = lid(voornaam=f"Persoon {i}", achternaam="Groot", relatie=relaties[i % len(relaties)],
                relatie_anders="buurvrouw" if i % len(relaties) == 7 else "", waarom="Ik wil helpen.",
                taal="Turks" if i % 3 == 0 else "", tolk_nodig=i % 3 == 0, naast_wie="Een vriend" if i % 4 == 0 else "",
                verborgen_voor_anderen=i == 1, toegankelijkheid="Rolstoel" if i == 2 else "")
        b.niet_samen_met.add(*rng.sample(kring, 2))
        kring.append(b)
    return kring


def _kaders(traject, bob, extra):
    """The conftest's kaders_vastgesteld, `extra` more, then one change after vaststelling (a new version)."""
    ks = traject.kaderset
    ks.kader_toevoegen(bob, "veiligheid", "Noor en Daan slapen elke nacht op een vaste, veilige plek.")
    ks.wijzig_interventie(bob, "De rechter beslist over een uithuisplaatsing.", "Bob de Vries, gezinsvoogd")
    soorten = [s for s, _label in Kader.Soort.choices]
    for i in range(extra):
        ks.kader_toevoegen(bob, soorten[i % len(soorten)], f"Kader {i}: een grens die blijft staan.",
                           toelichting="Uit de uitspraak van de rechter." if i % 2 else "")
    weg = ks.kader_toevoegen(bob, "anders", "Een kader dat weer vervalt.")
    weg.verwijder(bob)
    ks.vaststellen(bob)
    ks.kader_toevoegen(bob, "afspraak", "De school weet wie de kinderen ophaalt.", reden="Gevraagd door school.")
    return ks


def _voorbereiding(traject, alice, kring, groot):
    """The conftest's conversation with Sanne, an information request and an idea; with `groot`, one per person."""
    vandaag = timezone.localdate()
    eerste = Gesprek.objects.create(
        traject=traject, vorm="in_persoon", begeleider=alice, datum=vandaag - datetime.timedelta(days=20),
        notities_prive="PRIVE: Sanne vertelde over de ruzie met Mark in mei.",
        notities_gedeeld="Sanne wil dat Noor op dezelfde school blijft.",
    )
    eerste.deelnemers.set([kring[0]])
    eerste.aangedragen.add(kring[-1])
    gesprekken = [eerste]
    for i, b in enumerate(kring[1:] if groot else []):
        g = Gesprek.objects.create(
            traject=traject, vorm=["telefoon", "video", "in_persoon"][i % 3], begeleider=alice,
            datum=vandaag - datetime.timedelta(days=19 - i), notities_prive="Prive.", notities_gedeeld=f"Gedeeld {i}.",
        )
        g.deelnemers.set([b, kring[0]] if i % 4 == 0 else [b])
        gesprekken.append(g)
    verzoek = InformatieVerzoek.objects.create(traject=traject, gesprek=eerste, wat="Schoolrapport", van_wie="School",
                                               uiterlijk=vandaag + datetime.timedelta(days=7), aangemaakt_door=alice)
    beantwoord = InformatieVerzoek.objects.create(traject=traject, gesprek=eerste, wat="Wat betaalt de gemeente?",
                                                  van_wie="Gemeente", aangemaakt_door=alice)
    beantwoord.beantwoorden("Tien begeleide overdrachten.")
    for i, g in enumerate(gesprekken[1:]):
        InformatieVerzoek.objects.create(traject=traject, gesprek=g, wat=f"Vraag {i}", van_wie=f"Instantie {i}",
                                         uiterlijk=vandaag - datetime.timedelta(days=i) if i % 2 else None,
                                         aangemaakt_door=alice)
        if i % 3 == 0:
            InformatieVerzoek.objects.filter(traject=traject, wat=f"Vraag {i}").get().beantwoorden("Het antwoord.")
    inbreng = Inbreng.objects.create(traject=traject, betrokkene=kring[0], gesprek=eerste, tekst="Een idee", delen=True)
    Inbreng.objects.create(traject=traject, betrokkene=kring[1], soort="woorden", bron="link", tekst="Mijn woorden",
                           met_naam=False, delen=True)
    for i, b in enumerate(kring[2:] if groot else []):
        Inbreng.objects.create(traject=traject, betrokkene=b, gesprek=gesprekken[min(i, len(gesprekken) - 1)],
                               tekst=f"Idee {i}", met_naam=i % 2 == 0, delen=i % 3 != 0)
        Inbreng.objects.create(traject=traject, betrokkene=b, soort="woorden", bron="link", tekst=f"Woorden {i}",
                               delen=i % 2 == 0)
    return eerste, verzoek, inbreng


def _links(kring, alice, groot):
    """Sanne's link (the conftest's), used twice; with `groot` everyone's, some given twice, with their use."""
    links = {}
    for b in kring if groot else kring[:1]:
        if groot and b.pk % 3 == 0:
            PersoonlijkeLink.uitgeven(b, alice)  # an earlier link, revoked by the next
        links[b.pk] = PersoonlijkeLink.uitgeven(b, alice)
    for link, _token in links.values():
        for actie in (LinkGebruik.Actie.BEKEKEN, LinkGebruik.Actie.AGENDA):
            noteer_gebruik(link, actie, "demo")
    return links[kring[0].pk]


def _beginnen(traject, alice, kring, datum):
    """Start the traject's current meeting with everyone there, the children through their representative."""
    b = huidige_bijeenkomst(traject)
    b.datum, b.begintijd, b.eindtijd, b.plaats = datum, datetime.time(10), datetime.time(13), "Buurthuis De Linde"
    b.save()
    b.starten(alice)
    for persoon in kring:
        if persoon.deelname == "vertegenwoordigd":
            Aanwezigheid.objects.create(bijeenkomst=b, betrokkene=persoon, status="vertegenwoordigd",
                                        vertegenwoordiger=persoon.vertegenwoordigd_door)
        else:
            Aanwezigheid.objects.create(bijeenkomst=b, betrokkene=persoon, status="aanwezig")
    return b


def _ronde(voorstel, alice, uitkomst, open_laten=False):
    """A consent round answered by everyone, ending in `uitkomst`, or left open half answered.

    'consent' has one zorg; 'kleine_minderheid' one bezwaar (a silent round); 'gesplitst' half bezwaren.
    """
    ronde = voorstel.open_ronde(alice, stil=uitkomst == "kleine_minderheid")
    reacties = list(ronde.reacties.select_related("betrokkene"))
    bezwaren = {"kleine_minderheid": 1, "gesplitst": (len(reacties) + 1) // 2}.get(uitkomst, 0)
    for i, r in enumerate(reacties):
        if open_laten and i >= len(reacties) // 2:
            break
        if i < bezwaren:
            ronde.reageer(r.betrokkene, "bezwaar", reden="Dat lukt niet.", wat_erbij="Een vervanger.", door=alice)
        elif i == len(reacties) - 1:
            ronde.reageer(r.betrokkene, "zorg", aandachtspunt="Ook in de vakantie?", door=alice)
        else:
            ronde.reageer(r.betrokkene, "geen_bezwaar", door=alice)
    if open_laten:
        return ronde
    if uitkomst == "afgebroken":
        ronde.afbreken(alice)
    else:
        if ronde.stil:
            ronde.onthul()
        assert ronde.sluiten(alice) == uitkomst
    return ronde


def _vaststellen(plan, alice, bob, kaderset):
    plan.evaluatie_op = timezone.localdate() + datetime.timedelta(days=42)
    plan.wie_houdt_oog = "Ria"
    plan.als_niet_nagekomen = "Dan bellen we Bob, de gezinsvoogd."
    plan.save(update_fields=["evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen"])
    plan.kaders_toetsen(bob, [(k, True, "") for k in kaderset.kaders.geldig()])
    plan.vaststellen(alice)


def _plannen(traject, alice, bob, kring, kaderset, g):
    """`g.plannen` meetings, each ending with a vastgesteld plan of `g.afspraken` agreements; then a revision."""
    vorige = None
    for n in range(g.plannen):
        if vorige is not None:
            vorige.herzien(alice)
        b = _beginnen(traject, alice, kring, timezone.localdate() - datetime.timedelta(days=30 * (g.plannen - n)))
        voorstellen = list(b.voorstellen.all())
        for i in range(len(voorstellen), g.afspraken):
            voorstellen.append(Voorstel.indienen(
                b, alice, f"Afspraak {i}", f"Wat er gebeurt bij afspraak {i}.", wie=kring[i % 3:i % 3 + 2],
                wanneer="Elke week", hoe_weten="Ria houdt het bij.",
            ))
        for v in voorstellen:
            _ronde(v, alice, "consent")
        plan = Plan.objects.get(bijeenkomst=b)
        _vaststellen(plan, alice, bob, kaderset)
        vorige = Bijeenkomst.objects.get(pk=b.pk)
    return vorige.herzien(alice)


def _vergadering(traject, alice, bob, kring, g, rng):
    """The revision under way: phones on, agreements brought back and new proposals in rounds, one round open."""
    b = _beginnen(traject, alice, kring, timezone.localdate())
    b.ga_naar_deel(Bijeenkomst.Deel.BESLUITVORMEND)
    b.zet_telefoons(True)
    koppeling, telefoon = Telefoonkoppeling.koppel(b, kring[1])
    terug = list(b.voorstellen.all())
    nieuw = [
        Voorstel.indienen(b, alice, f"Nieuw voorstel {i}", f"Tekst van voorstel {i}.", wie=[kring[i % len(kring)]],
                          wanneer="Elke dag", hoe_weten="We vragen het na.")
        for i in range(g.nieuwe_voorstellen)
    ]
    *gesprekken, laatste = nieuw
    mislukt = ["kleine_minderheid", "afgebroken", "gesplitst"]
    for v in terug + gesprekken:
        rondes = rng.randint(*g.rondes)
        for r in range(rondes - 1):
            uitkomst = mislukt[r % len(mislukt)]
            _ronde(v, alice, uitkomst)
            if uitkomst != "afgebroken":
                v.nieuwe_versie(alice, f"{v.titel}, versie {r + 2}.", aanleiding="Wat erbij moest.",
                                wie=kring[:r % 4 + 1], wanneer="Elke week", hoe_weten="Ria vertelt het.")
        _ronde(v, alice, "consent" if v in terug else "gesplitst")
    if len(gesprekken) > 1:
        gesprekken[-1].intrekken()
    plan = Plan.voor(b)
    afspraak = plan.afspraken.first()
    afspraak.maak_concreet(kring[:2], "Elke vrijdag", "Fatima ziet het.")
    plan.evaluatie_op = timezone.localdate() + datetime.timedelta(days=42)
    plan.save(update_fields=["evaluatie_op"])
    plan.kaders_toetsen(bob, [(k, True, "") for k in traject.kaderset.kaders.geldig()])
    ronde = _ronde(laatste, alice, "consent", open_laten=True)
    return b, ronde, afspraak, telefoon


def _trajecten(org, alice, bob, g, rng):
    """The facilitator's other trajecten, in every phase; on some she holds two roles (listed once)."""
    for i in range(g.trajecten):
        t = Traject.objects.create(organisatie=org, label=f"Familie {i:02d}", aangemaakt_door=alice,
                                   aangemaakt_op=timezone.now() - datetime.timedelta(days=i + 1))
        TrajectRol.objects.create(traject=t, user=alice, rol="facilitator")
        TrajectRol.objects.create(traject=t, user=bob, rol="kadersteller")
        if i % 3 == 0:
            TrajectRol.objects.create(traject=t, user=alice, rol="kadersteller")
        if i % 4 >= 1:
            t.kwestie.vaststellen(alice)
        if i % 4 >= 2:
            Betrokkene.objects.create(traject=t, voornaam="Iemand", relatie="ouder")
            t.kaderset.wijzig_interventie(bob, "De rechter beslist.", "Bob")
            t.kaderset.vaststellen(bob)
        if i % 4 == 3:
            huidige_bijeenkomst(t).starten(alice)
        # Closed: every fifth long ago (past its bewaartermijn, listed for the beheerder), the next one recently.
        if i % 5 in (0, 1):
            t.afsluiten(alice)
            dagen = 366 * 21 if i % 5 == 0 else 10
            Traject.objects.filter(pk=t.pk).update(afgesloten_op=timezone.now() - datetime.timedelta(days=dagen))


def _gewist(org, alice, carol, aantal):
    """Trajecten erased before, by the beheerder and by the retention command: the record of erasures lists them."""
    for i in range(aantal):
        t = Traject.objects.create(organisatie=org, label=f"Gewist {i}", aangemaakt_door=alice)
        Betrokkene.objects.create(traject=t, voornaam="Iemand", relatie="ouder")
        t.afsluiten(alice)
        if i % 2:
            wis_traject(t, carol, "verzoek_betrokkene", "Verzoek per brief.")
        else:
            wis_traject(t, None, "ten_onrechte")


def _logboek(org, trajecten, mensen, kring, link, n):
    """n entries in the access log: professionals reading and changing, links and phones, the beheerder's changes.

    Fewer than the CSV export reads at once (logboek.views.CSV_DEEL), so it reads them in one query in both worlds.
    """
    nu = timezone.now()
    acties = [("bekeken", "GET", "besluitvorming:console"), ("gewijzigd", "POST", "kwesties:kwestie_bewerken"),
              ("gedownload", "GET", "besluitvorming:plan_pdf")]
    regels = []
    for i in range(n):
        actie, methode, weergave = acties[i % len(acties)]
        velden = {"via": "account", "gebruiker": mensen[i % len(mensen)]}
        if i % 5 == 3:
            velden = {"via": "link", "link_uuid": link.uuid, "betrokkene_uuid": kring[0].uuid}
        elif i % 7 == 4:
            velden = {"via": "telefoon", "betrokkene_uuid": kring[i % len(kring)].uuid}
        traject = trajecten[0] if i % 4 else trajecten[i % len(trajecten)]
        if i % 11 == 10:
            traject = None  # the organisation's own beheer
            velden = {"via": "account", "gebruiker": mensen[-1]}
        regels.append(Toegang(
            op=nu - datetime.timedelta(minutes=n - i), organisatie=org, traject_uuid=traject.uuid if traject else None,
            actie=actie, methode=methode, weergave=weergave, ip=f"192.0.2.{i % 250 + 1}",
            omschrijving=f"{OMSCHRIJVINGEN['besluitvorming:console']}{SCHEIDING}{i}", **velden,
        ))
    Toegang.objects.bulk_create(regels)


def _wereld(naam, g):
    rng = random.Random(6)
    org = Organisatie.objects.create(naam=f"Jeugdbescherming {naam}")
    alice = _lid(f"alice@{naam}.example.org", "Alice Jansen", org)
    bob = _lid(f"bob@{naam}.example.org", "Bob de Vries", org)
    dave = _lid(f"dave@{naam}.example.org", "Dave Peters", org)
    carol = _lid(f"carol@{naam}.example.org", "Carol Bakker", org, beheerder=True)
    erin = _lid(f"erin@{naam}.example.org", "Erin Smit", org)
    for i in range(1, g.organisaties):
        Lidmaatschap.objects.create(user=carol, organisatie=Organisatie.objects.create(naam=f"Organisatie {naam} {i}"),
                                    is_beheerder=True)

    traject = Traject.objects.create(organisatie=org, label="Familie J.", aangemaakt_door=alice)
    for user, rol in ((alice, "facilitator"), (bob, "kadersteller"), (dave, "kadersteller")):
        TrajectRol.objects.create(traject=traject, user=user, rol=rol)
    for i in range(g.leden):
        lid = _lid(f"lid{i}@{naam}.example.org", f"Lid {i:02d}", org, beheerder=i == 0)
        TrajectRol.objects.create(traject=traject, user=lid, rol=["facilitator", "kadersteller"][i % 2])
    traject.kwestie.wijzig(alice, "Wat is ervoor nodig dat Noor veilig opgroeit?", "Sanne en Mark zijn uit elkaar.")
    traject.kwestie.vaststellen(alice)
    traject.kwestie.wijzig(alice, "Wat is ervoor nodig dat Noor veilig en rustig opgroeit?", "")
    kring = _kring(traject, g.extra_mensen, rng)
    kaderset = _kaders(traject, bob, g.extra_kaders)
    gesprek, verzoek, inbreng = _voorbereiding(traject, alice, kring, g.extra_mensen > 0)
    link, token = _links(kring, alice, g.extra_mensen > 0)
    _plannen(traject, alice, bob, kring, kaderset, g)
    bijeenkomst, ronde, afspraak, telefoon = _vergadering(traject, alice, bob, kring, g, rng)
    # The proposal with the longest history: its page shows every version and round.
    voorstel = max(bijeenkomst.voorstellen.all(), key=lambda v: v.rondes.count())
    laatste_plan = Plan.objects.filter(traject=traject, status="vastgesteld").order_by("-versie").first()

    # A second traject still preparing its meeting: the link page before any plan, and a planned meeting.
    voor = Traject.objects.create(organisatie=org, label="Familie K.", aangemaakt_door=alice,
                                  aangemaakt_op=timezone.now() - datetime.timedelta(hours=1))
    TrajectRol.objects.create(traject=voor, user=alice, rol="facilitator")
    TrajectRol.objects.create(traject=voor, user=bob, rol="kadersteller")
    voor.kwestie.vaststellen(alice)
    voor_kring = _kring(voor, g.extra_mensen, rng)
    _kaders(voor, bob, g.extra_kaders)
    _voorbereiding(voor, alice, voor_kring, g.extra_mensen > 0)
    _voor_link, voor_token = _links(voor_kring, alice, g.extra_mensen > 0)
    gepland = huidige_bijeenkomst(voor)
    gepland.datum, gepland.plaats = timezone.localdate() + datetime.timedelta(days=14), "Buurthuis De Linde"
    gepland.save()

    _trajecten(org, alice, bob, g, rng)
    _gewist(org, alice, carol, g.gewist)
    _logboek(org, [traject, voor], [alice, bob, dave, carol], kring, link, g.logboek)
    kader = Kader.objects.geldig().filter(kaderset=kaderset).first()
    values = {
        "traject": traject.uuid, "betrokkene": kring[0].uuid, "kader": kader.uuid, "organisatie": org.uuid,
        "user": erin.uuid, "rol": "facilitator", "gesprek": gesprek.uuid, "verzoek": verzoek.uuid,
        "inbreng": inbreng.uuid, "link": link.uuid, "voorstel": voorstel.uuid, "ronde": ronde.uuid,
        "afspraak": afspraak.uuid, "versie": laatste_plan.versie,
    }
    return {
        "users": {"alice": alice, "bob": bob, "carol": carol},
        "values": values,
        "token": token,
        "voor": {"traject": voor.uuid, "token": voor_token},
        "code": Bijeenkomst.objects.get(pk=bijeenkomst.pk).meedoen_code,
        "telefoon": telefoon,
        "plan_code": laatste_plan.code,
    }


@pytest.fixture(scope="module")
def werelden(django_db_setup, django_db_blocker):
    """Both worlds, built once for the module and rolled back at its end; each test rolls back its own writes."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {"klein": _wereld("klein", KLEIN), "groot": _wereld("groot", GROOT)}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _pagina_url(pagina, wereld):
    naam = pagina.partition("@")[0]
    variant = VARIANTEN.get(pagina, {})
    voor = variant.get("traject") == "voor"
    if naam in MET_TOKEN:
        return reverse(naam, args=[wereld["voor"]["token"] if voor else wereld["token"]])
    if naam in MET_CODE:
        return reverse(naam, args=[wereld["code"]])
    if naam == "controle":
        return reverse(naam) + f"?code={wereld['plan_code']}"
    values = {**wereld["values"], "traject": wereld["voor"]["traject"]} if voor else wereld["values"]
    return url_for(naam, values) + variant.get("query", "")


def _client(pagina, wereld):
    naam = pagina.partition("@")[0]
    client = Client()
    if naam == "link:meedoen_antwoord":
        client.cookies[COOKIE] = wereld["telefoon"]
    elif naam.startswith(("beheer:", "logboek:organisatie")) or naam in BEHEERDER:
        client.force_login(wereld["users"]["carol"])
    elif naam in KADERSTELLER:
        client.force_login(wereld["users"]["bob"])
    elif naam not in ANONIEM | MET_TOKEN | MET_CODE:
        client.force_login(wereld["users"]["alice"])
    return client


def _meet(pagina, wereld):
    client = _client(pagina, wereld)
    url = _pagina_url(pagina, wereld)
    # A link used within the last minute is not written again (noteer_gebruik): start every measurement from
    # a link not used lately, so both worlds take the same path whenever the fixture was built (the worst case).
    PersoonlijkeLink.objects.update(laatst_gebruikt_op=None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            # A streamed answer (the log as CSV) reads the database while it is sent.
            b"".join(response.streaming_content)
    return response, [q["sql"] for q in queries.captured_queries]


PAGINAS = sorted({naam for naam, _p in ALL} - NIET_GELOPEN) + sorted(VARIANTEN)


@pytest.mark.parametrize("pagina", PAGINAS, ids=PAGINAS)
def test_the_page_keeps_its_query_budget(pagina, werelden, db):
    """The page answers, in as many queries for the large world as for the small one, and under the budget."""
    klein, klein_sql = _meet(pagina, werelden["klein"])
    groot, groot_sql = _meet(pagina, werelden["groot"])
    verwacht = 302 if pagina in REDIRECTS else 200
    assert (klein.status_code, groot.status_code) == (verwacht, verwacht)
    if pagina in REDIRECTS:
        assert groot["Location"] == REDIRECTS[pagina]
    assert len(groot_sql) == len(klein_sql), "\n".join(["small:", *klein_sql, "", "large:", *groot_sql])
    assert len(groot_sql) < BUDGET, "\n".join(groot_sql)


def test_every_page_is_walked():
    """Every URL name is measured above or left out with a reason: a new page cannot go without a budget."""
    namen = {naam for naam, _p in ALL}
    gelopen = {p.partition("@")[0] for p in PAGINAS}
    assert namen - gelopen - NIET_GELOPEN == set()
    assert NIET_GELOPEN <= namen, "a page left out no longer exists"
    assert gelopen <= namen


@pytest.mark.parametrize("naam", sorted(ALLEEN_POST))
def test_what_is_left_out_takes_no_get(naam, werelden, db):
    """A view left out as POST only that starts answering a GET must get a budget above."""
    client = Client()
    client.force_login(werelden["klein"]["users"]["alice"])
    assert client.get(url_for(naam, werelden["klein"]["values"])).status_code == 405


def test_the_large_world_is_large(werelden, db):
    """The large world really holds what the budget is claimed for."""
    values = werelden["groot"]["values"]
    traject = Traject.objects.get(uuid=values["traject"])
    bijeenkomst = huidige_bijeenkomst(traject)
    assert traject.betrokkenen.count() == 15
    assert bijeenkomst.voorstellen.count() == 20
    assert bijeenkomst.rondes.count() >= 19 * 3 + 1
    assert Plan.voor(bijeenkomst).afspraken.count() == 12
    assert Kader.objects.geldig().filter(kaderset__traject=traject).count() == 11
    assert Plan.objects.filter(traject=traject, status="vastgesteld").count() == 3
    assert TrajectRol.objects.filter(user=werelden["groot"]["users"]["alice"]).values("traject").distinct().count() > 60
    assert Traject.objects.bewaartermijn_verstreken(traject.organisatie).count() == 12
    assert traject.organisatie.verwijderingen.count() == 12
    assert Toegang.objects.filter(traject_uuid=traject.uuid).count() > 400
    assert Toegang.objects.filter(organisatie=traject.organisatie).values("via").distinct().count() == 3


def _export(wereld):
    """The traject's export for an inzageverzoek: (queries, peak of Python's memory while making it, the ZIP)."""
    client = Client()
    client.force_login(wereld["users"]["alice"])
    url = reverse("gegevens:export", args=[wereld["values"]["traject"]])
    b"".join(client.get(url).streaming_content)  # the first export renders the plans' PDFs and stores them
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        data = b"".join(response.streaming_content)
    _nu, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return len(queries), piek, zipfile.ZipFile(io.BytesIO(data))


def test_the_export_reads_each_kind_of_record_once(werelden, db):
    """One query per kind of record and one per plan's stored PDF, in the large world as in the small; and the
    JSON goes into the ZIP a chunk at a time. Holding every record of the large traject as objects and its JSON as
    one string took 7 times the JSON's size; the export stays under twice, its PDFs and the finished ZIP included."""
    gemeten = {naam: _export(werelden[naam]) for naam in ("klein", "groot")}
    plannen = {naam: len([n for n in zip_.namelist() if n.endswith(".pdf")]) for naam, (_q, _p, zip_) in gemeten.items()}
    assert plannen == {"klein": 1, "groot": 3}
    assert gemeten["groot"][0] - plannen["groot"] == gemeten["klein"][0] - plannen["klein"]
    zip_ = gemeten["groot"][2]
    json_grootte = zip_.getinfo("traject.json").file_size
    assert len(json.loads(zip_.read("traject.json"))["records"]) > 3000
    assert gemeten["groot"][1] < 2 * json_grootte
