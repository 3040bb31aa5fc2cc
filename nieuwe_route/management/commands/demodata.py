"""Demo data: one organisation, three demo users and one realistic traject (a complex divorce).

Safe to run again: what exists is left as it is.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from kaders.models import Kader
from kwesties.models import Betrokkene, Traject, TrajectRol
from organisaties.models import Lidmaatschap, Organisatie, User

DEMO_PASSWORD = "nieuwe-route-demo"
LOGINS = [
    ("facilitator@demo.nieuweroute.nl", "Femke de Boer", "facilitator (onafhankelijke begeleider)", False),
    ("gezinsvoogd@demo.nieuweroute.nl", "Gijs Verhoeven", "gezinsvoogd (kadersteller)", False),
    ("beheer@demo.nieuweroute.nl", "Bea Koster", "beheerder van de organisatie", True),
]


class Command(BaseCommand):
    help = "Load the demo organisation, users and traject (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, print_logins=False, **options):
        if print_logins:
            self.print_logins()
            return
        with transaction.atomic():
            self.load()

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write("Nieuwe Route draait op http://127.0.0.1:8000")
        self.stdout.write("Demo-logins (wachtwoord voor iedereen: %s):" % DEMO_PASSWORD)
        for email, naam, rol, _ in LOGINS:
            self.stdout.write(f"  {email:36} {naam} – {rol}")
        self.stdout.write("")

    def load(self):
        org, _ = Organisatie.objects.get_or_create(naam="Jeugdbescherming Regio Oost (demo)")
        users = {}
        for email, naam, _rol, beheerder in LOGINS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, naam=naam)
            Lidmaatschap.objects.get_or_create(user=user, organisatie=org, defaults={"is_beheerder": beheerder})
            users[email.split("@")[0]] = user
        if Traject.objects.filter(organisatie=org, label="Familie J.").exists():
            return
        facilitator, gezinsvoogd = users["facilitator"], users["gezinsvoogd"]
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
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
