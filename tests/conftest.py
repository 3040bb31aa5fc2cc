"""Named actors shared by every test.

alice  facilitator on the Familie J. traject (Jeugdbescherming Oost)
bob    gezinsvoogd, kadersteller on that traject
carol  beheerder of Jeugdbescherming Oost, no role on the traject
dave   second kadersteller on the traject (e.g. the gemeente)
erin   member of Jeugdbescherming Oost without any role on the traject
mallory member and beheerder of another organisation, with a traject of her own
"""

import datetime
import secrets
import string

import pytest
from django.middleware import csrf
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kwesties.models import Betrokkene, Traject, TrajectRol
from organisaties.models import Lidmaatschap, Organisatie, User

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A PDF rendered in another process would not see the test's database (tests/test_plan_pdf_opslag.py).
    settings.PLAN_PDF_ACHTERGROND = False


_token_urlsafe = secrets.token_urlsafe


@pytest.fixture(autouse=True)
def random_tokens_spell_no_names(monkeypatch):
    """Tests assert that a name is *not* in a page ("Bob" not in html). The random tokens every page carries
    (the CSRF token, personal links, the QR code) could spell one by chance, about once in a few hundred runs.
    Here they are made of digits and lowercase hex only; their length and the code that checks them stay the same.
    """
    monkeypatch.setattr(csrf, "CSRF_ALLOWED_CHARS", string.digits)
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n=None: secrets.token_hex(n)[: len(_token_urlsafe(n))])


def make_user(email, naam, org, beheerder=False):
    user = User.objects.create_user(email=email, password=PASSWORD, naam=naam)
    Lidmaatschap.objects.create(user=user, organisatie=org, is_beheerder=beheerder)
    return user


@pytest.fixture
def org(db):
    return Organisatie.objects.create(naam="Jeugdbescherming Oost")


@pytest.fixture
def other_org(db):
    return Organisatie.objects.create(naam="Andere Organisatie")


@pytest.fixture
def alice(org):
    return make_user("alice@example.org", "Alice Jansen", org)


@pytest.fixture
def bob(org):
    return make_user("bob@example.org", "Bob de Vries", org)


@pytest.fixture
def carol(org):
    return make_user("carol@example.org", "Carol Bakker", org, beheerder=True)


@pytest.fixture
def dave(org):
    return make_user("dave@example.org", "Dave Peters", org)


@pytest.fixture
def erin(org):
    return make_user("erin@example.org", "Erin Smit", org)


@pytest.fixture
def mallory(other_org):
    return make_user("mallory@example.org", "Mallory Kwaad", other_org, beheerder=True)


@pytest.fixture
def traject(org, alice, bob, dave):
    t = Traject.objects.create(organisatie=org, label="Familie J.", aangemaakt_door=alice)
    TrajectRol.objects.create(traject=t, user=alice, rol=TrajectRol.Rol.FACILITATOR)
    TrajectRol.objects.create(traject=t, user=bob, rol=TrajectRol.Rol.KADERSTELLER)
    TrajectRol.objects.create(traject=t, user=dave, rol=TrajectRol.Rol.KADERSTELLER)
    return t


@pytest.fixture
def mallory_traject(other_org, mallory):
    t = Traject.objects.create(organisatie=other_org, label="Familie X.", aangemaakt_door=mallory)
    TrajectRol.objects.create(traject=t, user=mallory, rol=TrajectRol.Rol.FACILITATOR)
    return t


@pytest.fixture
def kring(traject):
    """A realistic kring: two parents in conflict, a child represented by grandma, a teacher."""
    sanne = Betrokkene.objects.create(traject=traject, voornaam="Sanne", achternaam="Jacobs", relatie="ouder")
    mark = Betrokkene.objects.create(traject=traject, voornaam="Mark", achternaam="Jacobs", relatie="ouder")
    oma = Betrokkene.objects.create(traject=traject, voornaam="Ria", relatie="grootouder")
    noor = Betrokkene.objects.create(
        traject=traject, voornaam="Noor", relatie="kind", is_kind=True, deelname="vertegenwoordigd",
        vertegenwoordigd_door=oma,
    )
    juf = Betrokkene.objects.create(traject=traject, voornaam="Fatima", achternaam="El Idrissi", relatie="leerkracht")
    return [sanne, mark, oma, noor, juf]


@pytest.fixture
def kaders_vastgesteld(traject, bob):
    """Kaders as the gezinsvoogd fixes them before the meeting, with who steps in."""
    from kaders.models import KaderSet

    ks = KaderSet.objects.get(traject=traject)
    ks.kader_toevoegen(bob, "veiligheid", "Noor en Daan slapen elke nacht op een vaste, veilige plek.")
    ks.wijzig_interventie(bob, "De rechter beslist over een uithuisplaatsing.", "Bob de Vries, gezinsvoogd")
    ks.vaststellen(bob)
    return ks


@pytest.fixture
def bijeenkomst(traject):
    """A planned meeting: date, time and place known, the default agenda and ground rules."""
    import datetime

    from besluitvorming.models import huidige_bijeenkomst

    b = huidige_bijeenkomst(traject)
    b.datum = datetime.date.today() + datetime.timedelta(days=14)
    b.begintijd = datetime.time(10, 0)
    b.eindtijd = datetime.time(13, 0)
    b.plaats = "Buurthuis De Linde, Lindelaan 4, Deventer"
    b.save()
    return b


@pytest.fixture
def lopende_bijeenkomst(bijeenkomst, kring, kaders_vastgesteld, alice):
    """The meeting under way: Sanne, Mark, Ria and Fatima are there; Ria speaks for Noor."""
    from besluitvorming.models import Aanwezigheid

    bijeenkomst.starten(alice)
    sanne, mark, ria, noor, fatima = kring
    for b in (sanne, mark, ria, fatima):
        Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=b, status="aanwezig")
    Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=noor, status="vertegenwoordigd", vertegenwoordiger=ria)
    return bijeenkomst


@pytest.fixture
def voorstel(lopende_bijeenkomst, alice, kring):
    """A proposal in its first version, promoted from nothing: Noor stays with Mark every other weekend."""
    from besluitvorming.models import Voorstel

    return Voorstel.indienen(
        lopende_bijeenkomst, alice, "Weekend bij papa",
        "Noor is elk tweede weekend bij Mark, van vrijdag 17:00 tot zondag 17:00.",
        wie=[kring[1]], wanneer="Elk tweede weekend", hoe_weten="Sanne en Mark houden een schrift bij.",
    )


@pytest.fixture
def ronde(voorstel, alice):
    """An open consent round on the proposal's first version: five people may answer (Ria also for Noor)."""
    return voorstel.open_ronde(alice)


@pytest.fixture
def afspraak(lopende_bijeenkomst, alice, kring):
    """A second proposal that got consent with one zorg: it is an agreement in the plan."""
    from besluitvorming.models import Afspraak, Voorstel

    v = Voorstel.indienen(
        lopende_bijeenkomst, alice, "Huiswerk bij oma", "Noor maakt op dinsdag haar huiswerk bij Ria.",
        wie=[kring[2]], wanneer="Elke dinsdag", hoe_weten="Fatima ziet het huiswerk terug.",
    )
    r = v.open_ronde(alice)
    for reactie in r.reacties.all():
        if reactie.betrokkene_id == kring[4].id:
            r.reageer(reactie.betrokkene, "zorg", aandachtspunt="Ook in de vakantie?", door=alice)
        else:
            r.reageer(reactie.betrokkene, "geen_bezwaar", door=alice)
    r.sluiten(alice)
    return Afspraak.objects.get(voorstel=v)


@pytest.fixture
def vastgesteld_plan(afspraak, alice, bob, kaders_vastgesteld):
    """The plan with that agreement, checked against every kader and vastgesteld (version 1, frozen, with a code)."""
    from besluitvorming.models import Plan

    plan = afspraak.plan
    plan.evaluatie_op = datetime.date.today() + datetime.timedelta(days=42)
    plan.wie_houdt_oog = "Ria"
    plan.als_niet_nagekomen = "Dan bellen we Bob, de gezinsvoogd."
    plan.save(update_fields=["evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen"])
    plan.kaders_toetsen(bob, [(k, True, "") for k in kaders_vastgesteld.kaders.geldig()])
    plan.vaststellen(alice)
    return Plan.objects.get(pk=plan.pk)


@pytest.fixture
def gesprek(traject, kring, alice):
    """Sanne's conversation, with a private note that must never leave the facilitators."""
    from voorbereiding.models import Gesprek

    g = Gesprek.objects.create(
        traject=traject, vorm="in_persoon", begeleider=alice,
        notities_prive="PRIVE: Sanne vertelde over de ruzie met Mark in mei.",
        notities_gedeeld="Sanne wil dat Noor op dezelfde school blijft.",
    )
    g.deelnemers.set([kring[0]])
    return g


@pytest.fixture
def link(kring, alice):
    """Sanne's personal link: (link, token)."""
    from links.models import PersoonlijkeLink

    return PersoonlijkeLink.uitgeven(kring[0], alice)


# Django's own force_login: the password step only. Kept for the tests of what happens before the code.
force_login_zonder_code = Client.force_login


def force_login_met_code(client, user, backend=None):
    """force_login as the whole login: who must use two steps also gets an app and a session that gave its code."""
    force_login_zonder_code(client, user, backend)
    if user.tweestaps_verplicht():
        app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if app is None:
            app = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = app.persistent_id
        session.save()


@pytest.fixture(autouse=True)
def force_login_includes_the_code(monkeypatch):
    """Every client.force_login in the tests (also in tests that make their own Client) passes both steps."""
    monkeypatch.setattr(Client, "force_login", force_login_met_code)


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def bob_client(bob):
    return client_for(bob)


@pytest.fixture
def carol_client(carol):
    return client_for(carol)


@pytest.fixture
def dave_client(dave):
    return client_for(dave)


@pytest.fixture
def erin_client(erin):
    return client_for(erin)


@pytest.fixture
def mallory_client(mallory):
    return client_for(mallory)


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
