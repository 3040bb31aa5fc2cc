"""Acting on what was heard, each in one step from the conversation screen: a new person for the kring,
information needed, what someone needs to take part, and ideas for the meeting."""

import uuid

import pytest
from django.utils import timezone

from kwesties.models import Betrokkene
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

from .conftest import assert_login_redirect
from .test_voorbereiding_gesprek import gesprek_url, html, vb_url


def persoon(**velden):
    data = {"voornaam": "Yusuf", "achternaam": "Demir", "relatie": "buur", "relatie_anders": "",
            "waarom": "Ik zie Noor elke dag.", "client_token": str(uuid.uuid4())}
    data.update(velden)
    return {f"persoon-{k}": v for k, v in data.items()}


def info(**velden):
    data = {"wat": "Het schoolrapport van Noor", "van_wie": "Fatima (juf)", "uiterlijk": "2025-06-01",
            "client_token": str(uuid.uuid4())}
    data.update(velden)
    return {f"info-{k}": v for k, v in data.items()}


def behoefte(betrokkene, **velden):
    betrokkene.refresh_from_db()
    data = {"tolk_nodig": "on", "taal": "Pools", "naast_wie": "Haar zus Ewa", "niet_samen_met": [],
            "toegankelijkheid": "Een ruimte zonder trap", "gezien_versie": betrokkene.versie}
    data.update(velden)
    prefix = f"behoefte-{betrokkene.uuid}"
    return {"wie": str(betrokkene.uuid), **{f"{prefix}-{k}": v for k, v in data.items()}}


def idee(wie, **velden):
    data = {"soort": "idee", "tekst": "Oma haalt Noor op woensdag op.", "betrokkene": str(wie.uuid),
            "met_naam": "True", "client_token": str(uuid.uuid4())}
    data.update(velden)
    return {f"idee-{k}": v for k, v in data.items()}


def actie_url(gesprek, naam):
    return vb_url(gesprek.traject, naam, gesprek.uuid)


def panelen(page):
    """The four panels of the gesprek page, by their id."""
    return {naam: page.split(f'id="{naam}"')[1].split('<section class="card vb-paneel"')[0].split('class="card vb-weg"')[0]
            for naam in ("persoon", "informatie", "behoefte", "idee")}


def zonder_fouten_behalve(page, naam):
    for ander, inhoud in panelen(page).items():
        if ander != naam:
            assert 'class="errors' not in inhoud, ander


# Wie kan er nog meedenken?


def test_a_new_person_joins_the_kring_and_is_listed_with_the_gesprek(alice_client, traject, gesprek):
    r = alice_client.post(actie_url(gesprek, "persoon_toevoegen"), persoon())
    yusuf = Betrokkene.objects.get(voornaam="Yusuf")
    assert r.status_code == 302 and r["Location"] == gesprek_url(gesprek) + "#persoon"
    assert (yusuf.traject, yusuf.achternaam, yusuf.relatie, yusuf.waarom) == (traject, "Demir", "buur", "Ik zie Noor elke dag.")
    assert list(gesprek.aangedragen.all()) == [yusuf]
    page = html(alice_client.get(r["Location"]))
    assert "Yusuf Demir staat nu in de kring." in page
    assert f'#b-{yusuf.uuid}"><bdi>Yusuf Demir</bdi></a>' in panelen(page)["persoon"]
    overzicht = html(alice_client.get(vb_url(traject, "overzicht")))
    assert "Nog geen gesprek" in overzicht.split("Yusuf Demir")[1].split("</li>")[0]


def test_the_person_panel_asks_only_what_is_needed(alice_client, gesprek):
    paneel = panelen(html(alice_client.get(gesprek_url(gesprek))))["persoon"]
    for veld in ("voornaam", "achternaam", "relatie", "relatie_anders", "waarom", "client_token"):
        assert f'name="persoon-{veld}"' in paneel
    assert 'name="persoon-email"' not in paneel and 'name="persoon-niet_samen_met"' not in paneel


def test_a_double_submit_adds_one_person(alice_client, gesprek):
    data = persoon()
    eerste = alice_client.post(actie_url(gesprek, "persoon_toevoegen"), data)
    tweede = alice_client.post(actie_url(gesprek, "persoon_toevoegen"), data)
    assert eerste.status_code == tweede.status_code == 302
    assert Betrokkene.objects.filter(voornaam="Yusuf").count() == 1
    assert gesprek.aangedragen.count() == 1


def test_a_person_without_a_first_name_is_refused_with_the_input_kept(alice_client, gesprek):
    r = alice_client.post(actie_url(gesprek, "persoon_toevoegen"), persoon(voornaam="", achternaam="Blijft"))
    page = html(r)
    assert r.status_code == 200
    paneel = panelen(page)["persoon"]
    assert "Vul een voornaam in." in paneel and 'value="Blijft"' in paneel and "autofocus" in paneel
    zonder_fouten_behalve(page, "persoon")
    assert "Sanne wil dat Noor op dezelfde school blijft." in page
    assert not Betrokkene.objects.filter(achternaam="Blijft").exists()


def test_relation_anders_needs_own_words(alice_client, gesprek):
    r = alice_client.post(actie_url(gesprek, "persoon_toevoegen"), persoon(relatie="anders"))
    assert "Schrijf in eigen woorden wie deze persoon is." in html(r)
    r = alice_client.post(actie_url(gesprek, "persoon_toevoegen"), persoon(relatie="koning"))
    assert "Selecteer een geldige keuze" in html(r)
    assert not Betrokkene.objects.filter(voornaam="Yusuf").exists()


def test_a_new_persons_name_comes_back_escaped(alice_client, gesprek):
    alice_client.post(actie_url(gesprek, "persoon_toevoegen"), persoon(voornaam="<b>Yu</b>"))
    page = html(alice_client.get(gesprek_url(gesprek)))
    assert "&lt;b&gt;Yu&lt;/b&gt;" in page and "<b>Yu</b>" not in page


# Welke informatie is nodig?


def test_asking_for_information_ties_it_to_the_gesprek(alice_client, alice, traject, gesprek):
    r = alice_client.post(actie_url(gesprek, "informatie_vragen"), info())
    v = InformatieVerzoek.objects.get()
    assert r.status_code == 302 and r["Location"] == gesprek_url(gesprek) + "#informatie"
    assert (v.traject, v.gesprek, v.aangemaakt_door, v.wat, v.van_wie, str(v.uiterlijk)) == (
        traject, gesprek, alice, "Het schoolrapport van Noor", "Fatima (juf)", "2025-06-01")
    page = html(alice_client.get(r["Location"]))
    assert "De vraag om informatie is opgeschreven." in page
    paneel = panelen(page)["informatie"]
    assert vb_url(traject, "verzoek", v.uuid) in paneel and "Het schoolrapport van Noor" in paneel
    assert "Te laat" in paneel
    assert "Het schoolrapport van Noor" in html(alice_client.get(vb_url(traject, "informatie")))


def test_information_needs_what_and_from_whom(alice_client, gesprek):
    r = alice_client.post(actie_url(gesprek, "informatie_vragen"), info(wat="", van_wie="", uiterlijk="morgen"))
    page = html(r)
    paneel = panelen(page)["informatie"]
    assert r.status_code == 200
    assert "Schrijf op welke informatie nodig is." in paneel
    assert "Schrijf op van wie de informatie moet komen." in paneel
    assert "Dit is geen geldige datum." in paneel and 'value="morgen"' in paneel
    zonder_fouten_behalve(page, "informatie")
    assert not InformatieVerzoek.objects.exists()


def test_a_double_submit_asks_once(alice_client, gesprek):
    data = info()
    alice_client.post(actie_url(gesprek, "informatie_vragen"), data)
    alice_client.post(actie_url(gesprek, "informatie_vragen"), data)
    assert InformatieVerzoek.objects.count() == 1


# Wat is er nodig om mee te doen?


def test_recording_what_someone_needs(alice_client, gesprek, kring):
    sanne, mark = kring[0], kring[1]
    r = alice_client.post(actie_url(gesprek, "behoefte"), behoefte(sanne, niet_samen_met=[str(mark.uuid)]))
    assert r.status_code == 302 and r["Location"] == gesprek_url(gesprek) + f"#behoefte-{sanne.uuid}"
    sanne.refresh_from_db()
    assert (sanne.tolk_nodig, sanne.taal, sanne.naast_wie, sanne.toegankelijkheid, sanne.versie) == (
        True, "Pools", "Haar zus Ewa", "Een ruimte zonder trap", 2)
    assert list(sanne.niet_samen_met.all()) == [mark]
    page = html(alice_client.get(r["Location"]))
    assert "Opgeslagen wat Sanne nodig heeft om mee te doen." in page
    paneel = panelen(page)["behoefte"]
    for regel in ("Tolk: Pools", "Naast zich: Haar zus Ewa", "Niet in dezelfde ruimte als: Mark", "Een ruimte zonder trap"):
        assert f"<li>{regel}</li>" in paneel


def test_the_needs_panel_has_one_form_per_person_who_took_part(alice_client, gesprek, kring):
    gesprek.deelnemers.add(kring[2])
    paneel = panelen(html(alice_client.get(gesprek_url(gesprek))))["behoefte"]
    assert paneel.count('name="wie"') == 2
    assert f'value="{kring[0].uuid}"' in paneel and f'value="{kring[2].uuid}"' in paneel
    assert 'deelname' not in paneel


def test_a_child_can_take_part_in_another_way(alice_client, gesprek, kring):
    noor = kring[3]
    gesprek.deelnemers.add(noor)
    paneel = panelen(html(alice_client.get(gesprek_url(gesprek))))["behoefte"]
    assert "Hoe doet het kind mee?" in paneel and "De stem van het kind komt er op een andere manier in" in paneel
    r = alice_client.post(actie_url(gesprek, "behoefte"), behoefte(noor, tolk_nodig="", deelname="inbreng_vooraf",
                                                                   vertegenwoordigd_door=str(kring[2].uuid)))
    assert r.status_code == 302
    noor.refresh_from_db()
    assert (noor.deelname, noor.vertegenwoordigd_door) == ("inbreng_vooraf", None)


def test_a_represented_child_needs_someone_to_speak(alice_client, gesprek, kring):
    noor = kring[3]
    gesprek.deelnemers.add(noor)
    r = alice_client.post(actie_url(gesprek, "behoefte"), behoefte(noor, deelname="vertegenwoordigd",
                                                                   vertegenwoordigd_door="", taal="Blijft staan"))
    page = html(r)
    assert r.status_code == 200
    assert "Kies wie namens het kind spreekt." in page and 'value="Blijft staan"' in page
    zonder_fouten_behalve(page, "behoefte")
    noor.refresh_from_db()
    assert noor.taal == "" and noor.vertegenwoordigd_door == kring[2]
    r = alice_client.post(actie_url(gesprek, "behoefte"), behoefte(noor, deelname="vertegenwoordigd",
                                                                   vertegenwoordigd_door=str(kring[0].uuid)))
    assert r.status_code == 302
    noor.refresh_from_db()
    assert noor.vertegenwoordigd_door == kring[0]


def test_the_current_representative_is_preselected(alice_client, gesprek, kring):
    gesprek.deelnemers.add(kring[3])
    page = html(alice_client.get(gesprek_url(gesprek)))
    assert f'<option value="{kring[2].uuid}" selected>' in page


def test_someone_else_of_the_kring_can_be_picked(alice_client, gesprek, kring):
    noor = kring[3]
    page = html(alice_client.get(gesprek_url(gesprek) + f"?voor={noor.uuid}"))
    assert f'id="behoefte-{noor.uuid}"' in page
    r = alice_client.post(actie_url(gesprek, "behoefte"), behoefte(noor, deelname="inbreng_vooraf"))
    assert r["Location"] == gesprek_url(gesprek) + f"?voor={noor.uuid}#behoefte-{noor.uuid}"
    assert "Geeft vooraf zijn of haar inbreng" in html(alice_client.get(r["Location"]))


def test_a_removed_person_kept_apart_stays_kept_apart(alice_client, gesprek, kring):
    sanne, mark, ria = kring[0], kring[1], kring[2]
    sanne.niet_samen_met.add(mark)
    mark.verwijder()
    alice_client.post(actie_url(gesprek, "behoefte"), behoefte(sanne, niet_samen_met=[str(ria.uuid)]))
    assert set(sanne.niet_samen_met.all()) == {mark, ria}


@pytest.mark.parametrize("wie", ["", "geen-uuid", str(uuid.uuid4()), "\x00"])
def test_needs_for_someone_outside_the_kring_are_refused(alice_client, gesprek, kring, wie):
    data = behoefte(kring[0])
    data["wie"] = wie
    r = alice_client.post(actie_url(gesprek, "behoefte"), data)
    assert r.status_code == 200 and "Kies iemand uit de kring." in html(r)
    kring[0].refresh_from_db()
    assert kring[0].taal == ""


def test_needs_for_someone_of_another_traject_are_refused(alice_client, gesprek, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    r = alice_client.post(actie_url(gesprek, "behoefte"), behoefte(vreemde))
    assert r.status_code == 200 and "Kies iemand uit de kring." in html(r)
    vreemde.refresh_from_db()
    assert vreemde.taal == ""


def test_keeping_apart_from_a_stranger_is_refused(alice_client, gesprek, kring, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    r = alice_client.post(actie_url(gesprek, "behoefte"), behoefte(kring[0], niet_samen_met=[str(vreemde.uuid)]))
    assert r.status_code == 200 and "Kies iemand uit de kring." in html(r)
    assert not kring[0].niet_samen_met.exists()


def test_needs_changed_meanwhile_in_the_kring_are_not_overwritten(alice_client, gesprek, kring):
    data = behoefte(kring[0], taal="Pools")
    Betrokkene.objects.filter(pk=kring[0].pk).update(taal="Arabisch", versie=5)
    r = alice_client.post(actie_url(gesprek, "behoefte"), data)
    assert r.status_code == 200 and "Iemand anders heeft dit intussen veranderd." in html(r)
    kring[0].refresh_from_db()
    assert kring[0].taal == "Arabisch"


def test_sending_the_same_needs_twice_is_not_called_stale(alice_client, gesprek, kring):
    data = behoefte(kring[0], niet_samen_met=[str(kring[1].uuid)])
    assert alice_client.post(actie_url(gesprek, "behoefte"), data).status_code == 302
    assert alice_client.post(actie_url(gesprek, "behoefte"), data).status_code == 302


def test_too_long_needs_are_refused(alice_client, gesprek, kring):
    r = alice_client.post(actie_url(gesprek, "behoefte"), behoefte(kring[0], taal="x" * 51, naast_wie="a\x00b"))
    assert r.status_code == 200 and "50 tekens" in html(r)
    kring[0].refresh_from_db()
    assert kring[0].taal == ""


def test_needs_come_back_escaped(alice_client, gesprek, kring):
    alice_client.post(actie_url(gesprek, "behoefte"), behoefte(kring[0], naast_wie="<i>Ewa</i>"))
    page = html(alice_client.get(gesprek_url(gesprek)))
    assert "&lt;i&gt;Ewa&lt;/i&gt;" in page and "<i>Ewa</i>" not in page


# Ideeën en eigen woorden


def test_an_idea_is_kept_for_the_meeting(alice_client, traject, gesprek, kring):
    r = alice_client.post(actie_url(gesprek, "idee"), idee(kring[0], delen="on"))
    i = Inbreng.objects.get()
    assert r.status_code == 302 and r["Location"] == gesprek_url(gesprek) + "#idee"
    assert (i.traject, i.gesprek, i.betrokkene, i.soort, i.bron, i.met_naam, i.delen) == (
        traject, gesprek, kring[0], "idee", "gesprek", True, True)
    page = html(alice_client.get(r["Location"]))
    assert "Het idee is bewaard. In de bijeenkomst kan het een voorstel worden." in page
    assert "Oma haalt Noor op woensdag op." in panelen(page)["idee"]


def test_own_words_can_be_anonymous(alice_client, gesprek, kring):
    alice_client.post(actie_url(gesprek, "idee"), idee(kring[0], soort="woorden", met_naam="False", tekst="Ik ben moe."))
    i = Inbreng.objects.get()
    assert (i.soort, i.met_naam, i.delen) == ("woorden", False, False)
    paneel = panelen(html(alice_client.get(gesprek_url(gesprek))))["idee"]
    assert "Ik ben moe." in paneel and "wil anoniem blijven" in paneel


def test_the_idea_form_asks_with_name_or_anonymous_as_a_clear_choice(alice_client, gesprek):
    paneel = panelen(html(alice_client.get(gesprek_url(gesprek))))["idee"]
    assert "<legend>Mag de naam erbij staan?</legend>" in paneel
    assert 'value="True" required id="id_idee-met_naam_0" checked>\n Met naam</label>' in paneel
    assert "Anoniem</label>" in paneel


def test_an_empty_idea_is_refused_with_the_choices_kept(alice_client, gesprek, kring):
    r = alice_client.post(actie_url(gesprek, "idee"), idee(kring[0], tekst="", met_naam="False"))
    page = html(r)
    paneel = panelen(page)["idee"]
    assert r.status_code == 200 and "Schrijf het idee of de woorden op." in paneel
    assert 'value="False" required id="id_idee-met_naam_1" checked' in paneel
    zonder_fouten_behalve(page, "idee")
    assert not Inbreng.objects.exists()


@pytest.mark.parametrize("veld,waarde,fout", [
    ("met_naam", "", "Kies: met naam of anoniem."),
    ("met_naam", "misschien", "Selecteer een geldige keuze"),
    ("soort", "", "Kies: een idee of eigen woorden."),
    ("betrokkene", "", "Kies van wie dit komt."),
    ("betrokkene", "geen-uuid", "Kies iemand uit de kring."),
])
def test_an_idea_needs_its_choices(alice_client, gesprek, kring, veld, waarde, fout):
    r = alice_client.post(actie_url(gesprek, "idee"), idee(kring[0], **{veld: waarde}))
    assert r.status_code == 200 and fout in html(r)
    assert not Inbreng.objects.exists()


def test_an_idea_comes_from_someone_who_took_part(alice_client, gesprek, kring):
    r = alice_client.post(actie_url(gesprek, "idee"), idee(kring[1]))
    assert r.status_code == 200 and "Kies iemand uit de kring." in html(r)
    assert not Inbreng.objects.exists()


def test_a_double_submit_keeps_one_idea(alice_client, gesprek, kring):
    data = idee(kring[0])
    alice_client.post(actie_url(gesprek, "idee"), data)
    alice_client.post(actie_url(gesprek, "idee"), data)
    assert Inbreng.objects.count() == 1


def test_an_idea_comes_back_escaped(alice_client, gesprek, kring):
    alice_client.post(actie_url(gesprek, "idee"), idee(kring[0], tekst="<script>x()</script>"))
    page = html(alice_client.get(gesprek_url(gesprek)))
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>x()" not in page


def test_a_too_long_idea_is_refused_and_kept(alice_client, gesprek, kring):
    r = alice_client.post(actie_url(gesprek, "idee"), idee(kring[0], tekst="i" * 3001))
    assert "3000 tekens bevat (het zijn er nu 3001)" in html(r) and "i" * 3001 in html(r)
    assert not Inbreng.objects.exists()


# Access to every panel


PANELEN = {
    "persoon_toevoegen": lambda kring: persoon(),
    "informatie_vragen": lambda kring: info(),
    "behoefte": lambda kring: behoefte(kring[0]),
    "idee": lambda kring: idee(kring[0]),
}


@pytest.mark.parametrize("naam", PANELEN)
def test_the_panels_only_accept_a_post(alice_client, gesprek, naam):
    assert alice_client.get(actie_url(gesprek, naam)).status_code == 405


@pytest.mark.parametrize("naam", PANELEN)
def test_the_panels_are_for_facilitators_of_this_traject_only(client, mallory_client, bob_client, erin_client,
                                                              gesprek, kring, naam):
    url = actie_url(gesprek, naam)
    assert_login_redirect(client.post(url, PANELEN[naam](kring)))
    assert mallory_client.post(url, PANELEN[naam](kring)).status_code == 404
    assert erin_client.post(url, PANELEN[naam](kring)).status_code == 404
    assert bob_client.post(url, PANELEN[naam](kring)).status_code == 403
    assert Betrokkene.objects.count() == 5
    assert not InformatieVerzoek.objects.exists() and not Inbreng.objects.exists()
    kring[0].refresh_from_db()
    assert kring[0].taal == ""


@pytest.mark.parametrize("naam", PANELEN)
def test_the_panels_do_not_act_on_a_removed_gesprek(alice_client, gesprek, kring, naam):
    Gesprek.objects.filter(pk=gesprek.pk).update(verwijderd_op=timezone.now())
    assert alice_client.post(actie_url(gesprek, naam), PANELEN[naam](kring)).status_code == 404
