"""Proposals on the meeting day: a new one (also from an idea), its page with every version and round,
a new version, and withdrawing it."""

import re
import uuid

import pytest

from besluitvorming.models import Plan, Voorstel, VoorstelVersie
from voorbereiding.models import Inbreng

from .conftest import assert_login_redirect
from .test_console import html, iedereen_antwoordt, url


def nieuw(**velden):
    d = {"titel": "Zwemles", "tekst": "Noor gaat op zaterdag naar zwemles.", "client_token": str(uuid.uuid4())}
    d.update(velden)
    return d


# A new proposal


def test_the_form_asks_for_title_text_and_optionally_who_when_how(alice_client, traject, lopende_bijeenkomst):
    r = alice_client.get(url(traject, "voorstel_nieuw"))
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Nieuw voorstel</h1>" in page
    for naam in ("titel", "tekst", "wanneer", "hoe_weten", "client_token"):
        assert f'name="{naam}"' in page
    assert "Sanne (Ouder)" in page and 'name="wie"' in page


def test_a_new_proposal_gets_version_1_and_goes_to_the_console(alice_client, traject, lopende_bijeenkomst, kring, alice):
    r = alice_client.post(
        url(traject, "voorstel_nieuw"),
        nieuw(wie=[str(kring[0].uuid), str(kring[2].uuid)], wanneer="Elke zaterdag", hoe_weten="Ria brengt haar."),
        follow=True,
    )
    voorstel = Voorstel.objects.get(bijeenkomst=lopende_bijeenkomst)
    assert r.redirect_chain[0][0] == url(traject, "console") + f"#voorstel-{voorstel.uuid}"
    assert "Het voorstel ‘Zwemles’ staat klaar." in html(r)
    versie = voorstel.laatste_versie()
    assert (voorstel.titel, voorstel.nummer, voorstel.aangemaakt_door) == ("Zwemles", 1, alice)
    assert (versie.nummer, versie.tekst, versie.wanneer, versie.hoe_weten) == (
        1, "Noor gaat op zaterdag naar zwemles.", "Elke zaterdag", "Ria brengt haar."
    )
    assert set(versie.wie.all()) == {kring[0], kring[2]}


def test_a_double_submit_makes_one_proposal(alice_client, traject, lopende_bijeenkomst):
    d = nieuw()
    alice_client.post(url(traject, "voorstel_nieuw"), d)
    r = alice_client.post(url(traject, "voorstel_nieuw"), d)
    assert r.status_code == 302
    assert Voorstel.objects.filter(bijeenkomst=lopende_bijeenkomst).count() == 1
    assert VoorstelVersie.objects.count() == 1


def test_missing_title_and_text_are_named_in_dutch_and_input_is_kept(alice_client, traject, lopende_bijeenkomst):
    r = alice_client.post(url(traject, "voorstel_nieuw"), nieuw(titel="", tekst="", wanneer="Elke zaterdag"))
    page = html(r)
    assert r.status_code == 200
    assert "Geef het voorstel een korte titel." in page and "Schrijf op wat het voorstel is." in page
    assert 'value="Elke zaterdag"' in page
    assert not Voorstel.objects.exists()


@pytest.mark.parametrize(
    "velden",
    [
        {"titel": "x" * 201},
        {"tekst": "x" * 3001},
        {"tekst": "Met een \x00 erin"},
        {"wie": ["niet-een-uuid"]},
        {"wie": [str(uuid.uuid4())]},
        {"wanneer": "x" * 301},
    ],
)
def test_bad_input_is_refused_without_a_crash(alice_client, traject, lopende_bijeenkomst, velden):
    r = alice_client.post(url(traject, "voorstel_nieuw"), nieuw(**velden))
    assert r.status_code == 200
    assert "Niet alles is goed ingevuld." in html(r)
    assert not Voorstel.objects.exists()


def test_someone_removed_from_the_kring_cannot_be_chosen(alice_client, traject, lopende_bijeenkomst, kring):
    kring[1].verwijder()
    r = alice_client.post(url(traject, "voorstel_nieuw"), nieuw(wie=[str(kring[1].uuid)]))
    assert "Kies iemand uit de kring." in html(r)


def test_an_idea_prefills_the_form_and_is_linked(alice_client, traject, lopende_bijeenkomst, kring):
    idee = Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="Noor gaat op zwemles bij De Spetter.")
    page = html(alice_client.get(url(traject, "voorstel_nieuw") + f"?idee={idee.uuid}"))
    assert "Uit de voorbereiding: een idee van Sanne." in page
    assert "Noor gaat op zwemles bij De Spetter.</textarea>" in page
    assert f'name="idee" value="{idee.uuid}"' in page
    alice_client.post(url(traject, "voorstel_nieuw"), nieuw(idee=str(idee.uuid)))
    assert Voorstel.objects.get().idee == idee


def test_an_anonymous_idea_does_not_name_its_author(alice_client, traject, lopende_bijeenkomst, kring):
    idee = Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="Zwemles", met_naam=False)
    page = html(alice_client.get(url(traject, "voorstel_nieuw") + f"?idee={idee.uuid}"))
    hint = page.split('class="hint-box"')[1].split("</div>")[0]
    assert "een idee van Iemand uit de kring" in hint and "Sanne" not in hint


@pytest.mark.parametrize("soort", ["garbage", "onbekend", "ander_traject", "woorden", "verwijderd"])
def test_an_unknown_or_foreign_idea_is_ignored(
    alice_client, traject, lopende_bijeenkomst, kring, mallory_traject, soort
):
    from django.utils import timezone

    from kwesties.models import Betrokkene

    waarde = {"garbage": "niet-een-uuid\x00", "onbekend": str(uuid.uuid4())}.get(soort)
    if soort == "ander_traject":
        vreemd = Betrokkene.objects.create(traject=mallory_traject, voornaam="X", relatie="buur")
        waarde = str(Inbreng.objects.create(traject=mallory_traject, betrokkene=vreemd, tekst="Geheim idee").uuid)
    elif soort == "woorden":
        waarde = str(Inbreng.objects.create(traject=traject, betrokkene=kring[0], soort="woorden", tekst="Woorden").uuid)
    elif soort == "verwijderd":
        waarde = str(
            Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="Weg", verwijderd_op=timezone.now()).uuid
        )
    r = alice_client.get(url(traject, "voorstel_nieuw"), {"idee": waarde})
    assert r.status_code == 200
    assert "Uit de voorbereiding" not in html(r) and "Geheim idee" not in html(r)
    r = alice_client.post(url(traject, "voorstel_nieuw"), nieuw(idee=waarde))
    assert r.status_code == 302
    assert Voorstel.objects.get().idee is None


# The proposal's page


def test_the_page_shows_every_version_with_why_and_every_round_in_full(alice_client, traject, voorstel, alice, kring):
    r1 = voorstel.open_ronde(alice)
    sanne, mark, ria, noor, fatima = kring
    r1.reageer(sanne, "geen_bezwaar", door=alice)
    r1.reageer(mark, "bezwaar", reden="Te vaak weg van huis", wat_erbij="Eens per maand", door=alice)
    r1.reageer(ria, "zorg", aandachtspunt="Wie brengt haar?", door=alice)
    r1.reageer(noor, "geen_bezwaar", door=alice)
    r1.sluiten(alice, geen_antwoord={fatima.id: "vertrokken"})
    voorstel.nieuwe_versie(alice, "Noor is eens per maand bij Mark.", aanleiding="Mark: eens per maand")
    r2 = voorstel.open_ronde(alice)
    r = alice_client.get(url(traject, "voorstel", voorstel.uuid))
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Voorstel 1: Weekend bij papa</h1>" in page
    v2, v1 = page.split('id="versie-2"')[1].split('id="versie-1"')
    assert "Noor is eens per maand bij Mark." in v2 and "Mark: eens per maand" in v2 and "Waarom deze versie?" in v2
    assert 'id="ronde"' in v2 and "Consentronde 2" in v2 and r2.uuid.hex[:8] in v2
    assert "elk tweede weekend" in v1 and "Consentronde 1" in v1
    assert "Geen consent: een kleine groep heeft bezwaar" in v1
    assert "Te vaak weg van huis" in v1 and "Eens per maand" in v1 and "Wie brengt haar?" in v1
    assert "Noor</bdi> <span class=\"muted\">(Ria sprak namens Noor)</span>" in v1
    assert "Is eerder weggegaan" in v1
    assert "Genoteerd door de begeleider" in v1


def test_the_page_escapes_html(alice_client, traject, lopende_bijeenkomst, alice):
    v = Voorstel.indienen(lopende_bijeenkomst, alice, "<i>x</i>", "<script>alert(1)</script>", aanleiding="<b>y</b>")
    v.nieuwe_versie(alice, "tekst", aanleiding="<b>waarom</b>")
    page = html(alice_client.get(url(traject, "voorstel", v.uuid)))
    assert "<script>alert" not in page and "<b>waarom</b>" not in page and "<i>x</i>" not in page
    assert "&lt;b&gt;waarom&lt;/b&gt;" in page


def test_a_proposal_of_another_meeting_is_a_404(alice_client, traject, voorstel, alice):
    from django.utils import timezone

    from besluitvorming.models import Bijeenkomst

    Bijeenkomst.objects.filter(pk=voorstel.bijeenkomst_id).update(status="afgerond", afgerond_op=timezone.now())
    assert alice_client.get(url(traject, "voorstel", voorstel.uuid)).status_code == 200
    Bijeenkomst.objects.create(traject=traject)
    assert alice_client.get(url(traject, "voorstel", voorstel.uuid)).status_code == 404


# A new version


def test_a_new_version_starts_from_the_latest_text_and_details(alice_client, traject, voorstel, kring):
    r = alice_client.get(url(traject, "voorstel_versie", voorstel.uuid))
    page = html(r)
    assert r.status_code == 200
    assert "Nieuwe versie van ‘Weekend bij papa’" in page
    assert "\nNoor is elk tweede weekend bij Mark, van vrijdag 17:00 tot zondag 17:00.</textarea>" in page
    assert 'value="Elk tweede weekend"' in page
    assert re.search(rf'value="{kring[1].uuid}"[^>]*checked', page)
    assert not re.search(rf'value="{kring[0].uuid}"[^>]*checked', page)


def test_after_a_small_minority_objects_the_reason_lists_what_they_need(alice_client, traject, ronde, alice, kring):
    iedereen_antwoordt(ronde, alice)
    ronde.reageer(kring[1], "bezwaar", reden="Te vaak", wat_erbij="Ook afspraken over de vakanties", door=alice)
    ronde.sluiten(alice)
    page = html(alice_client.get(url(traject, "voorstel_versie", ronde.voorstel.uuid)))
    aanleiding = page.split('name="aanleiding"')[1].split("</textarea>")[0]
    assert "Wat heb je nodig, wat moet erbij, om mee te gaan?" in aanleiding
    assert "- Mark: Ook afspraken over de vakanties" in aanleiding


def test_after_the_plan_fails_a_kader_the_reason_names_the_kader_and_the_note(
    alice_client, traject, afspraak, bob, kaders_vastgesteld
):
    plan = Plan.voor(afspraak.plan.bijeenkomst)
    kader = kaders_vastgesteld.kaders.get()
    plan.kaders_toetsen(bob, [(kader, False, "Er staat niets over waar Noor slaapt.")])
    page = html(alice_client.get(url(traject, "voorstel_versie", afspraak.voorstel.uuid)))
    aanleiding = page.split('name="aanleiding"')[1].split("</textarea>")[0]
    assert "Noor en Daan slapen elke nacht op een vaste, veilige plek.: Er staat niets over waar Noor slaapt." in aanleiding


def test_saving_a_new_version_keeps_the_old_one(alice_client, traject, voorstel, alice, kring):
    d = {"tekst": "Eens per maand.", "aanleiding": "Mark wil minder", "wanneer": "Maandelijks",
         "wie": [str(kring[0].uuid)], "client_token": str(uuid.uuid4())}
    r = alice_client.post(url(traject, "voorstel_versie", voorstel.uuid), d, follow=True)
    assert r.redirect_chain[0][0] == url(traject, "console") + f"#voorstel-{voorstel.uuid}"
    assert "Versie 2 van ‘Weekend bij papa’ staat klaar." in html(r)
    versies = list(voorstel.versies.order_by("nummer"))
    assert [v.tekst for v in versies] == [
        "Noor is elk tweede weekend bij Mark, van vrijdag 17:00 tot zondag 17:00.", "Eens per maand."
    ]
    assert versies[1].aanleiding == "Mark wil minder" and versies[1].door == alice
    assert list(versies[1].wie.all()) == [kring[0]]
    # A double submit finds the version it made.
    alice_client.post(url(traject, "voorstel_versie", voorstel.uuid), d)
    assert voorstel.versies.count() == 2


def test_a_version_without_text_is_refused_and_input_kept(alice_client, traject, voorstel):
    r = alice_client.post(
        url(traject, "voorstel_versie", voorstel.uuid),
        {"tekst": "  ", "aanleiding": "Mijn reden", "client_token": str(uuid.uuid4())},
    )
    assert r.status_code == 200
    assert "Schrijf op wat het voorstel is." in html(r) and "\nMijn reden</textarea>" in html(r)
    assert voorstel.versies.count() == 1


def test_a_withdrawn_proposal_gets_no_new_version(alice_client, traject, voorstel):
    voorstel.intrekken()
    r = alice_client.post(
        url(traject, "voorstel_versie", voorstel.uuid), {"tekst": "x", "client_token": str(uuid.uuid4())}, follow=True
    )
    assert "Dit voorstel is ingetrokken." in html(r)
    assert voorstel.versies.count() == 1


# Withdrawing


def test_withdrawing_takes_the_proposal_off_the_console(alice_client, traject, voorstel):
    r = alice_client.post(url(traject, "voorstel_intrekken", voorstel.uuid), follow=True)
    assert "Het voorstel ‘Weekend bij papa’ is ingetrokken." in html(r)
    voorstel.refresh_from_db()
    assert voorstel.ingetrokken_op is not None
    r = alice_client.post(url(traject, "voorstel_intrekken", voorstel.uuid), follow=True)
    assert "Dit voorstel was al ingetrokken." in html(r)


def test_a_proposal_with_an_open_round_cannot_be_withdrawn(alice_client, traject, ronde):
    r = alice_client.post(url(traject, "voorstel_intrekken", ronde.voorstel.uuid), follow=True)
    assert "Er loopt nog een ronde over dit voorstel." in html(r)
    ronde.voorstel.refresh_from_db()
    assert ronde.voorstel.ingetrokken_op is None


def test_a_proposal_in_the_plan_cannot_be_withdrawn(alice_client, traject, afspraak):
    r = alice_client.post(url(traject, "voorstel_intrekken", afspraak.voorstel.uuid), follow=True)
    assert "Dit voorstel staat al in het plan." in html(r)
    afspraak.voorstel.refresh_from_db()
    assert afspraak.voorstel.ingetrokken_op is None


def test_withdrawing_only_accepts_post(alice_client, traject, voorstel):
    assert alice_client.get(url(traject, "voorstel_intrekken", voorstel.uuid)).status_code == 405


# Access


def urls(traject, voorstel):
    return [
        url(traject, "voorstel_nieuw"),
        url(traject, "voorstel", voorstel.uuid),
        url(traject, "voorstel_versie", voorstel.uuid),
        url(traject, "voorstel_intrekken", voorstel.uuid),
    ]


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, voorstel):
    for u in urls(traject, voorstel):
        assert mallory_client.get(u).status_code in (404, 405), u
        assert mallory_client.post(u, nieuw()).status_code == 404, u
    assert Voorstel.objects.count() == 1 and VoorstelVersie.objects.count() == 1


def test_another_trajects_proposal_is_a_404(alice_client, traject, voorstel, org, alice, mallory_traject):
    from kwesties.models import Traject, TrajectRol

    ander = Traject.objects.create(organisatie=org, label="Familie K.", aangemaakt_door=alice)
    TrajectRol.objects.create(traject=ander, user=alice, rol="facilitator")
    assert alice_client.get(url(ander, "voorstel", voorstel.uuid)).status_code == 404
    assert alice_client.post(url(ander, "voorstel_intrekken", voorstel.uuid)).status_code == 404
    assert alice_client.get(url(traject, "voorstel", uuid.uuid4())).status_code == 404


def test_the_kadersteller_gets_403(bob_client, traject, voorstel):
    for u in urls(traject, voorstel):
        assert bob_client.get(u).status_code in (403, 405), u
        assert bob_client.post(u, nieuw()).status_code == 403, u
    voorstel.refresh_from_db()
    assert voorstel.ingetrokken_op is None and Voorstel.objects.count() == 1


def test_anonymous_users_are_sent_to_login(client, traject, voorstel):
    for u in urls(traject, voorstel):
        assert_login_redirect(client.get(u))
        assert_login_redirect(client.post(u, nieuw()))
