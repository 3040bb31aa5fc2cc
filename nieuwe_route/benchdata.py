"""Benchmark data at scale (`make bench`, issue 6): the builder behind `manage.py benchdata`.

The bulk of it (organisations, trajecten, a million betrokkenen, thousands of finished meetings) is written
row by row as the app itself would leave it, but in bulk: COPY on PostgreSQL, executemany elsewhere, with
ids handed out here so rows can point at each other before they exist. The few meetings a benchmark drives
(the big one, twice, and the live ones) are built through the real engine, as demodata does.
"""

import datetime
import math
import random
import time
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from functools import partial

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from besluitvorming import consent, planinhoud
from besluitvorming.models import (
    Aanwezigheid,
    Afspraak,
    Bijeenkomst,
    ConsentRonde,
    Kadertoets,
    KaderOordeel,
    Plan,
    Reactie,
    Voorstel,
    VoorstelVersie,
    huidige_bijeenkomst,
)
from kaders.models import Kader, KaderSet, KaderWijziging
from kwesties.models import Betrokkene, Kwestie, KwestieWijziging, Traject, TrajectRol
from links.models import PersoonlijkeLink
from organisaties.models import Lidmaatschap, Organisatie, User

DOMEIN = "bench.nieuweroute.nl"
PROJECT_APPS = ("organisaties", "kwesties", "kaders", "voorbereiding", "besluitvorming", "links")

# The common Dutch surnames first: a search for one of them finds more families than for one further down.
ACHTERNAMEN = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden",
    "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Jonge", "Kuipers", "van Veen", "Post",
    "Kuiper", "Veenstra", "Kramer", "van den Brink", "Scholten", "van Wijk", "Postma", "Martens", "Vink",
    "de Ridder", "Jonker", "Timmermans", "van der Laan", "Wouters", "de Vos", "Koopman", "Groen", "Goossens",
    "Verbeek", "van Rijn", "Sanders", "Mertens", "van den Bosch", "Smeets", "Claassen", "de Koning", "Hermans",
    "van der Velden", "Evers", "Hoogendoorn", "Lambregts", "Bouman", "Molenaar", "Wijnands", "Zwart",
    "van Loon", "Sluiter", "Haverkamp", "Dam", "Brink", "Gerritsen", "Hofman", "Kroon", "Boersma", "Wolters",
    "Pauwels", "Verschuren", "Bosman", "Koning", "Gerrits", "Rutten", "Aerts", "Smulders", "Kempen", "Ramakers",
    "Heijnen", "Lenders", "Coenen", "Derks", "Franssen", "Geurts", "Jeurissen", "Lemmens", "Nelissen",
    "Ploumen", "Stassen", "Thijssen", "Vaessen", "Wolfs", "Brands", "Cuppen", "Driessen", "Engelen",
    "Flipsen", "Gielen", "Hanssen", "Keulen", "Knoben", "Linders", "Mols", "Notermans", "Offermans",
    "Penders", "Quaedvlieg", "Reijnders", "Schreurs", "Teeuwen", "Ubachs", "Verheijen", "Wijers", "Zeegers",
    "Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Ozturk", "Aydin", "Arslan", "Dogan", "Kilic",
    "El Amrani", "Bouali", "Ouali", "Boukhari", "Tahiri", "El Idrissi", "Benali", "Azzouzi", "Haddou",
    "Ait Said", "Nguyen", "Tran", "Pinas", "Sitaram", "Ramdin", "Kromosoeto", "Martina", "Cijntje",
    "Wijngaarde", "Sedney", "Biharie", "Soekhai", "Doornbos", "Eilers", "Fokkema", "Geertsma", "Haitsma",
    "IJzerman", "Jellema", "Kingma", "Lautenbach", "Miedema", "Nijholt", "Oosterhof", "Pruim", "Rozema",
    "Sikkema", "Terpstra", "Uitterdijk", "Veldman", "Westra", "Zijlstra", "Akkerman", "Bruinsma", "Cazemier",
    "Dolfing", "Elzinga", "Feenstra", "Grijpstra", "Hettema", "Idema",
]
VOORNAMEN = [
    "Sanne", "Lotte", "Femke", "Anouk", "Eva", "Iris", "Marieke", "Esther", "Petra", "Ellen", "Ria", "Joke",
    "Fatima", "Samira", "Naima", "Yasmina", "Ayse", "Elif", "Linh", "Sharda", "Kim", "Nicole", "Monique",
    "Ingrid", "Wilma", "Karin", "Marloes", "Judith", "Hanneke", "Bianca", "Mark", "Dennis", "Jeroen", "Bas",
    "Tom", "Wim", "Henk", "Kees", "Gijs", "Ruud", "Erik", "Martijn", "Sander", "Rob", "Peter", "Hans", "Ahmed",
    "Mohamed", "Youssef", "Mustafa", "Emre", "Burak", "Minh", "Ravi", "Jerry", "Patrick", "Marco", "Frank",
    "Ronald", "Stefan", "Noah", "Yusuf", "Anton", "Jan", "Gerrit", "Bram",
]
KINDERNAMEN = [
    "Noor", "Daan", "Sem", "Milan", "Emma", "Julia", "Tess", "Lieke", "Luuk", "Finn", "Liam", "Mila", "Zoë",
    "Saar", "Jesse", "Levi", "Amira", "Ilias", "Adam", "Aya", "Rayan", "Sara", "Lina", "Mees", "Bo", "Floor",
    "Isa", "Jayden", "Kyan", "Nina", "Olivia", "Ruben", "Sophie", "Thijs", "Vera", "Yara", "Zeynep", "Elin",
    "Hamza", "Senna", "Lucas", "Fenna", "Mats", "Roos", "Tygo", "Yfke", "Dewi", "Quinn",
]
ORGANISATIES = [
    "Jeugdbescherming Gelderland", "Jeugdbescherming Noord", "Jeugdbescherming Brabant", "Jeugdbescherming West",
    "Jeugdbescherming Limburg", "Jeugdbescherming Regio Amsterdam", "Jeugdbescherming Rotterdam Rijnmond",
    "Jeugdbescherming Overijssel", "Jeugdbescherming Utrecht", "Jeugdbescherming Zeeland",
    "Wijkteam Oost", "Buurtteam Centrum", "Samen Verder Facilitatie", "Het Kringhuis",
]
PLAATSEN = [
    "Buurthuis De Linde, Lindelaan 4, Deventer", "Wijkcentrum De Brug, Brugstraat 12, Zwolle",
    "Huis van de Wijk, Marktplein 3, Arnhem", "Gemeentehuis, zaal 2, Raadhuisplein 1, Apeldoorn",
    "Kantoor Jeugdbescherming, Stationsweg 20, Utrecht", "Wijkcentrum Het Anker, Havenstraat 8, Den Helder",
    "Buurthuis De Boog, Boogstraat 5, Tilburg", "Bibliotheek, leeszaal, Kerkplein 2, Venlo",
    "Wijkpunt De Kern, Kernweg 14, Groningen", "Buurtcentrum De Ster, Sterrenlaan 9, Eindhoven",
    "Het Trefpunt, Dorpsstraat 33, Hoogeveen", "Wijkhuis Oost, Oosterstraat 70, Leeuwarden",
]
# (what the child needs, age range): the kwestie "Wat is ervoor nodig dat Noor (9) ...?"
DOELEN = [
    "veilig en met rust kan opgroeien, met contact met allebei de ouders",
    "weer elke dag naar school gaat",
    "zich thuis veilig voelt",
    "op tijd naar de opvang gaat en elke dag goed eet",
    "niet meer bij de ruzie tussen de ouders is",
    "elke week een vaste tijd bij papa en bij mama is",
    "weer thuis kan wonen",
    "rustig kan slapen en niet meer bang is voor de wissel",
    "hulp krijgt bij zijn of haar boosheid",
    "contact houdt met opa en oma",
    "een vaste plek heeft om huiswerk te maken",
    "weer naar voetbal kan",
    "niet meer hoeft te zorgen voor een ouder",
    "weet waar hij of zij aan toe is",
]
BESCHRIJVINGEN = [
    "De ouders zijn uit elkaar en praten bijna niet meer met elkaar. De overdracht van {kind} gaat vaak mis.",
    "{kind} mist veel school. School maakt zich zorgen en heeft de leerplichtambtenaar ingeschakeld.",
    "Er is vaak ruzie thuis, ook als {kind} erbij is. {kind} slaapt slecht en is vaak moe.",
    "Moeder werkt in wisseldiensten en staat er alleen voor. Niet iedereen weet wie {kind} opvangt.",
    "{kind} woont nu tijdelijk bij opa en oma. Iedereen wil weten wat er nodig is om weer thuis te wonen.",
    "Iedereen wil dat {kind} zich weer veilig voelt. Over de weg daarheen zijn de ouders het niet eens.",
]
WAAROM = [
    "Ik wil dat {kind} niet meer bang is bij de wissel.",
    "Ik mis {kind} en wil een vaste regeling.",
    "Ik vang {kind} vaak op en zie hoe moe hij of zij is.",
    "Ik wil helpen waar het kan.",
    "{kind} komt vaak moe en te laat op school.",
    "Ik zie {kind} elke week bij de training en merk dat het niet goed gaat.",
    "Ik woon om de hoek en wil graag bijspringen.",
    "Ik maak me zorgen om de ruzies.",
]
# (soort, tekst, toelichting) per soort; every kaderset has one veiligheid kader and two others.
KADERS = {
    "veiligheid": [
        ("{kind} is niet meer bij ruzie tussen volwassenen, ook niet bij de wissel.",
         "Dit is de ondergrens: wat minimaal anders moet om veilig te zijn."),
        ("{kind} slaapt elke nacht op een vaste, veilige plek.", ""),
        ("Er is elke dag een volwassene die weet waar {kind} is.", "Dit geldt ook in de vakanties."),
        ("{kind} gaat elke werkdag naar school of de opvang.", ""),
    ],
    "wettelijk": [
        ("{kind} woont bij moeder. Dat heeft de rechter zo besloten.",
         "Uitspraak van de kinderrechter. Dit verandert niet in deze bijeenkomst."),
        ("Er is een ondertoezichtstelling tot het einde van het jaar.", ""),
        ("{kind} heeft leerplicht; de leerplichtambtenaar is op de hoogte.", ""),
    ],
    "financieel": [
        ("Voor begeleide overdracht is maximaal 10 keer een vergoeding mogelijk.", ""),
        ("De gemeente betaalt zes maanden ambulante hulp thuis.", "Daarna kijken we opnieuw."),
        ("Vervoer naar school wordt één schooljaar vergoed.", ""),
    ],
    "afspraak": [
        ("De afspraken uit het ouderschapsplan blijven gelden.", ""),
        ("{kind} blijft op dezelfde school.", "Afgesproken met school en beide ouders."),
    ],
}
ALS_GEEN_VEILIG_PLAN = [
    "Als er binnen zes weken geen veilig plan is, vraagt de gezinsvoogd de rechter om de omgang te regelen.",
    "Dan zet de gezinsvoogd extra hulp thuis in, ook als de ouders dat niet willen.",
    "Dan vraagt de gezinsvoogd de rechter om een uithuisplaatsing.",
    "Dan besluit de gezinsvoogd zelf waar {kind} de weekenden is.",
]
# (titel, tekst, wanneer, hoe_weten, reden of a bezwaar, what must be added to go along)
VOORSTELLEN = [
    ("De wissel gaat via school", "Vader haalt {kind} op vrijdag uit school, moeder op maandag. Zo zien de ouders "
     "elkaar niet bij de wissel.", "Elke vrijdag en maandag", "School ziet wie {kind} ophaalt.",
     "Op vrijdag werk ik vaak tot laat.", "Als vader niet kan, haalt opa {kind} op."),
    ("Opa bij de eerste wissels", "Opa is bij de eerste vijf wissels, zodat het rustig blijft.",
     "De eerste vijf wissels", "Opa vertelt de gezinsvoogd na de vijfde wissel hoe het ging.",
     "Opa woont ver weg.", "Opa komt met de trein; de reiskosten worden vergoed."),
    ("Vaste avond bij vader", "{kind} eet elke woensdag bij vader.", "Elke woensdag",
     "Vader stuurt moeder een berichtje als {kind} thuis is.",
     "Woensdag heeft {kind} training.", "Op trainingsdagen eten ze na de training samen."),
    ("Huiswerk bij oma", "{kind} maakt op dinsdag en donderdag het huiswerk bij oma.", "Dinsdag en donderdag",
     "De juf ziet het huiswerk terug.", "Oma kan niet helpen met rekenen.",
     "De buurjongen helpt één keer per week met rekenen."),
    ("Ontbijt", "{kind} eet elke ochtend een boterham voordat hij of zij naar school gaat.", "Elke ochtend",
     "Moeder houdt het een maand bij op de koelkast.", "Ik ben 's ochtends al weg.",
     "Op de dagen dat moeder vroeg weg is, ontbijt {kind} bij de buren."),
    ("Een schrift voor de wissel", "De ouders schrijven in een schrift wat de ander moet weten. Het schrift gaat "
     "mee in de tas.", "Bij elke wissel", "De gezinsvoogd kijkt na een maand in het schrift.",
     "Een schrift kan zoekraken.", "Als het schrift zoek is, gebruiken ze een gedeelde app."),
    ("Rustig slapen", "{kind} gaat door de week om half acht naar bed, in beide huizen.", "Elke schooldag",
     "{kind} vertelt de mentor op school hoe het slapen gaat.", "Bij mij kan dat niet vóór acht uur.",
     "In beide huizen is het om acht uur rustig en uit met schermen."),
    ("Voetbal blijft", "{kind} blijft op voetbal. Wie {kind} die week heeft, brengt naar de training.",
     "Elke zaterdag en woensdag", "De trainer laat het weten als {kind} er niet is.",
     "De contributie is te duur.", "De gemeente betaalt de contributie uit het jeugdfonds."),
    ("Geen ruzie waar {kind} bij is", "Als de ouders boos zijn, praten ze later verder, niet waar {kind} bij is.",
     "Altijd", "{kind} vertelt het aan de hulpverlener als het toch gebeurt.",
     "Dat lukt niet altijd.", "Wie boos wordt, loopt weg en belt later."),
    ("Vaste opvang in de vakanties", "In de vakanties is {kind} drie dagen per week bij oom en tante.",
     "In alle schoolvakanties", "Oom stuurt na elke vakantie een berichtje aan de gezinsvoogd.",
     "Oom werkt in de zomer.", "In de zomer springt de buurvrouw bij op dinsdag."),
    ("Telefoon uit om negen uur", "De telefoon van {kind} gaat om negen uur 's avonds in de keuken.",
     "Elke avond", "{kind} en moeder kijken samen na twee weken hoe het gaat.",
     "{kind} gebruikt de wekker op de telefoon.", "{kind} krijgt een gewone wekker."),
    ("Gesprek met de mentor", "Moeder en vader gaan samen één keer per maand naar de mentor.",
     "De eerste maandag van de maand", "De mentor schrijft kort op wat is afgesproken.",
     "Ik wil niet samen met de andere ouder in één kamer.", "Ze gaan om de beurt, en de mentor mailt allebei."),
    ("Hulp bij geld", "Vader gaat naar de schuldhulp van de gemeente.", "Binnen twee weken een afspraak",
     "Vader laat de bevestiging zien aan de gezinsvoogd.", "Daar is een wachtlijst.",
     "De maatschappelijk werker helpt tot de schuldhulp begint."),
    ("Samen eten op zondag", "Op zondag eet {kind} bij opa en oma, met wie er maar wil.", "Elke zondag",
     "Oma vertelt het als het niet doorgaat.", "Dat is te druk voor oma.",
     "Om de week kookt een van de ooms en tantes."),
    ("Een vast aanspreekpunt", "Tante is het aanspreekpunt voor school als de ouders niet bereikbaar zijn.",
     "Vanaf nu", "School heeft het nummer van tante.", "Tante is zelf ook vaak niet bereikbaar.",
     "Als tante niet opneemt, belt school opa."),
    ("Therapie voor {kind}", "{kind} gaat naar de kinderpsycholoog, om de week.", "Om de week op dinsdag",
     "De psycholoog laat de gezinsvoogd weten of {kind} komt.", "Dat is onder schooltijd.",
     "De afspraak is na schooltijd, om vier uur."),
    ("Oppas op vrijdagmiddag", "De buurvrouw past op vrijdagmiddag op {kind}.", "Elke vrijdagmiddag",
     "De buurvrouw stuurt een berichtje als {kind} er is.", "De buurvrouw heeft zelf drie kinderen.",
     "Oom neemt het over als de buurvrouw niet kan."),
    ("Samen naar de huisarts", "Moeder gaat met {kind} naar de huisarts over het slapen.", "Binnen een maand",
     "Moeder vertelt het aan de gezinsvoogd.", "De huisarts heeft pas over zes weken tijd.",
     "Eerst een telefonisch consult bij de praktijkondersteuner."),
    ("Fietsen naar school", "{kind} fietst met de buurjongen naar school.", "Elke schooldag",
     "De buurjongen belt aan om kwart over acht.", "De weg is gevaarlijk bij het kruispunt.",
     "De eerste twee weken fietst opa mee tot het kruispunt."),
    ("Weekend om de week", "{kind} is om het weekend bij vader, van vrijdag vijf uur tot zondag vijf uur.",
     "Om het weekend", "Vader en moeder zetten het in de gedeelde agenda.", "Vader woont in een kleine kamer.",
     "Vader vraagt met de maatschappelijk werker een grotere woning aan."),
    ("Medicijnen op tijd", "Moeder zorgt dat {kind} elke ochtend de medicijnen neemt; in het weekend vader.",
     "Elke ochtend", "De apotheek ziet of er op tijd wordt opgehaald.", "In het weekend vergeet vader het.",
     "Vader zet een wekker en stuurt een foto van het doosje."),
    ("Kamer opnieuw inrichten", "{kind} krijgt bij moeder een eigen kamer, samen ingericht.", "Voor de zomer",
     "{kind} laat de kamer zien aan de hulpverlener.", "Daar is geen geld voor.",
     "De kringloopwinkel en de kerk helpen met spullen."),
    ("Contact met de broer", "{kind} ziet de grote broer elke maand.", "Eén keer per maand",
     "De broer vertelt het aan opa.", "De broer woont in een andere stad.",
     "Ze bellen elke week, en zien elkaar om de maand."),
    ("Een plek voor moeder", "Moeder gaat één dag per week naar het inloophuis om even bij te komen.",
     "Elke donderdag", "Moeder vertelt het aan de tante.", "Wie past er dan op {kind}?",
     "Op donderdag haalt tante {kind} uit school."),
]
ZORGEN = [
    "Ook in de vakanties?", "Laat school weten wie er ophaalt als het anders gaat.",
    "Vader moet op vrijdag op tijd weg kunnen van zijn werk.", "Wat als opa ziek is?",
    "Let erop dat {kind} het zelf ook goed vindt.", "Houd het klein: liever één ding goed dan alles half.",
    "Spreek af wie het bijhoudt.", "Vergeet de reistijd niet.", "Kijk na een maand of het lukt.",
    "Zorg dat iedereen het nummer van de gezinsvoogd heeft.",
]
BEZWAREN = [
    ("Ik weet niet of ik dit kan volhouden.", "Eerst een maand proberen en dan samen kijken."),
    ("Dit is te veel tegelijk.", "Eerst alleen de schooldagen, later de rest."),
    ("Het is niet duidelijk wie wat doet.", "Schrijf bij elke stap een naam."),
    ("Dit kost geld dat er niet is.", "Vraag de gemeente om een vergoeding."),
    ("{kind} is hier niet naar gevraagd.", "Eerst met {kind} bespreken, dan beslissen."),
]
VERVOLG = [
    "Dan bellen we met de gezinsvoogd en zoeken we samen een oplossing.",
    "Dan komt de kring binnen twee weken opnieuw bij elkaar.",
    "Dan zegt wie het merkt het tegen de facilitator, en die belt iedereen.",
]
RELATIE_EXTRA = [
    "grootouder", "grootouder", "familie", "familie", "nieuwe_partner", "vriend", "buur", "leerkracht",
    "sportcoach", "gezinsvoogd", "hulpverlener", "grootouder", "familie", "vriend", "buur", "hulpverlener",
]
FAMILIE = {"ouder", "kind", "grootouder", "familie"}
MIN_KRING = 4
# The big meeting's kring: 15 people; the child speaks through grandma.
GROTE_KRING = [
    ("Sanne", "ouder"), ("Mark", "ouder"), ("Ria", "grootouder"), ("Noor", "kind"), ("Henk", "grootouder"),
    ("Kees", "familie"), ("Marieke", "familie"), ("Yusuf", "nieuwe_partner"), ("Fatima", "buur"),
    ("Esther", "vriend"), ("Ellen", "leerkracht"), ("Samira", "sportcoach"), ("Gijs", "gezinsvoogd"),
    ("Erik", "hulpverlener"), ("Wilma", "grootouder"),
]


# The lijst user's caseload is the same at every scale (a team leader's 100 trajecten, 4 pages), so the list and
# search at 100,000 trajecten are compared with the very same page at 1,000.
LIJST = 100


def lijst_aantal(trajecten):
    return min(LIJST, max(1, trajecten // 10))


def nieuwe_uuid(rnd):
    """A version 4 uuid as 32 hex digits, from the seeded generator: uuid.uuid4() costs more than a whole row."""
    return f"{rnd.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48) | (0x4000 << 64) | (0x8000 << 48):032x}"


def met_streepjes(h):
    """str(uuid.UUID(h)), without making the object."""
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _kort(tekst, kind):
    return tekst.replace("{kind}", kind)


def initiaal(achternaam):
    return achternaam.split(" ")[-1][0].upper()


class Schrijver:
    """Writes many rows of one model at once: COPY on PostgreSQL, executemany elsewhere.

    Ids come from here (the highest id in the table plus one), so a row can refer to another before either
    is written; columns left out get the model field's default, exactly as Model.save would store it.
    """

    def __init__(self, rnd):
        self.rnd = rnd
        self.postgres = connection.vendor == "postgresql"
        self.volgende = {}

    def ids(self, model, aantal):
        """The first of `aantal` fresh ids for `model` (consecutive)."""
        if model not in self.volgende:
            hoogste = model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self.volgende[model] = hoogste + 1
        eerste = self.volgende[model]
        self.volgende[model] += aantal
        return eerste

    def schrijf(self, model, velden, rijen):
        """rijen: tuples in the order of `velden` (attnames; with "id" to keep ids handed out by ids())."""
        meta = model._meta
        nu = timezone.now()
        vast, vaste_waarden, per_rij, makers = [], [], [], []
        for f in meta.concrete_fields:
            if f.attname in velden or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                vast.append(f)
                vaste_waarden.append(nu)
            elif f.has_default() and callable(f.default) and f.unique:
                per_rij.append(f)
                makers.append(partial(nieuwe_uuid, self.rnd) if f.default is uuid.uuid4 else f.default)
            else:
                vast.append(f)
                vaste_waarden.append(f.get_default())
        alle = [meta.get_field(v) for v in velden] + vast + per_rij
        vaste_waarden = tuple(vaste_waarden)
        # On PostgreSQL psycopg adapts Python values itself; only JSON needs the field's own preparation.
        omzetten = [
            (i, f) for i, f in enumerate(alle)
            if not self.postgres or isinstance(f, models.JSONField)
        ]

        def volledig():
            for rij in rijen:
                rij = tuple(rij) + vaste_waarden + tuple(maak() for maak in makers)
                if omzetten:
                    rij = list(rij)
                    for i, f in omzetten:
                        rij[i] = f.get_db_prep_save(rij[i], connection)
                yield rij

        qn = connection.ops.quote_name
        kolommen = ", ".join(qn(f.column) for f in alle)
        aantal = 0
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {qn(meta.db_table)} ({kolommen}) FROM STDIN") as copy:
                    for rij in volledig():
                        copy.write_row(rij)
                        aantal += 1
            else:
                sql = f"INSERT INTO {qn(meta.db_table)} ({kolommen}) VALUES ({', '.join(['%s'] * len(alle))})"
                blok = []
                for rij in volledig():
                    blok.append(rij)
                    if len(blok) == 10000:
                        cursor.executemany(sql, blok)
                        aantal += len(blok)
                        blok = []
                if blok:
                    cursor.executemany(sql, blok)
                    aantal += len(blok)
            if "id" in velden:
                # The app's own inserts after ours continue after the highest id.
                for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                    cursor.execute(sql)
        return aantal


class TrajectPlan:
    """One bulk traject while it is being written: what later steps need to know about it."""

    __slots__ = (
        "id", "org", "label", "achternaam", "kind", "leeftijd", "op", "facilitator", "kadersteller",
        "vraag", "beschrijving", "kaders", "kader_id", "interventie", "wie_grijpt_in", "kaders_vast",
        "kaders_vast_op", "bijeenkomst", "mensen",
    )


def lokaal(dag, uur, minuut=0):
    """An aware moment in UTC for a local wall-clock time (the app stores UTC)."""
    moment = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur, minuut)))
    return moment.astimezone(datetime.timezone.utc)


class Bouwer:
    """Seeds everything in order (bouw), then says what the benchmark needs to know (resultaat)."""

    def __init__(self, organisaties, trajecten, betrokkenen, bijeenkomsten, live, wachtwoord,
                 groot_voorstellen=20, groot_rondes=8, seed=6, log=None):
        self.n_org = organisaties
        self.n_bijeenkomsten = bijeenkomsten
        self.n_live = live
        self.wachtwoord = wachtwoord
        self.groot_voorstellen = groot_voorstellen
        self.groot_rondes = groot_rondes
        self.rnd = random.Random(seed)
        self.log = log or (lambda tekst: None)
        self.schrijver = Schrijver(self.rnd)
        self.seconden = {}
        self.nu = timezone.now().replace(microsecond=0)
        self.vandaag = timezone.localdate()
        # Trajecten and betrokkenen are totals; the engine-built meetings take their share of both.
        self.n_bulk = trajecten - 2 - live
        self.n_bulk_betrokkenen = betrokkenen - 2 * len(GROTE_KRING) - 12 * live
        self.n_lijst = lijst_aantal(trajecten)

    @staticmethod
    def controleer(organisaties, trajecten, betrokkenen, bijeenkomsten, live, groot_voorstellen, groot_rondes):
        """Why these numbers cannot be seeded, or None."""
        bulk = trajecten - 2 - live
        lijst = lijst_aantal(trajecten)
        if organisaties < 1:
            return "--organisaties must be at least 1"
        if live < 0 or live > 99:
            return "--live must be between 0 and 99"
        if bulk < max(lijst, bijeenkomsten, 1):
            return (f"--trajecten must leave room for the 2 big and {live} live meetings, the lijst user's "
                    f"{lijst} and the {bijeenkomsten} ordinary meetings")
        if betrokkenen - 2 * len(GROTE_KRING) - 12 * live < MIN_KRING * bulk:
            return f"--betrokkenen must give every traject at least {MIN_KRING} people"
        if groot_voorstellen < 1 or groot_rondes < 1:
            return "the big meeting needs at least one proposal and one round"
        return None

    @contextmanager
    def stap(self, naam):
        begin = time.perf_counter()
        yield
        self.seconden[naam] = round(time.perf_counter() - begin, 2)
        self.log(f"{naam:<14} {self.seconden[naam]:8.2f} s")

    def bouw(self):
        with self.stap("organisaties"):
            self.organisaties()
        with self.stap("trajecten"):
            self.trajecten()
        with self.stap("betrokkenen"):
            self.betrokkenen()
        with self.stap("bijeenkomsten"):
            self.bijeenkomsten()
        with self.stap("groot"):
            self.uitkomst_groot = self.groot(self.groot_label, vaststellen=True)
            self.uitkomst_groot_live = self.groot(self.groot_label + " (2)", vaststellen=False)
        with self.stap("live"):
            self.uitkomst_live = [self.live_bijeenkomst(i) for i in range(1, self.n_live + 1)]

    # Organisations and users

    def naam(self):
        return f"{self.rnd.choice(VOORNAMEN)} {self.rnd.choice(ACHTERNAMEN)}"

    def organisaties(self):
        s = self.schrijver
        drempels = ["1/3", "1/3", "1/3", "1/4", "2/5", "1/2"]
        org_id = s.ids(Organisatie, self.n_org)
        self.org_ids = list(range(org_id, org_id + self.n_org))
        self.drempel = {}
        rijen = []
        for i, oid in enumerate(self.org_ids):
            drempel = "1/3" if i == 0 else self.rnd.choice(drempels)
            self.drempel[oid] = drempel
            soort = "facilitatie" if "Facilitatie" in ORGANISATIES[i % len(ORGANISATIES)] else "jeugdbescherming"
            rijen.append((oid, f"{ORGANISATIES[i % len(ORGANISATIES)]} {i:04d}", soort, drempel))
        s.schrijf(Organisatie, ["id", "naam", "soort", "splitsingsdrempel"], rijen)

        wachtwoord = make_password(self.wachtwoord)
        gebruikers, leden = [], []
        self.gebruiker_naam = {}

        def gebruiker(email, org, beheerder=False, naam=None):
            uid = s.ids(User, 1)
            naam = naam or self.naam()
            gebruikers.append((uid, email, naam, wachtwoord, self.nu))
            leden.append((org, uid, beheerder))
            self.gebruiker_naam[uid] = naam
            return uid

        self.facilitator, self.kadersteller, self.email = {}, {}, {}
        for i, oid in enumerate(self.org_ids):
            self.facilitator[oid] = gebruiker(f"facilitator.{i:04d}@{DOMEIN}", oid)
            self.kadersteller[oid] = gebruiker(f"kadersteller.{i:04d}@{DOMEIN}", oid)
            gebruiker(f"beheer.{i:04d}@{DOMEIN}", oid, beheerder=True)
        org0 = self.org_ids[0]
        self.lijst = gebruiker(f"bench-lijst@{DOMEIN}", org0, naam="Lieke van Dam")
        self.bench_groot = gebruiker(f"bench-groot@{DOMEIN}", org0, naam="Femke de Boer")
        self.bench_live = [gebruiker(f"bench-live-{i:02d}@{DOMEIN}", org0) for i in range(1, self.n_live + 1)]
        s.schrijf(User, ["id", "email", "naam", "password", "date_joined"], gebruikers)
        s.schrijf(Lidmaatschap, ["organisatie_id", "user_id", "is_beheerder"], leden)
        self.emails = {uid: email for uid, email, *_rest in gebruikers}

    # Trajecten: the traject, its kwestie, kaders and roles

    def trajecten(self):
        s, rnd = self.schrijver, self.rnd
        n = self.n_bulk
        eerste = s.ids(Traject, n)
        # Which trajecten have an ordinary meeting, and in which state: it decides when they began.
        met_bijeenkomst = rnd.sample(range(n), self.n_bijeenkomsten)
        gepland = max(1, round(self.n_bijeenkomsten / 10)) if self.n_bijeenkomsten >= 2 else 0
        status = {}
        for j, index in enumerate(met_bijeenkomst):
            status[index] = Bijeenkomst.Status.GEPLAND if j < gepland else Bijeenkomst.Status.AFGEROND
        # Zipf-like: a few surnames are common, most are rare, as in the phone book.
        gewichten = [1 / (r + 8) for r in range(len(ACHTERNAMEN))]
        achternamen = rnd.choices(ACHTERNAMEN, weights=gewichten, k=n)
        labels_per_org = defaultdict(Counter)
        self.plannen = []
        kader_id = s.ids(Kader, 3 * n)
        org0 = self.org_ids[0]
        for i in range(n):
            t = TrajectPlan()
            t.id = eerste + i
            if i < self.n_lijst:
                t.org, t.facilitator = org0, self.lijst
            else:
                t.org = self.org_ids[i % self.n_org]
                t.facilitator = self.facilitator[t.org]
            t.kadersteller = self.kadersteller[t.org]
            t.bijeenkomst = status.get(i)
            if t.bijeenkomst == Bijeenkomst.Status.AFGEROND:
                dagen = rnd.randint(75, 720)
            elif t.bijeenkomst == Bijeenkomst.Status.GEPLAND:
                dagen = rnd.randint(20, 60)
            else:
                dagen = rnd.randint(1, 720)
            t.op = self.nu - datetime.timedelta(days=dagen, minutes=rnd.randint(0, 600))
            t.achternaam = achternamen[i]
            # The lijst user's first traject has a full name, so there is a surname to search for at any scale.
            voluit = i == 0 or rnd.random() < 0.6
            basis = f"Familie {t.achternaam}" if voluit else f"Familie {initiaal(t.achternaam)}."
            labels_per_org[t.org][basis] += 1
            keer = labels_per_org[t.org][basis]
            t.label = basis if keer == 1 else f"{basis} ({keer})"
            t.kind = rnd.choice(KINDERNAMEN)
            t.leeftijd = rnd.randint(3, 16)
            t.vraag = f"Wat is ervoor nodig dat {t.kind} ({t.leeftijd}) {rnd.choice(DOELEN)}?"
            t.beschrijving = _kort(rnd.choice(BESCHRIJVINGEN), t.kind)
            soorten = ["veiligheid"] + rnd.sample(["wettelijk", "financieel", "afspraak"], 2)
            t.kaders = [(soort, *(_kort(x, t.kind) for x in rnd.choice(KADERS[soort]))) for soort in soorten]
            t.kader_id = kader_id + 3 * i
            t.kaders_vast = t.bijeenkomst is not None or rnd.random() < 0.45
            t.kaders_vast_op = t.op + datetime.timedelta(days=14) if t.kaders_vast else None
            # Vaststellen needs what happens without a safe plan; a concept set may not have it yet.
            if t.kaders_vast or rnd.random() < 0.6:
                t.interventie = _kort(rnd.choice(ALS_GEEN_VEILIG_PLAN), t.kind)
                t.wie_grijpt_in = f"{self.gebruiker_naam[t.kadersteller]}, gezinsvoogd"
            else:
                t.interventie, t.wie_grijpt_in = "", ""
            self.plannen.append(t)

        s.schrijf(
            Traject, ["id", "organisatie_id", "label", "aangemaakt_op", "aangemaakt_door_id"],
            ((t.id, t.org, t.label, t.op, t.facilitator) for t in self.plannen),
        )
        kwestie_id = s.ids(Kwestie, n)
        s.schrijf(
            Kwestie,
            ["id", "traject_id", "vraag", "beschrijving", "status", "vastgesteld_op", "vastgesteld_door_id", "versie"],
            ((kwestie_id + i, t.id, t.vraag, t.beschrijving, Kwestie.Status.VASTGESTELD,
              t.op + datetime.timedelta(days=3), t.facilitator, 3) for i, t in enumerate(self.plannen)),
        )
        s.schrijf(
            KwestieWijziging, ["kwestie_id", "veld", "oud", "nieuw", "door_id", "op"],
            ((kwestie_id + i, "status", Kwestie.Status.CONCEPT, Kwestie.Status.VASTGESTELD, t.facilitator,
              t.op + datetime.timedelta(days=3)) for i, t in enumerate(self.plannen)),
        )
        kaderset_id = s.ids(KaderSet, n)
        s.schrijf(
            KaderSet,
            ["id", "traject_id", "status", "versie", "vastgesteld_op", "vastgesteld_door_id", "als_geen_veilig_plan",
             "wie_grijpt_in", "bewerkversie"],
            ((kaderset_id + i, t.id, KaderSet.Status.VASTGESTELD if t.kaders_vast else KaderSet.Status.CONCEPT,
              1 if t.kaders_vast else 0, t.kaders_vast_op, t.kadersteller if t.kaders_vast else None,
              t.interventie, t.wie_grijpt_in, 2 if t.interventie else 1) for i, t in enumerate(self.plannen)),
        )
        s.schrijf(
            KaderWijziging, ["kaderset_id", "actie", "versie", "door_id", "op"],
            ((kaderset_id + i, KaderWijziging.Actie.VASTGESTELD, 1, t.kadersteller, t.kaders_vast_op)
             for i, t in enumerate(self.plannen) if t.kaders_vast),
        )
        s.schrijf(
            Kader, ["id", "kaderset_id", "soort", "tekst", "toelichting", "eigenaar_id", "aangemaakt_op"],
            ((t.kader_id + k, kaderset_id + i, soort, tekst, toelichting, t.kadersteller,
              t.op + datetime.timedelta(days=10, minutes=k))
             for i, t in enumerate(self.plannen) for k, (soort, tekst, toelichting) in enumerate(t.kaders)),
        )
        s.schrijf(
            TrajectRol, ["traject_id", "user_id", "rol"],
            ((t.id, uid, rol) for t in self.plannen
             for uid, rol in ((t.facilitator, "facilitator"), (t.kadersteller, "kadersteller"))),
        )

    # Betrokkenen: about ten per traject, one child each

    def groottes(self):
        n, totaal = self.n_bulk, self.n_bulk_betrokkenen
        basis, rest = divmod(totaal, n)
        groottes = [basis + (1 if i < rest else 0) for i in range(n)]
        spreiding = max(0, min(4, basis - MIN_KRING))
        for i in range(0, n - 1, 2):
            d = self.rnd.randint(-spreiding, spreiding)
            if groottes[i] + d >= MIN_KRING and groottes[i + 1] - d >= MIN_KRING:
                groottes[i] += d
                groottes[i + 1] -= d
        return groottes

    def betrokkenen(self):
        s, rnd = self.schrijver, self.rnd
        groottes = self.groottes()
        velden = ["id", "uuid", "traject_id", "voornaam", "achternaam", "relatie", "waarom", "is_kind", "deelname",
                  "vertegenwoordigd_door_id", "email", "telefoon", "aangemaakt_op"]
        eerste = s.ids(Betrokkene, sum(groottes))

        def rijen():
            volgende = eerste
            for t, grootte in zip(self.plannen, groottes):
                extra = rnd.sample(RELATIE_EXTRA, min(grootte - 3, len(RELATIE_EXTRA)))
                extra += rnd.choices(RELATIE_EXTRA, k=grootte - 3 - len(extra))
                relaties = ["ouder", "ouder", "kind"] + extra
                moeder = volgende
                mensen = []
                for j, relatie in enumerate(relaties):
                    bid = volgende
                    volgende += 1
                    kind = relatie == "kind"
                    voornaam = t.kind if kind else rnd.choice(VOORNAMEN)
                    if kind:
                        achternaam = ""
                    elif relatie in FAMILIE and (j == 0 or rnd.random() < 0.7):
                        achternaam = t.achternaam
                    else:
                        achternaam = rnd.choice(ACHTERNAMEN)
                    deelname, namens = "aanwezig", None
                    if kind and t.leeftijd < 12:
                        if rnd.random() < 0.65:
                            deelname, namens = "vertegenwoordigd", moeder
                        else:
                            deelname = "inbreng_vooraf"
                    waarom = _kort(rnd.choice(WAAROM), t.kind) if not kind and rnd.random() < 0.6 else ""
                    email = f"{voornaam.lower()}.{bid}@example.nl" if not kind and rnd.random() < 0.3 else ""
                    telefoon = f"06-{rnd.randint(10000000, 99999999)}" if not kind and rnd.random() < 0.5 else ""
                    op = t.op + datetime.timedelta(days=1, minutes=5 * j)
                    b_uuid = nieuwe_uuid(rnd)
                    if t.bijeenkomst is not None:
                        mensen.append((bid, b_uuid, voornaam, achternaam, relatie, kind, deelname, namens, op))
                    yield (bid, b_uuid, t.id, voornaam, achternaam, relatie, waarom, kind, deelname, namens,
                           email, telefoon, op)
                t.mensen = mensen

        s.schrijf(Betrokkene, velden, rijen())

    # Ordinary meetings: most finished with a vastgesteld plan, some planned

    def bijeenkomsten(self):
        s, rnd = self.schrijver, self.rnd
        met = [t for t in self.plannen if t.bijeenkomst is not None]
        bijeenkomst_id = s.ids(Bijeenkomst, len(met))
        rijen_bijeenkomst, afgerond = [], []
        self._kiezers = {}
        for i, t in enumerate(met):
            bid = bijeenkomst_id + i
            plaats = rnd.choice(PLAATSEN)
            if t.bijeenkomst == Bijeenkomst.Status.GEPLAND:
                dag = self.vandaag + datetime.timedelta(days=rnd.randint(3, 30))
                rijen_bijeenkomst.append((
                    bid, t.id, dag, datetime.time(10, 0), datetime.time(13, 0), plaats,
                    Bijeenkomst.Status.GEPLAND, None, None, t.op + datetime.timedelta(days=15), None,
                    Bijeenkomst.Deel.INFORMATIEF, 0,
                ))
                continue
            dag = timezone.localtime(t.op).date() + datetime.timedelta(days=rnd.randint(30, 60))
            m = self.vergadering(t, bid, dag, plaats)
            afgerond.append(m)
            self._kiezers[bid] = [(p[0], namens) for p, namens in m["stemgerechtigd"]]
            rijen_bijeenkomst.append((
                bid, t.id, dag, datetime.time(10, 0), datetime.time(13, 0), plaats,
                Bijeenkomst.Status.AFGEROND, m["begonnen_op"], t.facilitator, t.op + datetime.timedelta(days=15),
                m["vastgesteld_op"], Bijeenkomst.Deel.PRESENTATIE, m["stand"],
            ))
        s.schrijf(
            Bijeenkomst,
            ["id", "traject_id", "datum", "begintijd", "eindtijd", "plaats", "status", "begonnen_op",
             "begonnen_door_id", "aangemaakt_op", "afgerond_op", "huidig_deel", "stand"],
            rijen_bijeenkomst,
        )
        s.schrijf(
            Aanwezigheid, ["bijeenkomst_id", "betrokkene_id", "status", "vertegenwoordiger_id"],
            ((m["id"], bid, status, namens) for m in afgerond for bid, status, namens in m["aanwezigheid"]),
        )
        voorstellen = [v for m in afgerond for v in m["voorstellen"]]
        s.schrijf(
            Voorstel, ["id", "bijeenkomst_id", "nummer", "titel", "aangemaakt_op", "aangemaakt_door_id"],
            ((v["id"], v["bijeenkomst"], v["nummer"], v["titel"], v["op"], v["door"]) for v in voorstellen),
        )
        versies = [x for v in voorstellen for x in v["versies"]]
        s.schrijf(
            VoorstelVersie,
            ["id", "voorstel_id", "nummer", "tekst", "aanleiding", "wanneer", "hoe_weten", "door_id", "op"],
            ((x["id"], x["voorstel"], x["nummer"], x["tekst"], x["aanleiding"], x["wanneer"], x["hoe_weten"],
              x["door"], x["op"]) for x in versies),
        )
        s.schrijf(
            VoorstelVersie.wie.through, ["voorstelversie_id", "betrokkene_id"],
            ((x["id"], b[0]) for x in versies for b in x["wie"]),
        )
        self.rondes(afgerond)
        s.schrijf(
            Plan,
            ["id", "bijeenkomst_id", "traject_id", "status", "versie", "vastgesteld_op", "vastgesteld_door_id",
             "evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen", "stand", "bewerkversie", "inhoud", "inhoud_hash",
             "code"],
            ((m["plan"], m["id"], m["traject"].id, Plan.Status.VASTGESTELD, 1, m["vastgesteld_op"],
              m["traject"].facilitator, m["evaluatie_op"], m["wie_houdt_oog"], m["als_niet_nagekomen"],
              len(m["voorstellen"]), 2, m["inhoud"], m["inhoud_hash"], m["code"]) for m in afgerond),
        )
        s.schrijf(
            Plan.deelnemers.through, ["plan_id", "betrokkene_id"],
            ((m["plan"], p[0]) for m in afgerond for p, _namens in m["stemgerechtigd"]),
        )
        s.schrijf(
            Afspraak, ["id", "plan_id", "voorstel_id", "versie_id", "ronde_id", "wat", "wanneer", "hoe_weten"],
            ((v["afspraak"], m["plan"], v["id"], v["versies"][-1]["id"], v["rondes"][-1]["id"],
              v["versies"][-1]["tekst"], v["versies"][-1]["wanneer"], v["versies"][-1]["hoe_weten"])
             for m in afgerond for v in m["voorstellen"]),
        )
        s.schrijf(
            Afspraak.wie.through, ["afspraak_id", "betrokkene_id"],
            ((v["afspraak"], b[0]) for m in afgerond for v in m["voorstellen"] for b in v["versies"][-1]["wie"]),
        )
        toets_id = s.ids(Kadertoets, len(afgerond))
        s.schrijf(
            Kadertoets, ["id", "plan_id", "plan_stand", "door_id", "op"],
            ((toets_id + i, m["plan"], len(m["voorstellen"]), m["traject"].kadersteller,
              m["vastgesteld_op"] - datetime.timedelta(minutes=10)) for i, m in enumerate(afgerond)),
        )
        s.schrijf(
            KaderOordeel, ["toets_id", "kader_id", "voldoet", "toelichting"],
            ((toets_id + i, m["traject"].kader_id + k, True, "") for i, m in enumerate(afgerond) for k in range(3)),
        )

    def antwoorden(self, kiezers, bezwaren, zorgen, bezwaar, kind):
        """{betrokkene id: (antwoord, aandachtspunt, reden, wat_erbij)} for one round."""
        ids = [p[0] for p, _namens in kiezers]
        tegen = set(self.rnd.sample(ids, bezwaren))
        zorg = set(self.rnd.sample([i for i in ids if i not in tegen], min(zorgen, len(ids) - len(tegen))))
        uit = {}
        for i in ids:
            if i in tegen:
                reden, wat = bezwaar if len(uit) == 0 or self.rnd.random() < 0.5 else self.rnd.choice(BEZWAREN)
                uit[i] = (consent.BEZWAAR, "", _kort(reden, kind), _kort(wat, kind))
            elif i in zorg:
                uit[i] = (consent.ZORG, _kort(self.rnd.choice(ZORGEN), kind), "", "")
            else:
                uit[i] = (consent.GEEN_BEZWAAR, "", "", "")
        return uit

    def vergadering(self, t, bijeenkomst_id, dag, plaats):
        """One finished meeting, in memory: who was there, proposals, rounds, the plan and its snapshot."""
        s, rnd = self.schrijver, self.rnd
        begonnen_op = lokaal(dag, 10)
        mensen = sorted(t.mensen, key=lambda p: (p[8], p[0]))
        aanwezig, aanwezigheid = {}, []
        for j, p in enumerate(mensen):
            bid, _u, _vn, _an, relatie, kind, deelname, namens, _op = p
            if kind and deelname == "vertegenwoordigd":
                aanwezigheid.append((bid, "vertegenwoordigd", namens))
            elif (kind and deelname == "inbreng_vooraf") or (j >= 3 and len(mensen) > 5 and rnd.random() < 0.1):
                aanwezigheid.append((bid, "afwezig", None))
            else:
                aanwezigheid.append((bid, "aanwezig", None))
                aanwezig[bid] = p
        status_van = {bid: (status, namens) for bid, status, namens in aanwezigheid}
        stemgerechtigd = [
            (p, namens) for p in mensen for status, namens in [status_van[p[0]]]
            if status == "aanwezig" or (status == "vertegenwoordigd" and namens in aanwezig)
        ]
        volwassenen = [p for p in mensen if p[0] in aanwezig and not p[5]]
        drempel = self.drempel[t.org]
        moment = begonnen_op + datetime.timedelta(minutes=40)
        voorstellen = []
        gekozen = rnd.sample(VOORSTELLEN, rnd.choice([2, 3, 3, 4]))
        voorstel_id = s.ids(Voorstel, len(gekozen))
        for nummer, (titel, tekst, wanneer, hoe_weten, reden, wat_erbij) in enumerate(gekozen, start=1):
            wie = sorted(rnd.sample(volwassenen, min(len(volwassenen), rnd.randint(1, 2))), key=lambda p: (p[8], p[0]))
            v = {"id": voorstel_id + nummer - 1, "bijeenkomst": bijeenkomst_id, "nummer": nummer,
                 "titel": _kort(titel, t.kind), "op": moment, "door": t.facilitator, "versies": [], "rondes": [],
                 "afspraak": s.ids(Afspraak, 1)}
            versie = {"id": s.ids(VoorstelVersie, 1), "voorstel": v["id"], "nummer": 1, "tekst": _kort(tekst, t.kind),
                      "aanleiding": "", "wanneer": wanneer, "hoe_weten": _kort(hoe_weten, t.kind),
                      "door": t.facilitator, "op": moment, "wie": wie}
            v["versies"].append(versie)
            twee = rnd.random() < 0.35
            for ronde_nummer in (1, 2) if twee else (1,):
                if twee and ronde_nummer == 1:
                    # A small minority, or about 40%: split under a threshold of 1/3, a minority under 1/2.
                    bezwaren = 1 if rnd.random() < 0.6 else max(2, math.ceil(len(stemgerechtigd) * 0.4))
                    antwoorden = self.antwoorden(
                        stemgerechtigd, bezwaren, rnd.randint(0, 1), (reden, wat_erbij), t.kind
                    )
                else:
                    antwoorden = self.antwoorden(stemgerechtigd, 0, rnd.choice([0, 0, 1, 2]), None, t.kind)
                uitkomst = consent.uitkomst([a[0] for a in antwoorden.values()], drempel)
                ronde = {"id": None, "bijeenkomst": bijeenkomst_id, "voorstel": v["id"],
                         "versie": versie, "nummer": ronde_nummer, "drempel": drempel, "geopend_op": moment,
                         "gesloten_op": moment + datetime.timedelta(minutes=6), "door": t.facilitator,
                         "uitkomst": uitkomst, "antwoorden": antwoorden}
                v["rondes"].append(ronde)
                moment += datetime.timedelta(minutes=8)
                if uitkomst != consent.CONSENT:
                    eerste = next(a for a in antwoorden.values() if a[0] == consent.BEZWAAR)
                    versie = dict(versie, id=s.ids(VoorstelVersie, 1), nummer=versie["nummer"] + 1,
                                  tekst=f"{versie['tekst']} {eerste[3]}", aanleiding=eerste[3], op=moment)
                    v["versies"].append(versie)
            voorstellen.append(v)
        vastgesteld_op = begonnen_op + datetime.timedelta(hours=2, minutes=45)
        m = {
            "id": bijeenkomst_id, "traject": t, "datum": dag, "plaats": plaats,
            "begonnen_op": begonnen_op, "vastgesteld_op": vastgesteld_op, "aanwezigheid": aanwezigheid,
            "stemgerechtigd": stemgerechtigd, "voorstellen": voorstellen, "plan": s.ids(Plan, 1),
            "evaluatie_op": dag + datetime.timedelta(days=42),
            "wie_houdt_oog": f"{volwassenen[-1][2]}" if volwassenen else "",
            "als_niet_nagekomen": rnd.choice(VERVOLG),
        }
        m["stand"] = 2 + sum(len(v["versies"]) + 2 * len(v["rondes"]) for v in voorstellen) + len(voorstellen)
        m["inhoud"] = self.inhoud(m)
        m["inhoud_hash"] = planinhoud.hash_van(m["inhoud"])
        m["code"] = planinhoud.code_van(m["inhoud_hash"])
        return m

    def inhoud(self, m):
        """What planinhoud.inhoud() freezes for this plan, built from memory (the test compares the two)."""
        t = m["traject"]
        relatie = dict(Betrokkene.Relatie.choices)

        def persoon(p, deelname="", namens=None):
            bid, b_uuid, voornaam, achternaam, rel, kind, _d, _n, _op = p
            return {
                "uuid": met_streepjes(b_uuid), "naam": f"{voornaam} {achternaam}".strip(), "voornaam": voornaam,
                "relatie": str(relatie[rel]), "afgeschermd": False, "is_kind": kind, "deelname": deelname,
                "namens": namens or "",
            }

        voornaam = {p[0]: p[2] for p in t.mensen}
        status_van = {bid: (status, namens) for bid, status, namens in m["aanwezigheid"]}
        kring = [
            persoon(p, status_van[p[0]][0], voornaam.get(status_van[p[0]][1]))
            for p in sorted(t.mensen, key=lambda p: (p[8], p[0]))
        ]
        afspraken, rondes = [], []
        for v in m["voorstellen"]:
            versie, consent_ronde = v["versies"][-1], v["rondes"][-1]
            afspraken.append({
                "titel": v["titel"], "wat": versie["tekst"],
                "wie": [met_streepjes(p[1]) for p in versie["wie"]], "wie_namen": [p[2] for p in versie["wie"]],
                "wanneer": versie["wanneer"], "hoe_weten": versie["hoe_weten"], "voorstel_versie": versie["nummer"],
                "aandachtspunten": [
                    {"naam": voornaam[p[0]], "tekst": consent_ronde["antwoorden"][p[0]][1]}
                    for p, _namens in m["stemgerechtigd"] if consent_ronde["antwoorden"][p[0]][0] == consent.ZORG
                ],
            })
            for r in v["rondes"]:
                rondes.append({
                    "voorstel": v["titel"], "voorstel_nummer": v["nummer"], "versie": r["versie"]["nummer"],
                    "versie_tekst": r["versie"]["tekst"], "nummer": r["nummer"], "stil": False,
                    "uitkomst": r["uitkomst"],
                    "reacties": [
                        {"naam": p[2], "namens": voornaam.get(namens, ""), "antwoord": r["antwoorden"][p[0]][0],
                         "aandachtspunt": r["antwoorden"][p[0]][1], "reden": r["antwoorden"][p[0]][2],
                         "wat_erbij": r["antwoorden"][p[0]][3], "geen_antwoord_reden": ""}
                        for p, namens in m["stemgerechtigd"]
                    ],
                })
        return {
            "traject": t.label,
            "versie": 1,
            "vastgesteld_op": m["vastgesteld_op"].isoformat(),
            "facilitator": self.gebruiker_naam[t.facilitator],
            "bijeenkomst": {"datum": m["datum"].isoformat(), "plaats": m["plaats"]},
            "kwestie": {"vraag": t.vraag, "beschrijving": t.beschrijving},
            "kring": kring,
            "kaders": [
                {"soort": soort, "tekst": tekst, "toelichting": toelichting, "voldoet": True, "oordeel": ""}
                for soort, tekst, toelichting in t.kaders
            ],
            "als_geen_veilig_plan": t.interventie,
            "wie_grijpt_in": t.wie_grijpt_in,
            "afspraken": afspraken,
            "rondes": rondes,
            "vervolg": {
                "evaluatie_op": m["evaluatie_op"].isoformat(),
                "wie_houdt_oog": m["wie_houdt_oog"],
                "als_niet_nagekomen": m["als_niet_nagekomen"],
            },
        }

    def rondes(self, afgerond):
        """Rounds go in open, get their answers, then close: the database refuses answers in a closed round.

        One open round per meeting at a time, so in waves: every meeting's first round, then every second one, ...
        """
        s = self.schrijver
        per_bijeenkomst = [[r for v in m["voorstellen"] for r in v["rondes"]] for m in afgerond]
        golf = 0
        while True:
            # Sorted by outcome, so each outcome is one range of ids and closes with one UPDATE.
            rondes = sorted((rs[golf] for rs in per_bijeenkomst if len(rs) > golf), key=lambda r: r["uitkomst"])
            if not rondes:
                break
            eerste = s.ids(ConsentRonde, len(rondes))
            for i, r in enumerate(rondes):
                r["id"] = eerste + i
            # The moment of closing waits in onthuld_op: closing copies it, as _afsluiten's Coalesce would.
            s.schrijf(
                ConsentRonde,
                ["id", "bijeenkomst_id", "voorstel_id", "versie_id", "nummer", "drempel", "geopend_op",
                 "geopend_door_id", "onthuld_op"],
                ((r["id"], r["bijeenkomst"], r["voorstel"], r["versie"]["id"], r["nummer"], r["drempel"],
                  r["geopend_op"], r["door"], r["gesloten_op"]) for r in rondes),
            )
            s.schrijf(
                Reactie,
                ["ronde_id", "betrokkene_id", "namens_id", "antwoord", "aandachtspunt", "reden", "wat_erbij", "bron",
                 "door_id", "beantwoord_op", "versie"],
                ((r["id"], bid, m_namens, *r["antwoorden"][bid], Reactie.Bron.BEGELEIDER, r["door"],
                  r["geopend_op"] + datetime.timedelta(minutes=3), 1)
                 for r, kiezers in ((r, self._kiezers[r["bijeenkomst"]]) for r in rondes)
                 for bid, m_namens in kiezers),
            )
            for uitkomst in sorted({r["uitkomst"] for r in rondes}):
                ids = [r["id"] for r in rondes if r["uitkomst"] == uitkomst]
                ConsentRonde.objects.filter(pk__gte=ids[0], pk__lte=ids[-1]).update(
                    gesloten_op=F("onthuld_op"), gesloten_door=F("geopend_door"), uitkomst=uitkomst
                )
            golf += 1

    # The big meeting and the live ones, through the engine

    groot_label = "Familie Verbruggen"

    def traject_via_engine(self, label, facilitator, kadersteller, kring, kind, vraag, kind_namens=None):
        """A traject as the screens make it; kind_namens: the voornaam of who speaks for the child."""
        org = Organisatie.objects.get(pk=self.org_ids[0])
        traject = Traject.objects.create(organisatie=org, label=label, aangemaakt_door=facilitator)
        TrajectRol.objects.create(traject=traject, user=facilitator, rol=TrajectRol.Rol.FACILITATOR)
        TrajectRol.objects.create(traject=traject, user=kadersteller, rol=TrajectRol.Rol.KADERSTELLER)
        traject.kwestie.wijzig(facilitator, vraag, _kort(self.rnd.choice(BESCHRIJVINGEN), kind))
        traject.kwestie.vaststellen(facilitator)
        achternaam = label.removeprefix("Familie ").split(" (")[0]
        mensen = []
        for voornaam, relatie in kring:
            extra = {}
            if relatie == "kind" and kind_namens:
                namens = next(b for b in mensen if b.voornaam == kind_namens)
                extra = {"deelname": "vertegenwoordigd", "vertegenwoordigd_door": namens}
            if relatie == "kind":
                eigen_achternaam = ""
            else:
                eigen_achternaam = achternaam if relatie in FAMILIE else self.rnd.choice(ACHTERNAMEN)
            mensen.append(Betrokkene.objects.create(
                traject=traject, voornaam=voornaam, achternaam=eigen_achternaam, relatie=relatie,
                is_kind=relatie == "kind", waarom=_kort(self.rnd.choice(WAAROM), kind) if relatie != "kind" else "", **extra,
            ))
        kaderset = traject.kaderset
        for soort in ("veiligheid", "wettelijk", "financieel"):
            tekst, toelichting = (_kort(x, kind) for x in self.rnd.choice(KADERS[soort]))
            kaderset.kader_toevoegen(kadersteller, soort, tekst, toelichting)
        kaderset.wijzig_interventie(
            kadersteller, _kort(ALS_GEEN_VEILIG_PLAN[0], kind), f"{kadersteller.naam}, gezinsvoogd"
        )
        kaderset.vaststellen(kadersteller)
        bijeenkomst = huidige_bijeenkomst(traject)
        bijeenkomst.datum = self.vandaag
        bijeenkomst.begintijd, bijeenkomst.eindtijd = datetime.time(9, 30), datetime.time(16, 30)
        bijeenkomst.plaats = PLAATSEN[0]
        bijeenkomst.save()
        bijeenkomst.starten(facilitator)
        return traject, bijeenkomst, mensen

    def groot(self, label, vaststellen):
        """15 people (the child through grandma), N proposals of R rounds: R-1 without consent, then consent."""
        facilitator = User.objects.get(pk=self.bench_groot)
        kadersteller = User.objects.get(pk=self.kadersteller[self.org_ids[0]])
        traject, bijeenkomst, mensen = self.traject_via_engine(
            label, facilitator, kadersteller, GROTE_KRING, "Noor",
            "Wat is ervoor nodig dat Noor (9) veilig en met rust kan opgroeien, met contact met allebei haar ouders?",
            kind_namens="Ria",
        )
        ria, noor = mensen[2], mensen[3]
        for b in mensen:
            Aanwezigheid.objects.create(
                bijeenkomst=bijeenkomst, betrokkene=b,
                status="vertegenwoordigd" if b == noor else "aanwezig", vertegenwoordiger=ria if b == noor else None,
            )
        bijeenkomst.ga_naar_deel(Bijeenkomst.Deel.BESLUITVORMEND)
        volwassenen = [b for b in mensen if not b.is_kind]
        catalogus = (VOORSTELLEN * (self.groot_voorstellen // len(VOORSTELLEN) + 1))[: self.groot_voorstellen]
        for index, (titel, tekst, wanneer, hoe_weten, reden, wat_erbij) in enumerate(catalogus):
            wie = sorted(self.rnd.sample(volwassenen, 2), key=lambda b: (b.aangemaakt_op, b.id))
            tekst = _kort(tekst, "Noor")
            voorstel = Voorstel.indienen(
                bijeenkomst, facilitator, _kort(titel, "Noor"), tekst, wie=wie, wanneer=wanneer,
                hoe_weten=_kort(hoe_weten, "Noor"),
            )
            for ronde_nummer in range(1, self.groot_rondes + 1):
                laatste = ronde_nummer == self.groot_rondes
                stil = ronde_nummer % 3 == 0
                ronde = voorstel.open_ronde(facilitator, stil=stil)
                reacties = list(ronde.reacties.select_related("betrokkene"))
                if laatste:
                    tegen = 0
                elif (index + ronde_nummer) % 2:
                    tegen = self.rnd.randint(1, 2)  # a small minority
                else:
                    tegen = self.rnd.randint(5, 7)  # the circle is split
                bezwaar = set(self.rnd.sample(range(len(reacties)), tegen))
                zorg = set(self.rnd.sample([i for i in range(len(reacties)) if i not in bezwaar], 2 if laatste else 1))
                eerste_bezwaar = None
                for i, r in enumerate(reacties):
                    if i in bezwaar:
                        r_reden, r_wat = (reden, wat_erbij) if eerste_bezwaar is None else self.rnd.choice(BEZWAREN)
                        eerste_bezwaar = eerste_bezwaar or (r.betrokkene, _kort(r_wat, "Noor"))
                        ronde.reageer(r.betrokkene, consent.BEZWAAR, reden=_kort(r_reden, "Noor"),
                                      wat_erbij=_kort(r_wat, "Noor"), door=facilitator)
                    elif i in zorg:
                        ronde.reageer(r.betrokkene, consent.ZORG, aandachtspunt=_kort(self.rnd.choice(ZORGEN), "Noor"),
                                      door=facilitator)
                    else:
                        ronde.reageer(r.betrokkene, consent.GEEN_BEZWAAR, door=facilitator)
                if stil:
                    ronde.onthul()
                uitkomst = ronde.sluiten(facilitator)
                if laatste:
                    assert uitkomst == consent.CONSENT, uitkomst
                else:
                    assert uitkomst != consent.CONSENT, uitkomst
                    wie_bezwaar, toevoeging = eerste_bezwaar
                    tekst = f"{tekst} {toevoeging}"
                    voorstel.nieuwe_versie(
                        facilitator, tekst, aanleiding=f"{wie_bezwaar.voornaam}: {toevoeging}", wie=wie,
                        wanneer=wanneer, hoe_weten=_kort(hoe_weten, "Noor"),
                    )
        bijeenkomst.ga_naar_deel(Bijeenkomst.Deel.PRESENTATIE)
        plan = Plan.voor(bijeenkomst)
        for nummer, afspraak in enumerate(plan.afspraken.select_related("voorstel").prefetch_related("wie"), start=1):
            wie = list(afspraak.wie.all()) or volwassenen[:1]
            afspraak.maak_concreet(
                wie, f"{afspraak.wanneer}, vanaf {self.vandaag + datetime.timedelta(days=7):%d-%m-%Y}",
                f"{afspraak.hoe_weten} {wie[0].voornaam} houdt het bij.",
            )
        # As the vervolg form saves it: a conditional update that bumps the form's version.
        Plan.objects.filter(pk=plan.pk, status=Plan.Status.CONCEPT).update(
            bewerkversie=F("bewerkversie") + 1, evaluatie_op=self.vandaag + datetime.timedelta(days=42),
            wie_houdt_oog="Kees, de oom van Noor", als_niet_nagekomen=VERVOLG[0],
        )
        bijeenkomst.tik()
        plan.refresh_from_db()
        plan.kaders_toetsen(kadersteller, [(k, True, "") for k in traject.kaderset.kaders.geldig()])
        uitkomst = {
            "traject": str(traject.uuid), "facilitator": facilitator.email, "bijeenkomst": str(bijeenkomst.uuid),
        }
        if vaststellen:
            plan.vaststellen(facilitator)
            plan.refresh_from_db()
            _link, token = PersoonlijkeLink.uitgeven(mensen[0], facilitator)
            uitkomst.update(plan_versie=plan.versie, link_token=token)
        return uitkomst

    def live_bijeenkomst(self, nummer):
        """A meeting under way: 12 people present, phones on, each with a personal link, one proposal ready."""
        facilitator = User.objects.get(pk=self.bench_live[nummer - 1])
        kadersteller = User.objects.get(pk=self.kadersteller[self.org_ids[0]])
        kind = self.rnd.choice(KINDERNAMEN)
        kring = [(self.rnd.choice(VOORNAMEN) if r != "kind" else kind, r) for r in
                 ["ouder", "ouder", "kind", "grootouder", "grootouder", "familie", "nieuwe_partner", "vriend", "buur",
                  "leerkracht", "sportcoach", "gezinsvoogd"]]
        achternaam = self.rnd.choice(ACHTERNAMEN)
        traject, bijeenkomst, mensen = self.traject_via_engine(
            f"Familie {achternaam}", facilitator, kadersteller, kring, kind,
            f"Wat is ervoor nodig dat {kind} ({self.rnd.randint(6, 15)}) {self.rnd.choice(DOELEN)}?",
        )
        for b in mensen:
            Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=b, status="aanwezig")
        bijeenkomst.tik()
        bijeenkomst.ga_naar_deel(Bijeenkomst.Deel.BESLUITVORMEND)
        bijeenkomst.zet_telefoons(True)
        tokens = [PersoonlijkeLink.uitgeven(b, facilitator)[1] for b in mensen]
        titel, tekst, wanneer, hoe_weten, _reden, _wat = self.rnd.choice(VOORSTELLEN)
        voorstel = Voorstel.indienen(
            bijeenkomst, facilitator, _kort(titel, kind), _kort(tekst, kind), wie=mensen[:2], wanneer=wanneer,
            hoe_weten=_kort(hoe_weten, kind),
        )
        return {
            "traject": str(traject.uuid), "bijeenkomst": str(bijeenkomst.uuid), "facilitator": facilitator.email,
            "betrokkenen": [str(b.uuid) for b in mensen], "tokens": tokens, "voorstel": str(voorstel.uuid),
        }

    # What the benchmark reads

    def zoekterm(self):
        """A surname found in about 0.5% of the lijst user's trajecten (label icontains, as the overview searches)."""
        labels = [t.label.lower() for t in self.plannen if t.facilitator == self.lijst]
        doel = max(1, round(len(labels) * 0.005))
        beste = None
        # One plain word ("Leeuwen", not "van Leeuwen"): it goes into the benchmark's URL as it is.
        for naam in sorted({naam.split(" ")[-1] for naam in ACHTERNAMEN if naam.isascii()}):
            treffers = sum(naam.lower() in label for label in labels)
            if treffers and (beste is None or abs(treffers - doel) < abs(beste[1] - doel)):
                beste = (naam, treffers)
        return beste or (ACHTERNAMEN[0], 0)

    def resultaat(self):
        zoekterm, treffers = self.zoekterm()
        return {
            "wachtwoord": self.wachtwoord,
            # The login form's field is called "username", but it takes the e-mail address (organisaties.User).
            "login_veld": "username",
            "lijst": {
                "login": self.emails[self.lijst], "username": self.emails[self.lijst],
                "trajecten": sum(1 for t in self.plannen if t.facilitator == self.lijst),
            },
            "zoekterm": zoekterm,
            "zoekterm_treffers": treffers,
            "groot": self.uitkomst_groot,
            "groot_live": self.uitkomst_groot_live,
            "live": self.uitkomst_live,
            "seconden": dict(self.seconden),
        }


def project_tabellen():
    return [
        model._meta.db_table
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def sleutels_weg():
    """On PostgreSQL, drop the foreign keys of the project's tables; returns what sleutels_terug() adds back.

    A foreign key is checked row by row (at commit, they are deferred); added back after loading, PostgreSQL
    checks each key once for the whole table: the manual's advice for populating a database. Transactional
    DDL: if seeding fails, the keys are back as they were.
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        # ALTER TABLE refuses a table with checks still pending in this transaction: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [project_tabellen()],
        )
        sleutels = cursor.fetchall()
        for tabel, naam, _definitie in sleutels:
            cursor.execute(f"ALTER TABLE {tabel} DROP CONSTRAINT {connection.ops.quote_name(naam)}")
    return sleutels


def sleutels_terug(sleutels):
    """Add the foreign keys back; each is validated against every row, so nothing invalid gets through."""
    with connection.cursor() as cursor:
        for tabel, naam, definitie in sleutels:
            cursor.execute(f"ALTER TABLE {tabel} ADD CONSTRAINT {connection.ops.quote_name(naam)} {definitie}")


def aantallen():
    """Rows per model of the project's apps (many-to-many tables included), for the benchmark's report."""
    uit = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uit[model._meta.object_name] = model._base_manager.count()
    return uit
