"""Demo data: one organisation, three demo users and two realistic trajecten.

Familie J. (a complex divorce) is in the middle of its besluitvormingsbijeenkomst: kaders fixed,
conversations held, one proposal agreed after a second version, a consent round open on the next.
Familie K. is still at its kaders. Familie B. has a vastgesteld plan, with its PDF and the family's link page.
Safe to run again: what exists is left as it is.
"""

import datetime
import hashlib
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from account import tweestaps
from besluitvorming.models import Aanwezigheid, Bijeenkomst, Plan, Voorstel, huidige_bijeenkomst
from kaders.models import Kader
from kwesties.models import Betrokkene, Traject, TrajectRol
from links.models import PersoonlijkeLink
from organisaties.models import Lidmaatschap, Organisatie, User
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

DEMO_PASSWORD = "nieuwe-route-demo"
ORGANISATIE = "Jeugdbescherming Regio Oost (demo)"
LOGINS = [
    ("facilitator@demo.nieuweroute.nl", "Femke de Boer", "facilitator (onafhankelijke begeleider)", False),
    ("gezinsvoogd@demo.nieuweroute.nl", "Gijs Verhoeven", "gezinsvoogd (kadersteller)", False),
    ("beheer@demo.nieuweroute.nl", "Bea Koster", "beheerder van de organisatie", True),
]
# Kaderstellers and beheerders always log in with a code from an app. The demo gives them an app whose key is
# known (and printed), so a demo needs no phone: the key is derived from the email address, the same on every run.
MET_APP = ["gezinsvoogd@demo.nieuweroute.nl", "beheer@demo.nieuweroute.nl"]


def demo_sleutel(email):
    return hashlib.sha1(f"nieuwe-route-demo:{email}".encode()).hexdigest()


class Command(BaseCommand):
    help = "Load the demo organisation, users and traject (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="Only print the demo logins.")
        parser.add_argument("--codes", action="store_true", help="Only print the demo apps' codes of this moment.")

    def handle(self, *args, print_logins=False, codes=False, **options):
        if print_logins:
            self.print_logins()
            return
        if codes:
            self.print_codes()
            return
        with transaction.atomic():
            self.load()

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write("Nieuwe Route draait op http://127.0.0.1:8000")
        self.stdout.write("Demo-logins (wachtwoord voor iedereen: %s):" % DEMO_PASSWORD)
        for email, naam, rol, _ in LOGINS:
            self.stdout.write(f"  {email:36} {naam} – {rol}")
        apps = TOTPDevice.objects.filter(user__email__in=MET_APP, confirmed=True).select_related("user").order_by("user__email")
        if apps:
            self.stdout.write("Tweestapsverificatie: de gezinsvoogd en de beheerder vullen na het wachtwoord een code in.")
            self.stdout.write("Zet hun sleutel in een authenticator-app, of vraag de code van dit moment op met:")
            self.stdout.write("  python manage.py demodata --codes")
            for app in apps:
                self.stdout.write(f"  {app.user.email:36} sleutel {tweestaps.sleutel_in_letters(app)}")
                self.stdout.write(f"  {'':36} {app.config_url}")
        sanne = Betrokkene.objects.filter(
            traject__label="Familie J.", traject__organisatie__naam=ORGANISATIE, voornaam="Sanne"
        ).first()
        if sanne is not None:
            # Only the hash of a token is stored, so each start makes a fresh demo link (the previous one stops).
            facilitator = User.objects.filter(email=LOGINS[0][0]).first()
            _link, token = PersoonlijkeLink.uitgeven(sanne, facilitator)
            self.stdout.write("Persoonlijke link van Sanne (ouder, zonder account):")
            self.stdout.write(f"  http://127.0.0.1:8000{reverse('link:pagina', args=[token])}")
        lotte = Betrokkene.objects.filter(
            traject__label="Familie B.", traject__organisatie__naam=ORGANISATIE, voornaam="Lotte"
        ).first()
        if lotte is not None:
            facilitator = User.objects.filter(email=LOGINS[0][0]).first()
            _link, token = PersoonlijkeLink.uitgeven(lotte, facilitator)
            self.stdout.write("Persoonlijke link van Lotte (Familie B., het vastgestelde plan):")
            self.stdout.write(f"  http://127.0.0.1:8000{reverse('link:pagina', args=[token])}")
        self.stdout.write("")

    def print_codes(self):
        over = 30 - int(time.time()) % 30
        for app in TOTPDevice.objects.filter(user__email__in=MET_APP, confirmed=True).select_related("user").order_by("user__email"):
            self.stdout.write(f"{app.user.email:36} {tweestaps.code_voor(app)}  (nog {over} seconden)")

    def load(self):
        org, _ = Organisatie.objects.get_or_create(naam=ORGANISATIE)
        users = {}
        for email, naam, _rol, beheerder in LOGINS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, naam=naam)
            Lidmaatschap.objects.get_or_create(user=user, organisatie=org, defaults={"is_beheerder": beheerder})
            users[email.split("@")[0]] = user
            if email in MET_APP and not tweestaps.heeft_tweestaps(user):
                TOTPDevice.objects.create(user=user, key=demo_sleutel(email), name=tweestaps.APP, confirmed=True)
        facilitator, gezinsvoogd = users["facilitator"], users["gezinsvoogd"]
        traject = Traject.objects.filter(organisatie=org, label="Familie J.").first()
        if traject is None:
            traject = self.familie_j(org, facilitator, gezinsvoogd)
        if not traject.gesprekken.exists():
            self.voorbereiding(traject, facilitator, gezinsvoogd)
        bijeenkomst = huidige_bijeenkomst(traject)
        if not bijeenkomst.voorstellen.exists() and bijeenkomst.status == Bijeenkomst.Status.GEPLAND:
            self.bijeenkomst(bijeenkomst, facilitator)
        if not Traject.objects.filter(organisatie=org, label="Familie K.").exists():
            self.familie_k(org, facilitator, gezinsvoogd)
        if not Traject.objects.filter(organisatie=org, label="Familie B.").exists():
            self.familie_b(org, facilitator, gezinsvoogd)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def familie_j(self, org, facilitator, gezinsvoogd):
        traject = Traject.objects.create(organisatie=org, label="Familie J.", aangemaakt_door=facilitator)
        TrajectRol.objects.create(traject=traject, user=facilitator, rol=TrajectRol.Rol.FACILITATOR)
        TrajectRol.objects.create(traject=traject, user=gezinsvoogd, rol=TrajectRol.Rol.KADERSTELLER)

        kwestie = traject.kwestie
        kwestie.wijzig(
            facilitator,
            "Wat is ervoor nodig dat Noor (9) en Daan (6) veilig en met rust kunnen opgroeien, "
            "met contact met allebei hun ouders?",
            "Sanne en Mark zijn een jaar uit elkaar. Ze praten bijna niet meer met elkaar. "
            "De overdracht van de kinderen gaat vaak mis. Dan is er ruzie waar de kinderen bij zijn.\n\n"
            "Noor zegt dat ze buikpijn heeft voor elke wissel. Daan slaapt slecht. "
            "School maakt zich zorgen, omdat Noor vaak te laat komt.\n\n"
            "Iedereen wil dat de kinderen zich weer veilig voelen.",
        )
        kwestie.vaststellen(facilitator)

        def lid(**kw):
            return Betrokkene.objects.create(traject=traject, **kw)

        sanne = lid(voornaam="Sanne", achternaam="Jacobs", relatie="ouder",
                    waarom="Ik wil dat de kinderen niet meer bang zijn bij de wissel.", taal="Nederlands")
        mark = lid(voornaam="Mark", achternaam="de Wit", relatie="ouder",
                   waarom="Ik mis mijn kinderen en wil een vaste regeling.")
        mark.niet_samen_met.add(sanne)
        ria = lid(voornaam="Ria", achternaam="Jacobs", relatie="grootouder",
                  waarom="Ik vang de kinderen vaak op en zie hoe moe ze zijn.")
        lid(voornaam="Noor", relatie="kind", is_kind=True, deelname="vertegenwoordigd", vertegenwoordigd_door=ria,
            waarom="Noor wil dat papa en mama geen ruzie meer maken.")
        lid(voornaam="Daan", relatie="kind", is_kind=True, deelname="inbreng_vooraf")
        lid(voornaam="Yusuf", achternaam="Demir", relatie="nieuwe_partner",
            waarom="Ik woon met Mark samen en wil helpen waar het kan.", taal="Turks", tolk_nodig=True)
        lid(voornaam="Ellen", achternaam="Vos", relatie="leerkracht", waarom="Noor komt vaak moe en te laat op school.")
        lid(voornaam="Gijs", achternaam="Verhoeven", relatie="gezinsvoogd")

        kaderset = traject.kaderset
        for soort, tekst, toelichting in [
            ("wettelijk", "Noor en Daan wonen bij Sanne. Dat heeft de rechter zo besloten.",
             "Uitspraak van de kinderrechter van maart. Dit verandert niet in deze bijeenkomst."),
            ("veiligheid", "De kinderen zijn niet meer bij ruzie tussen volwassenen, ook niet bij de wissel.",
             "Dit is de ondergrens: wat minimaal anders moet om veilig te zijn."),
            ("financieel", "Voor begeleide overdracht is maximaal 10 keer een vergoeding mogelijk.", ""),
        ]:
            Kader.objects.create(kaderset=kaderset, soort=soort, tekst=tekst, toelichting=toelichting, eigenaar=gezinsvoogd)
        kaderset.als_geen_veilig_plan = (
            "Als er binnen zes weken geen veilig plan is, vraagt de gezinsvoogd de rechter om de omgang te regelen."
        )
        kaderset.wie_grijpt_in = "Gijs Verhoeven, gezinsvoogd"
        kaderset.save()
        return traject

    def voorbereiding(self, traject, facilitator, gezinsvoogd):
        """Phase 3 under way: kaders fixed, four conversations, a request, ideas, the meeting planned."""
        kaderset = traject.kaderset
        if not kaderset.is_vastgesteld and kaderset.heeft_interventie:
            kaderset.vaststellen(gezinsvoogd)
        mensen = {b.voornaam: b for b in traject.betrokkenen.in_kring()}
        vandaag = timezone.localdate()

        def gesprek(dagen_geleden, vorm, wie, prive, gedeeld):
            g = Gesprek.objects.create(
                traject=traject, datum=vandaag - datetime.timedelta(days=dagen_geleden), vorm=vorm,
                begeleider=facilitator, notities_prive=prive, notities_gedeeld=gedeeld,
            )
            g.deelnemers.set([mensen[n] for n in wie if n in mensen])
            return g

        # The parents are in conflict: each has a conversation of their own.
        met_sanne = gesprek(
            12, "in_persoon", ["Sanne"],
            "Sanne is bang dat Mark boos wordt als zij de regeling ter sprake brengt.",
            "Sanne wil dat de wissel op een vaste, rustige plek gebeurt, bijvoorbeeld bij school.",
        )
        met_mark = gesprek(
            10, "telefoon", ["Mark"],
            "Mark voelt zich buitengesloten en heeft weinig vertrouwen in de gezinsvoogd.",
            "Mark wil de kinderen elke week zien en wil meedenken over een oplossing voor de wissel.",
        )
        gesprek(7, "in_persoon", ["Ria", "Noor"], "",
                "Noor tekende haar huis en het huis van papa. Ze wil dat de ruzie stopt.")
        gesprek(5, "video", ["Yusuf"], "", "Yusuf wil Mark helpen om rustig te blijven bij de wissel.")

        oom = Betrokkene.objects.create(
            traject=traject, voornaam="Kees", achternaam="Jacobs", relatie="familie",
            waarom="Oom van de kinderen. Sanne noemde hem: hij kan goed met Mark praten.",
        )
        met_sanne.aangedragen.add(oom)
        InformatieVerzoek.objects.create(
            traject=traject, gesprek=met_sanne, wat="Hoe vaak kwam Noor dit schooljaar te laat?",
            van_wie="Ellen Vos (school)", uiterlijk=vandaag + datetime.timedelta(days=7), aangemaakt_door=facilitator,
        )
        verzoek = InformatieVerzoek.objects.create(
            traject=traject, gesprek=met_mark, wat="Welke begeleide overdracht kan de gemeente betalen?",
            van_wie="Gijs Verhoeven (gezinsvoogd)", aangemaakt_door=facilitator,
        )
        verzoek.beantwoorden("Tien keer een begeleide overdracht bij het buurthuis, betaald door de gemeente.")
        Inbreng.objects.create(
            traject=traject, betrokkene=mensen["Sanne"], gesprek=met_sanne,
            tekst="De wissel gebeurt op school: Sanne brengt, Mark haalt op.", met_naam=True,
        )
        Inbreng.objects.create(
            traject=traject, betrokkene=mensen["Mark"], gesprek=met_mark,
            tekst="Oma Ria is bij de eerste vijf wissels, zodat het rustig blijft.", met_naam=False,
        )
        sanne = mensen["Sanne"]
        sanne.naast_wie = "Kees, haar broer"
        sanne.save(update_fields=["naast_wie"])

        bijeenkomst = huidige_bijeenkomst(traject)
        bijeenkomst.datum = vandaag + datetime.timedelta(days=16)
        bijeenkomst.begintijd = datetime.time(13, 30)
        bijeenkomst.eindtijd = datetime.time(16, 30)
        bijeenkomst.plaats = "Buurthuis De Linde, Lindelaan 4, Deventer"
        bijeenkomst.save()

    def bijeenkomst(self, bijeenkomst, facilitator):
        """Phase 4 under way: today's meeting, one agreement reached in two rounds, a round open on the next idea."""
        traject = bijeenkomst.traject
        bijeenkomst.datum = timezone.localdate()
        bijeenkomst.save(update_fields=["datum"])
        bijeenkomst.starten(facilitator)
        mensen = {b.voornaam: b for b in traject.betrokkenen.in_kring()}
        for naam in ("Sanne", "Mark", "Ria", "Yusuf", "Ellen", "Gijs", "Kees"):
            Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=mensen[naam], status="aanwezig")
        Aanwezigheid.objects.create(
            bijeenkomst=bijeenkomst, betrokkene=mensen["Noor"], status="vertegenwoordigd", vertegenwoordiger=mensen["Ria"]
        )
        Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=mensen["Daan"], status="afwezig")
        bijeenkomst.ga_naar_deel(Bijeenkomst.Deel.BESLUITVORMEND)
        ideeen = {i.betrokkene.voornaam: i for i in traject.inbreng.ideeen().select_related("betrokkene")}

        wissel = Voorstel.indienen(
            bijeenkomst, facilitator, "De wissel gaat via school",
            "Mark haalt Noor en Daan op vrijdag uit school. Sanne haalt ze op maandag uit school. "
            "Zo zien de ouders elkaar niet bij de wissel.",
            idee=ideeen.get("Sanne"), wie=[mensen["Mark"], mensen["Sanne"]], wanneer="Elke vrijdag en maandag",
            hoe_weten="Ellen ziet op school wie de kinderen ophaalt.",
        )
        eerste = wissel.open_ronde(facilitator)
        for r in eerste.reacties.select_related("betrokkene"):
            if r.betrokkene.voornaam == "Sanne":
                eerste.reageer(r.betrokkene, "bezwaar", reden="Op vrijdag werkt Mark vaak tot laat.",
                               wat_erbij="Als Mark niet kan, haalt Ria de kinderen op.", door=facilitator)
            else:
                eerste.reageer(r.betrokkene, "geen_bezwaar", door=facilitator)
        eerste.sluiten(facilitator)
        wissel.nieuwe_versie(
            facilitator,
            "Mark haalt Noor en Daan op vrijdag uit school. Kan Mark niet, dan haalt Ria ze op. "
            "Sanne haalt ze op maandag uit school. Zo zien de ouders elkaar niet bij de wissel.",
            aanleiding="Sanne: als Mark niet kan, haalt Ria de kinderen op.",
            wie=[mensen["Mark"], mensen["Ria"], mensen["Sanne"]], wanneer="Elke vrijdag en maandag",
            hoe_weten="Ellen ziet op school wie de kinderen ophaalt.",
        )
        tweede = wissel.open_ronde(facilitator, stil=True)
        for r in tweede.reacties.select_related("betrokkene"):
            if r.betrokkene.voornaam == "Ellen":
                tweede.reageer(r.betrokkene, "zorg", aandachtspunt="Laat school weten wie er ophaalt als het anders gaat.",
                               door=facilitator)
            elif r.betrokkene.voornaam == "Yusuf":
                tweede.reageer(r.betrokkene, "zorg", aandachtspunt="Mark moet op vrijdag op tijd weg kunnen van zijn werk.",
                               door=facilitator)
            else:
                tweede.reageer(r.betrokkene, "geen_bezwaar", door=facilitator)
        tweede.onthul()
        tweede.sluiten(facilitator)

        oma = Voorstel.indienen(
            bijeenkomst, facilitator, "Oma Ria bij de eerste wissels",
            "Ria is bij de eerste vijf wissels, zodat het rustig blijft.",
            idee=ideeen.get("Mark"), wie=[mensen["Ria"]], wanneer="De eerste vijf wissels",
            hoe_weten="Ria vertelt Gijs na de vijfde wissel hoe het ging.",
        )
        open_ronde = oma.open_ronde(facilitator)
        for r in open_ronde.reacties.select_related("betrokkene"):
            if r.betrokkene.voornaam in ("Ria", "Noor", "Mark"):
                open_ronde.reageer(r.betrokkene, "geen_bezwaar", door=facilitator)

    def familie_k(self, org, facilitator, gezinsvoogd):
        """A second traject, still at phase 2: the gezinsvoogd can try writing and fixing kaders."""
        traject = Traject.objects.create(organisatie=org, label="Familie K.", aangemaakt_door=facilitator)
        TrajectRol.objects.create(traject=traject, user=facilitator, rol=TrajectRol.Rol.FACILITATOR)
        TrajectRol.objects.create(traject=traject, user=gezinsvoogd, rol=TrajectRol.Rol.KADERSTELLER)
        traject.kwestie.wijzig(
            facilitator, "Wat is ervoor nodig dat Milan (15) weer naar school gaat en zich thuis veilig voelt?",
            "Milan gaat sinds de zomer bijna niet meer naar school. Thuis is er vaak ruzie over gamen en geld.",
        )
        traject.kwestie.vaststellen(facilitator)
        for kw in [
            {"voornaam": "Milan", "relatie": "kind", "is_kind": True, "waarom": "Ik wil dat ze ophouden met zeuren."},
            {"voornaam": "Petra", "achternaam": "Kok", "relatie": "ouder", "waarom": "Ik ben bang dat Milan afglijdt."},
            {"voornaam": "Henk", "achternaam": "Kok", "relatie": "grootouder"},
            {"voornaam": "Samira", "achternaam": "Bouali", "relatie": "sportcoach",
             "waarom": "Milan komt nog wel naar voetbal."},
        ]:
            Betrokkene.objects.create(traject=traject, **kw)
        Kader.objects.create(
            kaderset=traject.kaderset, soort="wettelijk", eigenaar=gezinsvoogd,
            tekst="Milan heeft leerplicht tot zijn 16e; de leerplichtambtenaar is op de hoogte.",
        )

    def familie_b(self, org, facilitator, gezinsvoogd):
        """A third traject whose meeting is over: the plan is checked against the kaders and vastgesteld."""
        traject = Traject.objects.create(organisatie=org, label="Familie B.", aangemaakt_door=facilitator)
        TrajectRol.objects.create(traject=traject, user=facilitator, rol=TrajectRol.Rol.FACILITATOR)
        TrajectRol.objects.create(traject=traject, user=gezinsvoogd, rol=TrajectRol.Rol.KADERSTELLER)
        traject.kwestie.wijzig(
            facilitator, "Wat is ervoor nodig dat Sem (4) elke dag op tijd naar de opvang gaat en goed eet?",
            "Lotte is alleen met Sem en werkt in wisseldiensten. Sem mist de opvang vaak en komt zonder ontbijt.",
        )
        traject.kwestie.vaststellen(facilitator)

        def lid(**kw):
            return Betrokkene.objects.create(traject=traject, **kw)

        lotte = lid(voornaam="Lotte", achternaam="Bakker", relatie="ouder", waarom="Ik wil dat Sem het goed heeft.")
        sem = lid(voornaam="Sem", relatie="kind", is_kind=True, deelname="vertegenwoordigd", vertegenwoordigd_door=lotte)
        wim = lid(voornaam="Wim", achternaam="Bakker", relatie="grootouder", waarom="Ik woon om de hoek.")
        noah = lid(voornaam="Noah", achternaam="Smit", relatie="buur", waarom="Ik breng mijn dochter ook naar de opvang.")
        kaderset = traject.kaderset
        Kader.objects.create(kaderset=kaderset, soort="veiligheid", eigenaar=gezinsvoogd,
                             tekst="Sem gaat elke werkdag naar de opvang en eet daar of thuis ontbijt.")
        kaderset.als_geen_veilig_plan = "Dan zet de gezinsvoogd extra hulp thuis in, ook als Lotte dat niet wil."
        kaderset.wie_grijpt_in = "Gijs Verhoeven, gezinsvoogd"
        kaderset.save()
        kaderset.vaststellen(gezinsvoogd)

        bijeenkomst = huidige_bijeenkomst(traject)
        bijeenkomst.datum = timezone.localdate() - datetime.timedelta(days=2)
        bijeenkomst.plaats = "Wijkcentrum De Brug"
        bijeenkomst.save()
        bijeenkomst.starten(facilitator)
        for b in (lotte, wim, noah):
            Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=b, status="aanwezig")
        Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=sem, status="vertegenwoordigd", vertegenwoordiger=lotte)
        for titel, tekst, wie, wanneer, hoe, zorg in [
            ("Opa brengt Sem", "Wim brengt Sem naar de opvang als Lotte een vroege dienst heeft.", [wim],
             "Bij elke vroege dienst van Lotte", "De opvang schrijft op wie Sem brengt.", "Ook als opa ziek is?"),
            ("Ontbijt", "Sem eet elke ochtend een boterham voordat hij weggaat.", [lotte, wim],
             "Elke ochtend", "Lotte houdt het een maand bij op de koelkast.", ""),
        ]:
            voorstel = Voorstel.indienen(bijeenkomst, facilitator, titel, tekst, wie=wie, wanneer=wanneer, hoe_weten=hoe)
            ronde = voorstel.open_ronde(facilitator)
            for r in ronde.reacties.select_related("betrokkene"):
                if zorg and r.betrokkene == noah:
                    ronde.reageer(r.betrokkene, "zorg", aandachtspunt=zorg, door=facilitator)
                else:
                    ronde.reageer(r.betrokkene, "geen_bezwaar", door=facilitator)
            ronde.sluiten(facilitator)
        plan = Plan.voor(bijeenkomst)
        plan.evaluatie_op = timezone.localdate() + datetime.timedelta(days=42)
        plan.wie_houdt_oog = "Noah, de buurman"
        plan.als_niet_nagekomen = "Dan bellen we met Gijs, de gezinsvoogd, en zoeken we samen een oplossing."
        plan.save(update_fields=["evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen"])
        plan.kaders_toetsen(gezinsvoogd, [(k, True, "") for k in kaderset.kaders.geldig()])
        plan.vaststellen(facilitator)
