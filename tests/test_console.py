"""The facilitator's console on the meeting day: one page in the order of the method.

Shared helpers for the other test_console_* files live here too.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from besluitvorming.models import (
    Aanwezigheid,
    Bijeenkomst,
    ConsentRonde,
    Plan,
    Telefoonkoppeling,
    Voorstel,
    huidige_bijeenkomst,
)
from kwesties.models import Betrokkene
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

from .conftest import assert_login_redirect


def url(traject, naam, *args):
    return reverse(f"besluitvorming:{naam}", args=[traject.uuid, *args])


def html(response):
    return response.content.decode()


def sectie(page, anker):
    """The HTML from an element's id up to the next closing section, so a check cannot pass on other text."""
    return page.split(f'id="{anker}"', 1)[1].split("</section>", 1)[0]


def stand(bijeenkomst):
    return Bijeenkomst.objects.values_list("stand", flat=True).get(pk=bijeenkomst.pk)


def iedereen_antwoordt(ronde, alice, antwoord="geen_bezwaar", **velden):
    for reactie in ronde.reacties.select_related("betrokkene"):
        ronde.reageer(reactie.betrokkene, antwoord, door=alice, **velden)


def vul_bijeenkomst(traject, bijeenkomst, alice, personen, voorstellen, start=0):
    """A busy meeting: people present (every fifth represented, every third with a phone), shared
    information, ideas, and proposals with two versions and a closed round each."""
    kring = []
    for i in range(start, start + personen):
        kring.append(Betrokkene.objects.create(traject=traject, voornaam=f"Persoon{i}", relatie="familie"))
    for i, b in enumerate(kring):
        if i % 5 == 4:
            Aanwezigheid.objects.create(
                bijeenkomst=bijeenkomst, betrokkene=b, status="vertegenwoordigd", vertegenwoordiger=kring[0]
            )
        else:
            Aanwezigheid.objects.create(bijeenkomst=bijeenkomst, betrokkene=b, status="aanwezig")
        if i % 3 == 0:
            Telefoonkoppeling.koppel(bijeenkomst, b)
        g = Gesprek.objects.create(traject=traject, notities_prive=f"PRIVE {i}", notities_gedeeld=f"Gedeeld {i}")
        g.deelnemers.set([b])
        Inbreng.objects.create(traject=traject, betrokkene=b, tekst=f"Idee {i}", delen=i % 2 == 0)
        Inbreng.objects.create(traject=traject, betrokkene=b, soort="woorden", tekst=f"Woorden {i}", delen=True)
        v = InformatieVerzoek.objects.create(traject=traject, wat=f"Vraag {i}", van_wie="School")
        v.beantwoorden(f"Antwoord {i}")
    for i in range(start, start + voorstellen):
        voorstel = Voorstel.indienen(bijeenkomst, alice, f"Voorstel {i}", f"Tekst {i}", wie=kring[:2], wanneer="Nu")
        ronde = voorstel.open_ronde(alice)
        iedereen_antwoordt(ronde, alice)
        ronde.sluiten(alice)
        voorstel.nieuwe_versie(alice, f"Tekst {i} versie 2", aanleiding="Beter", wie=kring[:3])
    return kring


# Before the meeting begins


def test_before_the_start_it_points_to_the_readiness_page(alice_client, traject, kring, bijeenkomst):
    r = alice_client.get(url(traject, "console"))
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Tijdens de bijeenkomst</h1>" in page
    assert "De bijeenkomst is nog niet begonnen." in page
    assert f'href="{url(traject, "bijeenkomst")}#starten"' in page
    assert 'id="aanwezigheid"' not in page and 'id="besluitvormend"' not in page


def test_starting_the_meeting_leads_to_the_console(alice_client, traject, kring, bijeenkomst, kaders_vastgesteld):
    r = alice_client.post(url(traject, "starten"), follow=True)
    assert r.redirect_chain[-1][0] == url(traject, "console")
    assert "De bijeenkomst is begonnen." in html(r)
    assert 'id="aanwezigheid"' in html(r)


def test_the_readiness_page_links_to_the_console_and_the_flap_once_begun(
    alice_client, bob_client, traject, lopende_bijeenkomst
):
    page = html(alice_client.get(url(traject, "bijeenkomst")))
    tijdens = sectie(page, "tijdens").split("</div>\n</div>")[0]
    assert f'href="{url(traject, "console")}"' in tijdens
    assert f'href="{url(traject, "flap")}"' in tijdens
    assert url(traject, "console") not in html(bob_client.get(url(traject, "bijeenkomst")))


def test_a_planned_meeting_shows_no_console_link_on_the_readiness_page(alice_client, traject, bijeenkomst):
    assert url(traject, "console") not in html(alice_client.get(url(traject, "bijeenkomst")))


# Aanwezigheid


def test_it_shows_everyone_by_first_name_with_their_presence(alice_client, traject, lopende_bijeenkomst, kring):
    Betrokkene.objects.create(traject=traject, voornaam="Kees", relatie="buur")
    page = html(alice_client.get(url(traject, "console")))
    aanwezig = sectie(page, "aanwezigheid")
    assert "<bdi>Sanne</bdi> <span class=\"muted\">(Ouder)</span>" in aanwezig
    assert "Jacobs" not in aanwezig and "Moeder" not in page
    assert "Namens Ria" in aanwezig and "Ria spreekt namens Noor" in aanwezig
    kees = aanwezig.split("<bdi>Kees</bdi>")[1].split("</tr>")[0]
    assert "Nog niet ingevuld" in kees
    assert "4 mensen zijn er." in aanwezig and "Voor 1 persoon spreekt iemand anders." in aanwezig
    assert f'href="{url(traject, "aanwezigheid")}"' in aanwezig


def test_someone_who_is_not_there_is_marked(alice_client, traject, lopende_bijeenkomst, kring):
    Aanwezigheid.objects.filter(betrokkene=kring[1]).update(status="afwezig")
    aanwezig = sectie(html(alice_client.get(url(traject, "console"))), "aanwezigheid")
    assert "Is er niet" in aanwezig.split("<bdi>Mark</bdi>")[1].split("</tr>")[0]


def test_a_linked_phone_shows_a_badge_and_a_button_to_unlink_it(alice_client, traject, lopende_bijeenkomst, kring):
    sanne, mark = kring[0], kring[1]
    Telefoonkoppeling.koppel(lopende_bijeenkomst, sanne)
    oud, _token = Telefoonkoppeling.koppel(lopende_bijeenkomst, mark)
    oud.loskoppelen()
    aanwezig = sectie(html(alice_client.get(url(traject, "console"))), "aanwezigheid")
    rij_sanne = aanwezig.split("<bdi>Sanne</bdi>")[1].split("</tr>")[0]
    assert "Telefoon gekoppeld" in rij_sanne
    assert f'action="{url(traject, "loskoppelen", sanne.uuid)}"' in rij_sanne
    assert "Loskoppelen<span class=\"visually-hidden\"> – Sanne</span>" in rij_sanne
    rij_mark = aanwezig.split("<bdi>Mark</bdi>")[1].split("</tr>")[0]
    assert "Telefoon gekoppeld" not in rij_mark and "loskoppelen" not in rij_mark


def test_the_phone_switch_posts_the_opposite_of_what_it_is(alice_client, traject, lopende_bijeenkomst):
    aanwezig = sectie(html(alice_client.get(url(traject, "console"))), "aanwezigheid")
    assert f'action="{url(traject, "telefoons")}"' in aanwezig
    assert 'name="aan" value="1"' in aanwezig
    assert "Antwoorden op de eigen telefoon aanzetten" in aanwezig
    lopende_bijeenkomst.zet_telefoons(True)
    aanwezig = sectie(html(alice_client.get(url(traject, "console"))), "aanwezigheid")
    assert 'name="aan" value="0"' in aanwezig
    assert "Antwoorden op de eigen telefoon uitzetten" in aanwezig


def test_it_links_to_the_room_screen(alice_client, traject, lopende_bijeenkomst):
    page = html(alice_client.get(url(traject, "console")))
    assert f'href="{url(traject, "flap")}"' in page
    assert "Open de flap (het scherm in de zaal)" in page


# The three parts


def test_the_current_part_is_marked(alice_client, traject, lopende_bijeenkomst):
    delen = sectie(html(alice_client.get(url(traject, "console"))), "delen")
    assert 'value="informatief" class="console-nu" aria-current="step"' in delen
    assert delen.count("aria-current") == 1
    lopende_bijeenkomst.ga_naar_deel("presentatie")
    delen = sectie(html(alice_client.get(url(traject, "console"))), "delen")
    assert 'value="presentatie" class="console-nu" aria-current="step"' in delen
    assert delen.count("aria-current") == 1


def test_switching_the_part_moves_the_room_and_tells_the_screens(alice_client, traject, lopende_bijeenkomst):
    voor = stand(lopende_bijeenkomst)
    r = alice_client.post(url(traject, "deel"), {"deel": "besluitvormend"}, follow=True)
    assert r.redirect_chain[0][0] == url(traject, "console") + "#delen"
    assert "De zaal is nu bij: Besluitvormend deel." in html(r)
    lopende_bijeenkomst.refresh_from_db()
    assert lopende_bijeenkomst.huidig_deel == "besluitvormend"
    assert lopende_bijeenkomst.stand == voor + 1


@pytest.mark.parametrize("waarde", ["", "vierde", "x" * 5000, "informatief\x00"])
def test_an_unknown_part_is_refused_with_a_message(alice_client, traject, lopende_bijeenkomst, waarde):
    r = alice_client.post(url(traject, "deel"), {"deel": waarde}, follow=True)
    assert r.status_code == 200
    assert "Kies een van de drie delen van de bijeenkomst." in html(r)
    lopende_bijeenkomst.refresh_from_db()
    assert lopende_bijeenkomst.huidig_deel == "informatief"


def test_switching_the_part_only_accepts_post(alice_client, traject, lopende_bijeenkomst):
    assert alice_client.get(url(traject, "deel")).status_code == 405


# Informatief deel


def test_the_informative_part_shows_rules_kwestie_kaders_and_who_steps_in(alice_client, traject, lopende_bijeenkomst):
    traject.kwestie.vraag = "Wat is ervoor nodig dat Noor veilig opgroeit?"
    traject.kwestie.save()
    info = sectie(html(alice_client.get(url(traject, "console"))), "informatief")
    assert "<li>We laten elkaar uitpraten.</li>" in info
    assert "Wat is ervoor nodig dat Noor veilig opgroeit?" in info
    assert "Veiligheid: wat minimaal anders moet" in info
    assert "Noor en Daan slapen elke nacht op een vaste, veilige plek." in info
    assert "Als er geen veilig plan komt" in info and "De rechter beslist over een uithuisplaatsing." in info
    assert "Wie grijpt in" in info and "Bob de Vries, gezinsvoogd" in info


def test_a_removed_kader_is_not_shown(alice_client, traject, lopende_bijeenkomst, kaders_vastgesteld):
    kaders_vastgesteld.kaders.update(verwijderd_op=timezone.now())
    info = sectie(html(alice_client.get(url(traject, "console"))), "informatief")
    assert "Noor en Daan slapen" not in info
    assert "Er zijn geen kaders." in info


def test_shared_information_is_shown_and_private_notes_never(alice_client, traject, lopende_bijeenkomst, kring, gesprek):
    weg = Gesprek.objects.create(traject=traject, notities_gedeeld="Verwijderd gesprek", verwijderd_op=timezone.now())
    weg.deelnemers.set([kring[1]])
    Inbreng.objects.create(traject=traject, betrokkene=kring[1], soort="woorden", tekst="Mark: gedeeld", delen=True)
    Inbreng.objects.create(traject=traject, betrokkene=kring[1], soort="woorden", tekst="Mark: niet gedeeld")
    Inbreng.objects.create(
        traject=traject, betrokkene=kring[2], soort="woorden", tekst="Anoniem gedeeld", delen=True, met_naam=False
    )
    beantwoord = InformatieVerzoek.objects.create(traject=traject, wat="Schoolrapport", van_wie="Fatima")
    beantwoord.beantwoorden("Noor haalt voldoendes.")
    InformatieVerzoek.objects.create(traject=traject, wat="Nog open vraag", van_wie="Huisarts")
    page = html(alice_client.get(url(traject, "console")))
    info = sectie(page, "informatief")
    assert "Gesprek met <bdi>Sanne</bdi>" in info and "Sanne wil dat Noor op dezelfde school blijft." in info
    assert "PRIVE" not in page and "ruzie met Mark" not in page
    assert "Verwijderd gesprek" not in page
    assert "Mark: gedeeld" in info and "Mark: niet gedeeld" not in page
    assert "Anoniem gedeeld" in info and "<bdi>Iemand uit de kring</bdi>" in info
    assert "Schoolrapport" in info and "van Fatima" in info and "Noor haalt voldoendes." in info
    assert "Nog open vraag" not in page


def test_without_shared_information_it_says_so(alice_client, traject, lopende_bijeenkomst):
    info = sectie(html(alice_client.get(url(traject, "console"))), "informatief")
    assert "Er is nog niets om te delen." in info


# Besluitvormend deel


def test_ideas_from_the_preparation_can_become_proposals(alice_client, traject, lopende_bijeenkomst, kring, alice):
    idee = Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="Noor gaat op zwemles.")
    al_voorstel = Inbreng.objects.create(traject=traject, betrokkene=kring[1], tekst="Samen naar de dokter.")
    Voorstel.indienen(lopende_bijeenkomst, alice, "Dokter", al_voorstel.tekst, idee=al_voorstel)
    weer_vrij = Inbreng.objects.create(traject=traject, betrokkene=kring[1], tekst="Ingetrokken idee.")
    Voorstel.indienen(lopende_bijeenkomst, alice, "Weg", weer_vrij.tekst, idee=weer_vrij).intrekken()
    Inbreng.objects.create(traject=traject, betrokkene=kring[2], tekst="Verwijderd idee.", verwijderd_op=timezone.now())
    Inbreng.objects.create(traject=traject, betrokkene=kring[2], soort="woorden", tekst="Alleen woorden.")
    page = html(alice_client.get(url(traject, "console")))
    ideeen = page.split('id="ideeen"')[1].split('id="voorstellen"')[0]
    assert "<bdi class=\"console-naam\">Sanne</bdi>: Noor gaat op zwemles." in ideeen
    assert f'href="{url(traject, "voorstel_nieuw")}?idee={idee.uuid}"' in ideeen
    assert "Samen naar de dokter." not in ideeen
    assert "Ingetrokken idee." in ideeen
    assert "Verwijderd idee." not in page and "Alleen woorden." not in ideeen


def test_proposals_show_their_latest_version_and_latest_outcome(alice_client, traject, afspraak, voorstel, alice):
    voorstel.nieuwe_versie(alice, "Noor is elk tweede weekend bij Mark, ook in de vakanties.", aanleiding="Mark")
    page = html(alice_client.get(url(traject, "console")))
    assert f'href="{url(traject, "voorstel_nieuw")}"' in page
    kaart = page.split(f'id="voorstel-{voorstel.uuid}"')[1].split("</li>\n")[0]
    assert "Voorstel 2: Weekend bij papa" in kaart
    assert "Versie 2" in kaart and "ook in de vakanties." in kaart
    assert "van vrijdag 17:00" not in kaart
    assert "Nog geen ronde" in kaart
    assert f'action="{url(traject, "ronde_openen", voorstel.uuid)}"' in kaart
    assert 'name="stil"' in kaart and "Eerst stil noteren, dan alles tegelijk laten zien" in kaart
    assert f'href="{url(traject, "voorstel_versie", voorstel.uuid)}"' in kaart
    assert f'href="{url(traject, "voorstel", voorstel.uuid)}"' in kaart
    kaart = page.split(f'id="voorstel-{afspraak.voorstel.uuid}"')[1].split("</li>\n")[0]
    assert "Ronde 1: Consent: niemand heeft bezwaar" in kaart and "In het plan" in kaart


def test_a_withdrawn_proposal_is_not_listed(alice_client, traject, voorstel):
    voorstel.intrekken()
    page = html(alice_client.get(url(traject, "console")))
    assert f'id="voorstel-{voorstel.uuid}"' not in page
    assert "Nog geen voorstellen." in page


def test_while_a_round_is_open_its_panel_is_on_the_console_and_no_other_round_can_start(
    alice_client, traject, afspraak, ronde
):
    page = html(alice_client.get(url(traject, "console")))
    paneel = sectie(page, "ronde")
    assert "Consentronde 1 over ‘Weekend bij papa’" in paneel
    assert paneel.count('class="ronde-rij"') == 5
    assert url(traject, "ronde_openen", afspraak.voorstel.uuid) not in page
    assert 'href="#ronde"' in page


def test_after_a_round_the_console_shows_its_outcome_and_what_comes_next(alice_client, traject, ronde, alice, kring):
    iedereen_antwoordt(ronde, alice)
    ronde.reageer(kring[1], "bezwaar", reden="Te vaak", wat_erbij="Eens per maand", door=alice)
    ronde.sluiten(alice)
    paneel = sectie(html(alice_client.get(url(traject, "console"))), "ronde")
    assert "Geen consent: een kleine groep heeft bezwaar" in paneel
    assert "Wat heb je nodig, wat moet erbij, om mee te gaan?" in paneel
    assert "Te vaak" in paneel and "Eens per maand" in paneel
    assert url(traject, "voorstel_versie", ronde.voorstel.uuid) in paneel


def test_proposal_text_is_escaped(alice_client, traject, lopende_bijeenkomst, alice, kring):
    Voorstel.indienen(lopende_bijeenkomst, alice, "<b>Titel</b>", "<script>alert(1)</script>")
    Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="<img src=x onerror=alert(2)>")
    page = html(alice_client.get(url(traject, "console")))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Titel</b>" not in page and "&lt;b&gt;Titel&lt;/b&gt;" in page
    assert "<img src=x" not in page


def test_the_console_has_no_duplicate_ids(alice_client, traject, afspraak, ronde, alice, kring, gesprek):
    iedereen_antwoordt(ronde, alice, "bezwaar", reden="Nee", wat_erbij="Anders")
    ronde.sluiten(alice)
    Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="Een idee", delen=True)
    page = html(alice_client.get(url(traject, "console")))
    assert "De kring is verdeeld." in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for doel in re.findall(r'(?:for|form)="([^"]+)"', page):
        assert doel in ids


# Presentatie


def test_the_presentation_part_summarises_the_plan(alice_client, traject, afspraak, bob):
    presentatie = sectie(html(alice_client.get(url(traject, "console"))), "presentatie")
    assert "Er staat 1 afspraak in het plan." in presentatie
    assert "nog niet naast de kaders gelegd" in presentatie
    assert f'href="{url(traject, "plan")}"' in presentatie
    plan = Plan.voor(afspraak.plan.bijeenkomst)
    kader = traject.kaderset.kaders.get()
    plan.kaders_toetsen(bob, [(kader, False, "Er staat niets over de nachten.")])
    presentatie = sectie(html(alice_client.get(url(traject, "console"))), "presentatie")
    assert "Het plan voldoet nog niet aan alle kaders." in presentatie


# Performance


def test_the_console_uses_a_fixed_number_of_queries(
    alice_client, traject, lopende_bijeenkomst, alice, django_assert_max_num_queries
):
    vul_bijeenkomst(traject, lopende_bijeenkomst, alice, personen=15, voorstellen=10)
    open_ronde = Voorstel.objects.filter(bijeenkomst=lopende_bijeenkomst).last().open_ronde(alice)
    with django_assert_max_num_queries(25) as eerste:
        page = html(alice_client.get(url(traject, "console")))
    assert page.count('class="console-voorstel"') == 10
    assert sectie(page, "ronde").count('class="ronde-rij"') == 20
    open_ronde.afbreken(alice)
    vul_bijeenkomst(traject, lopende_bijeenkomst, alice, personen=15, voorstellen=10, start=100)
    Voorstel.objects.filter(bijeenkomst=lopende_bijeenkomst).last().open_ronde(alice)
    with django_assert_max_num_queries(len(eerste.captured_queries)):
        page = html(alice_client.get(url(traject, "console")))
    assert page.count('class="console-voorstel"') == 20
    assert sectie(page, "ronde").count('class="ronde-rij"') == 35
    assert "PRIVE" not in page


# Access


@pytest.mark.parametrize("naam", ["console", "deel"])
def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, lopende_bijeenkomst, naam):
    assert mallory_client.get(url(traject, naam)).status_code in (404, 405)
    assert mallory_client.post(url(traject, naam), {"deel": "presentatie"}).status_code == 404
    assert huidige_bijeenkomst(traject).huidig_deel == "informatief"


@pytest.mark.parametrize("naam", ["console", "deel"])
def test_the_kadersteller_gets_403(bob_client, traject, lopende_bijeenkomst, naam):
    if naam == "console":
        assert bob_client.get(url(traject, naam)).status_code == 403
    assert bob_client.post(url(traject, naam), {"deel": "presentatie"}).status_code == 403
    assert huidige_bijeenkomst(traject).huidig_deel == "informatief"


@pytest.mark.parametrize("naam", ["console", "deel"])
def test_a_colleague_without_a_role_gets_404(erin_client, traject, lopende_bijeenkomst, naam):
    assert erin_client.post(url(traject, naam), {"deel": "presentatie"}).status_code == 404


@pytest.mark.parametrize("naam", ["console", "deel"])
def test_anonymous_users_are_sent_to_login(client, traject, lopende_bijeenkomst, naam):
    assert_login_redirect(client.get(url(traject, naam)))
    assert_login_redirect(client.post(url(traject, naam), {"deel": "presentatie"}))


def test_a_garbage_traject_id_is_a_404(alice_client):
    assert alice_client.get("/trajecten/niet-een-uuid/bijeenkomst/console/").status_code == 404


def afronden(bijeenkomst):
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(status="afgerond", afgerond_op=timezone.now())


def test_a_finished_meeting_sends_the_facilitator_to_its_plan(alice_client, traject, voorstel, kring):
    afronden(voorstel.bijeenkomst)
    r = alice_client.get(url(traject, "console"), follow=True)
    assert r.redirect_chain[0][0] == url(traject, "plan")
    assert "Deze bijeenkomst is afgerond; het plan is vastgesteld." in html(r)
    for naam, data in [("deel", {"deel": "presentatie"}), ("aanwezigheid", {f"status_{kring[0].uuid}": "niet"}),
                       ("voorstel_nieuw", {"titel": "Nog een", "tekst": "Te laat"})]:
        r = alice_client.post(url(traject, naam), data)
        assert r.status_code == 302 and r["Location"] == url(traject, "plan")
    for naam in ("voorstel_versie", "voorstel_intrekken", "ronde_openen"):
        r = alice_client.post(url(traject, naam, voorstel.uuid), {"tekst": "Te laat"})
        assert r.status_code == 302 and r["Location"] == url(traject, "plan")
    voorstel.refresh_from_db()
    assert Voorstel.objects.count() == 1 and voorstel.versies.count() == 1 and voorstel.ingetrokken_op is None
    assert not ConsentRonde.objects.exists()
    assert Aanwezigheid.objects.get(betrokkene=kring[0]).status == "aanwezig"
    assert huidige_bijeenkomst(traject).huidig_deel == "informatief"


def test_the_next_meeting_starts_with_an_empty_console(alice_client, traject, ronde, alice):
    ronde.afbreken(alice)
    afronden(ronde.bijeenkomst)
    Bijeenkomst.objects.create(traject=traject)
    r = alice_client.get(url(traject, "console"))
    assert "De bijeenkomst is nog niet begonnen." in html(r)
    assert "Weekend bij papa" not in html(r)
