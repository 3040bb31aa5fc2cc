"""Voorbereidende gesprekken: the overview, recording a gesprek, the conversation screen, removing and undoing."""

import datetime
import re
import uuid
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kwesties.models import Betrokkene
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

from .conftest import assert_login_redirect

PRIVE = "PRIVE: Sanne vertelde over de ruzie met Mark in mei."


def vb_url(traject, naam, *args):
    return reverse(f"voorbereiding:{naam}", args=[traject.uuid, *args])


def gesprek_url(gesprek):
    return vb_url(gesprek.traject, "gesprek", gesprek.uuid)


def html(response):
    return response.content.decode()


def nieuw_gesprek(deelnemers, **velden):
    """POST data for a new gesprek."""
    data = {
        "datum": "2025-05-03",
        "vorm": "telefoon",
        "deelnemers": [str(b.uuid) for b in deelnemers],
        "notities_prive": "Zij is bang voor de bijeenkomst.",
        "notities_gedeeld": "Zij wil dat Noor bij oma blijft.",
        "client_token": str(uuid.uuid4()),
    }
    data.update(velden)
    return data


def bewerk_gesprek(gesprek, **velden):
    gesprek.refresh_from_db()
    data = {
        "datum": gesprek.datum.isoformat(),
        "vorm": gesprek.vorm,
        "deelnemers": [str(b.uuid) for b in gesprek.deelnemers.all()],
        "notities_prive": gesprek.notities_prive,
        "notities_gedeeld": gesprek.notities_gedeeld,
        "gezien_versie": gesprek.versie,
    }
    data.update(velden)
    return data


def maak_voorbereiding(traject, begeleider, mensen=15, gesprekken=10):
    """Realistic data: a kring with needs and children, gesprekken with all that came out of them."""
    kring = []
    for i in range(mensen):
        b = Betrokkene.objects.create(
            traject=traject, voornaam=f"Persoon{i}", relatie="familie", tolk_nodig=i % 2 == 0, taal="Turks",
            naast_wie="Buurvrouw" if i % 3 == 0 else "",
        )
        if kring:
            b.niet_samen_met.add(kring[-1])
        if i % 4 == 3:
            b.is_kind, b.deelname, b.vertegenwoordigd_door = True, "vertegenwoordigd", kring[0]
            b.save()
        kring.append(b)
    vandaag = timezone.localdate()
    alle = []
    for j in range(gesprekken):
        g = Gesprek.objects.create(
            traject=traject, begeleider=begeleider, datum=vandaag - datetime.timedelta(days=j),
            notities_prive=f"Geheim {j}", notities_gedeeld=f"Gedeeld {j}",
        )
        g.deelnemers.set([kring[j % mensen], kring[(j + 3) % mensen], kring[(j + 4) % mensen]])
        g.aangedragen.add(kring[(j + 1) % mensen])
        InformatieVerzoek.objects.create(traject=traject, gesprek=g, wat=f"Rapport {j}", van_wie="School",
                                         uiterlijk=vandaag - datetime.timedelta(days=1))
        Inbreng.objects.create(traject=traject, betrokkene=kring[j % mensen], gesprek=g, tekst=f"Idee {j}",
                               met_naam=j % 2 == 0)
        alle.append(g)
    Gesprek.objects.create(traject=traject, begeleider=begeleider, verwijderd_op=timezone.now()).deelnemers.set(kring[:2])
    kring[-1].verwijder()
    return kring, alle


# The overview


def test_the_overview_shows_per_person_whether_they_had_their_gesprek(alice_client, traject, kring, gesprek):
    r = alice_client.get(vb_url(traject, "overzicht"))
    assert r.status_code == 200
    page = html(r)
    sanne, mark = page.split("Sanne Jacobs", 1)[1].split("Mark Jacobs", 1)
    assert "Gesprek gehad" in sanne and gesprek_url(gesprek) in sanne
    assert "Nog geen gesprek" in mark
    assert "Gesprek gehad: 1 van de 5 mensen." in page


def test_the_overview_offers_to_record_a_gesprek_with_each_person(alice_client, traject, kring):
    page = html(alice_client.get(vb_url(traject, "overzicht")))
    for b in kring:
        assert f'{vb_url(traject, "gesprek_nieuw")}?met={b.uuid}' in page


def test_the_overview_lists_the_gesprekken_with_date_vorm_and_who_took_part(alice_client, traject, kring, gesprek):
    g = Gesprek.objects.create(traject=traject, datum=datetime.date(2025, 5, 3), vorm="video")
    g.deelnemers.set([kring[1], kring[2]])
    page = html(alice_client.get(vb_url(traject, "overzicht")))
    lijst = page.split("Gesprekken (2)")[1]
    assert "3 mei 2025" in lijst and "Videogesprek" in lijst
    assert "<bdi>Mark Jacobs</bdi>" in lijst and "<bdi>Ria</bdi>" in lijst
    assert gesprek_url(g) in lijst


def test_the_overview_counts_open_and_overdue_information_and_the_inbreng(alice_client, traject, kring, gesprek):
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    InformatieVerzoek.objects.create(traject=traject, wat="Rapport", van_wie="School", uiterlijk=gisteren)
    InformatieVerzoek.objects.create(traject=traject, wat="Brief", van_wie="Huisarts")
    InformatieVerzoek.objects.create(traject=traject, wat="Klaar", van_wie="X", beantwoord_op=timezone.now())
    Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="Oma haalt Noor op")
    Inbreng.objects.create(traject=traject, betrokkene=kring[0], tekst="Weg", verwijderd_op=timezone.now())
    Inbreng.objects.create(traject=traject, betrokkene=kring[1], tekst="Ik mis Noor", soort="woorden")
    page = html(alice_client.get(vb_url(traject, "overzicht")))
    assert "2 vragen staan open" in page and "1 te laat" in page
    assert "1 idee," in page and "1 keer eigen woorden" in page
    assert vb_url(traject, "informatie") in page and vb_url(traject, "inbreng") in page


def test_a_removed_gesprek_does_not_count_and_can_be_put_back(alice_client, traject, kring, gesprek):
    gesprek.verwijder()
    page = html(alice_client.get(vb_url(traject, "overzicht")))
    actief, weg = page.split("Onlangs verwijderde gesprekken")
    assert "Nog geen gesprek" in actief.split("Sanne Jacobs")[1].split("Mark Jacobs")[0]
    assert gesprek_url(gesprek) not in actief
    assert vb_url(traject, "gesprek_terugzetten", gesprek.uuid) in weg


def test_a_gesprek_removed_long_ago_is_not_offered_back(alice_client, traject, gesprek):
    Gesprek.objects.filter(pk=gesprek.pk).update(verwijderd_op=timezone.now() - datetime.timedelta(days=40))
    page = html(alice_client.get(vb_url(traject, "overzicht")))
    assert "Onlangs verwijderde gesprekken" not in page


def test_the_overview_with_an_empty_kring_points_to_the_kring(alice_client, traject):
    page = html(alice_client.get(vb_url(traject, "overzicht")))
    assert "Er staat nog niemand in de kring." in page
    assert reverse("kwesties:kring", args=[traject.uuid]) in page


def test_the_overview_loads_in_a_fixed_number_of_queries(alice_client, alice, traject, django_assert_max_num_queries):
    maak_voorbereiding(traject, alice, mensen=3, gesprekken=1)
    with CaptureQueriesContext(connection) as klein:
        alice_client.get(vb_url(traject, "overzicht"))
    maak_voorbereiding(traject, alice, mensen=15, gesprekken=10)
    with django_assert_max_num_queries(15):
        r = alice_client.get(vb_url(traject, "overzicht"))
    with CaptureQueriesContext(connection) as groot:
        alice_client.get(vb_url(traject, "overzicht"))
    assert len(groot) == len(klein)
    assert html(r).count('class="vb-persoon"') == 2 + 14


# A new gesprek


def test_the_new_form_offers_the_kring_and_the_guide_as_prompts(alice_client, traject, kring):
    r = alice_client.get(vb_url(traject, "gesprek_nieuw"))
    assert r.status_code == 200
    page = html(r)
    assert page.count('name="deelnemers"') == 5 and "Fatima El Idrissi (Leerkracht)" in page
    assert 'type="date"' in page
    wijzer = page.split("Gesprekswijzer: waar kunt u aan denken?")[1].split("</aside>")[0]
    assert "Wie kan er nog meedenken?" in wijzer and "Voelt hij of zij zich veilig genoeg?" in wijzer
    assert "<input" not in wijzer and "geen lijst om af te werken" in wijzer


def test_met_preselects_the_person(alice_client, traject, kring):
    page = html(alice_client.get(vb_url(traject, "gesprek_nieuw") + f"?met={kring[1].uuid}"))
    checked = re.findall(r'name="deelnemers" value="([^"]+)" id="[^"]+" checked', page)
    assert checked == [str(kring[1].uuid)]


@pytest.mark.parametrize("met", ["geen-uuid", str(uuid.uuid4()), "\x00", ""])
def test_a_strange_met_is_ignored(alice_client, traject, kring, met):
    r = alice_client.get(vb_url(traject, "gesprek_nieuw"), {"met": met})
    assert r.status_code == 200 and " checked>" not in html(r).split("Wie waren erbij?")[1].split("</fieldset>")[0]


def test_met_from_another_traject_preselects_nobody(alice_client, traject, kring, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    page = html(alice_client.get(vb_url(traject, "gesprek_nieuw") + f"?met={vreemde.uuid}"))
    assert "Xander" not in page and "checked>" not in page.split("Wie waren erbij?")[1].split("</fieldset>")[0]


def test_recording_a_gesprek_saves_it_and_opens_it(alice_client, alice, traject, kring):
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([kring[0], kring[2]]))
    g = Gesprek.objects.get()
    assert r.status_code == 302 and r["Location"] == gesprek_url(g)
    assert (g.traject, g.begeleider, g.datum, g.vorm) == (traject, alice, datetime.date(2025, 5, 3), "telefoon")
    assert set(g.deelnemers.all()) == {kring[0], kring[2]}
    assert (g.notities_prive, g.notities_gedeeld) == ("Zij is bang voor de bijeenkomst.", "Zij wil dat Noor bij oma blijft.")
    assert "Het gesprek is vastgelegd." in html(alice_client.get(r["Location"]))


def test_a_gesprek_needs_at_least_one_person(alice_client, traject, kring):
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([], notities_gedeeld="Mijn tekst blijft"))
    page = html(r)
    assert r.status_code == 200
    assert "Kies wie er bij het gesprek waren: minstens één persoon." in page
    assert "Mijn tekst blijft" in page and "Zij is bang voor de bijeenkomst." in page
    assert not Gesprek.objects.exists()


@pytest.mark.parametrize("datum", ["", "31-02-2025", "morgen", "\x00"])
def test_a_gesprek_needs_a_real_date(alice_client, traject, kring, datum):
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([kring[0]], datum=datum))
    page = html(r)
    assert r.status_code == 200
    assert "Vul de datum van het gesprek in." in page or "Dit is geen geldige datum." in page
    assert not Gesprek.objects.exists()


def test_a_person_from_another_traject_cannot_take_part(alice_client, traject, kring, mallory_traject):
    vreemde = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    for deelnemers in ([str(vreemde.uuid)], ["geen-uuid"], ["\x00"], [str(kring[0].uuid), "1"]):
        r = alice_client.post(vb_url(traject, "gesprek_nieuw"), {**nieuw_gesprek([]), "deelnemers": deelnemers})
        assert r.status_code == 200 and "Kies iemand uit de kring." in html(r)
    assert not Gesprek.objects.exists()


def test_a_removed_person_cannot_be_chosen_for_a_new_gesprek(alice_client, traject, kring):
    kring[1].verwijder()
    page = html(alice_client.get(vb_url(traject, "gesprek_nieuw")))
    assert "Mark Jacobs" not in page
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([kring[1]]))
    assert "Kies iemand uit de kring." in html(r) and not Gesprek.objects.exists()


def test_an_unknown_vorm_is_refused(alice_client, traject, kring):
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([kring[0]], vorm="brief"))
    assert r.status_code == 200 and "Selecteer een geldige keuze" in html(r)
    assert not Gesprek.objects.exists()


def test_too_long_notes_are_refused_and_kept(alice_client, traject, kring):
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([kring[0]], notities_prive="a" * 10001))
    page = html(r)
    assert "10000 tekens bevat (het zijn er nu 10001)" in page and "a" * 10001 in page
    assert not Gesprek.objects.exists()


def test_nul_characters_do_not_break_the_form(alice_client, traject, kring):
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([kring[0]], notities_gedeeld="a\x00b"))
    assert r.status_code == 200 and not Gesprek.objects.exists()


def test_a_double_submit_records_one_gesprek(alice_client, traject, kring):
    data = nieuw_gesprek([kring[0]])
    eerste = alice_client.post(vb_url(traject, "gesprek_nieuw"), data)
    tweede = alice_client.post(vb_url(traject, "gesprek_nieuw"), data)
    assert Gesprek.objects.count() == 1
    assert eerste["Location"] == tweede["Location"] == gesprek_url(Gesprek.objects.get())


def test_a_broken_client_token_does_not_break_the_form(alice_client, traject, kring):
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([kring[0]], client_token="geen-uuid"))
    assert r.status_code == 200 and not Gesprek.objects.exists()


def test_html_in_the_notes_comes_back_escaped(alice_client, traject, kring):
    r = alice_client.post(vb_url(traject, "gesprek_nieuw"), nieuw_gesprek([], notities_prive="<script>x()</script>"))
    page = html(r)
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>x()" not in page


def test_the_new_form_with_an_empty_kring_points_to_the_kring(alice_client, traject):
    page = html(alice_client.get(vb_url(traject, "gesprek_nieuw")))
    assert "Voeg eerst mensen toe aan de kring." in page


def test_new_gesprek_access(client, mallory_client, bob_client, traject, kring):
    url = vb_url(traject, "gesprek_nieuw")
    assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(url, nieuw_gesprek([kring[0]])))
    assert mallory_client.get(url).status_code == 404
    assert mallory_client.post(url, nieuw_gesprek([kring[0]])).status_code == 404
    assert bob_client.get(url).status_code == 403
    assert bob_client.post(url, nieuw_gesprek([kring[0]])).status_code == 403
    assert not Gesprek.objects.exists()


# The conversation screen


def test_the_two_kinds_of_notes_cannot_be_mistaken(alice_client, gesprek):
    page = html(alice_client.get(gesprek_url(gesprek)))
    prive = page.split('<fieldset class="vb-notities vb-prive"')[1].split("</fieldset>")[0]
    gedeeld = page.split('<fieldset class="vb-notities vb-gedeeld"')[1].split("</fieldset>")[0]
    assert "<h3" in prive and "Privé-notities" in prive
    assert "Alleen voor begeleiders. Nooit zichtbaar voor de familie, de kring of in het plan." in prive
    assert 'id="id_notities_prive"' in prive and PRIVE in prive
    assert "<h3" in gedeeld and "Gedeelde notities" in gedeeld
    assert "Mag gedeeld worden in de bijeenkomst." in gedeeld
    assert 'id="id_notities_gedeeld"' in gedeeld and "Sanne wil dat Noor op dezelfde school blijft." in gedeeld
    assert "id_notities_prive" not in gedeeld and PRIVE not in gedeeld


def test_the_notes_have_their_own_colours(client):
    css = client.get("/static/css/voorbereiding.css")
    tekst = b"".join(css.streaming_content).decode() if css.streaming else css.content.decode()
    assert ".vb-prive { border-color: var(--error); background: var(--error-tint); }" in tekst
    assert "border-color: var(--ok)" in tekst and "background: var(--ok-tint)" in tekst


def test_the_gesprek_page_shows_date_vorm_people_and_the_guide(alice_client, gesprek):
    page = html(alice_client.get(gesprek_url(gesprek)))
    assert "<h1>Gesprek met Sanne</h1>" in page
    assert "Samen in één ruimte" in page and "Begeleider: Alice Jansen" in page
    assert "Gesprekswijzer: waar kunt u aan denken?" in page
    assert "Wat doet u met wat u hoorde?" in page


def test_editing_a_gesprek_saves_it(alice_client, gesprek, kring):
    data = bewerk_gesprek(gesprek, vorm="video", notities_gedeeld="Nieuw gedeeld",
                          deelnemers=[str(kring[0].uuid), str(kring[1].uuid)])
    r = alice_client.post(gesprek_url(gesprek), data)
    assert r.status_code == 302 and r["Location"] == gesprek_url(gesprek)
    gesprek.refresh_from_db()
    assert (gesprek.vorm, gesprek.notities_gedeeld, gesprek.versie) == ("video", "Nieuw gedeeld", 2)
    assert gesprek.notities_prive == PRIVE
    assert set(gesprek.deelnemers.all()) == {kring[0], kring[1]}
    assert "Het gesprek is opgeslagen." in html(alice_client.get(r["Location"]))


def test_an_edit_without_people_is_refused_and_the_page_keeps_showing_what_is_saved(alice_client, gesprek):
    r = alice_client.post(gesprek_url(gesprek), bewerk_gesprek(gesprek, deelnemers=[], datum="2020-01-02",
                                                                 notities_gedeeld="Mijn nieuwe tekst"))
    page = html(r)
    assert r.status_code == 200
    assert "Kies wie er bij het gesprek waren: minstens één persoon." in page and "Mijn nieuwe tekst" in page
    assert "<h1>Gesprek met Sanne</h1>" in page and "2 januari 2020" not in page
    gesprek.refresh_from_db()
    assert gesprek.versie == 1 and gesprek.notities_gedeeld == "Sanne wil dat Noor op dezelfde school blijft."


def test_an_edit_on_an_old_version_is_refused_and_shows_what_is_saved(alice_client, gesprek):
    data = bewerk_gesprek(gesprek, notities_prive="Mijn versie")
    Gesprek.objects.filter(pk=gesprek.pk).update(notities_prive="Versie van een collega", versie=2)
    r = alice_client.post(gesprek_url(gesprek), data)
    page = html(r)
    assert r.status_code == 200
    assert "Iemand anders heeft dit intussen veranderd." in page
    assert "Mijn versie" in page and "Versie van een collega" in page
    gesprek.refresh_from_db()
    assert gesprek.notities_prive == "Versie van een collega"
    tweede = alice_client.post(gesprek_url(gesprek), {**data, "gezien_versie": 2})
    assert tweede.status_code == 302


def test_sending_the_same_edit_twice_is_not_called_stale(alice_client, gesprek):
    data = bewerk_gesprek(gesprek, notities_gedeeld="Dubbel geklikt")
    assert alice_client.post(gesprek_url(gesprek), data).status_code == 302
    assert alice_client.post(gesprek_url(gesprek), data).status_code == 302
    gesprek.refresh_from_db()
    assert gesprek.notities_gedeeld == "Dubbel geklikt"


def test_someone_who_left_the_kring_stays_in_the_gesprek(alice_client, gesprek, kring):
    gesprek.deelnemers.add(kring[1])
    kring[1].verwijder()
    page = html(alice_client.get(gesprek_url(gesprek)))
    assert page.count('name="deelnemers"') == 4
    alice_client.post(gesprek_url(gesprek), bewerk_gesprek(gesprek, deelnemers=[str(kring[0].uuid)], vorm="video"))
    assert set(gesprek.deelnemers.all()) == {kring[0], kring[1]}


def test_two_parents_in_conflict_each_have_their_own_notes(alice_client, traject, gesprek, kring):
    mark = Gesprek.objects.create(traject=traject, notities_prive="PRIVE van Mark", notities_gedeeld="Mark gedeeld")
    mark.deelnemers.set([kring[1]])
    page = html(alice_client.get(gesprek_url(mark)))
    assert "PRIVE van Mark" in page and PRIVE not in page
    assert PRIVE not in html(alice_client.get(vb_url(traject, "overzicht")))


def test_a_removed_gesprek_cannot_be_opened(alice_client, gesprek):
    gesprek.verwijder()
    assert alice_client.get(gesprek_url(gesprek)).status_code == 404


def test_a_gesprek_of_another_traject_is_404(alice_client, traject, mallory_traject):
    ander = Gesprek.objects.create(traject=mallory_traject)
    url = vb_url(traject, "gesprek", ander.uuid)
    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url, {}).status_code == 404


def test_gesprek_page_access(client, mallory_client, bob_client, erin_client, gesprek):
    url = gesprek_url(gesprek)
    assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(url, bewerk_gesprek(gesprek, notities_prive="x")))
    for c, status in ((mallory_client, 404), (erin_client, 404), (bob_client, 403)):
        assert c.get(url).status_code == status
        assert c.post(url, bewerk_gesprek(gesprek, notities_prive="x")).status_code == status
    gesprek.refresh_from_db()
    assert gesprek.notities_prive == PRIVE


def test_the_gesprek_page_has_no_duplicate_ids(alice_client, traject, alice):
    kring, gesprekken = maak_voorbereiding(traject, alice, mensen=6, gesprekken=2)
    page = html(alice_client.get(gesprek_url(gesprekken[0]) + f"?voor={kring[1].uuid}"))
    dubbel = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', page)).items() if n > 1]
    assert dubbel == []


def test_the_gesprek_page_loads_in_a_fixed_number_of_queries(alice_client, alice, traject, django_assert_max_num_queries):
    _, klein = maak_voorbereiding(traject, alice, mensen=5, gesprekken=1)
    with CaptureQueriesContext(connection) as weinig:
        alice_client.get(gesprek_url(klein[0]))
    kring, groot = maak_voorbereiding(traject, alice, mensen=15, gesprekken=10)
    g = groot[3]
    g.deelnemers.add(*kring[5:10])
    g.aangedragen.add(*kring[:4])
    for i in range(5):
        InformatieVerzoek.objects.create(traject=traject, gesprek=g, wat=f"Nog {i}", van_wie="Iemand")
        Inbreng.objects.create(traject=traject, betrokkene=kring[5], gesprek=g, tekst=f"Nog {i}")
    with django_assert_max_num_queries(15):
        r = alice_client.get(gesprek_url(g) + f"?voor={kring[12].uuid}")
    # Six people took part, and one more was picked.
    assert html(r).count('class="vb-behoefte"') == 7
    with CaptureQueriesContext(connection) as veel:
        alice_client.get(gesprek_url(g) + f"?voor={kring[12].uuid}")
    assert len(veel) == len(weinig)


# Removing and undoing


def test_removing_a_gesprek_offers_the_undo_in_the_message(alice_client, traject, gesprek):
    r = alice_client.post(vb_url(traject, "gesprek_verwijderen", gesprek.uuid))
    assert r.status_code == 302 and r["Location"] == vb_url(traject, "overzicht") + f"?verwijderd={gesprek.uuid}"
    gesprek.refresh_from_db()
    assert gesprek.verwijderd_op is not None
    page = html(alice_client.get(r["Location"]))
    melding = page.split('<div class="message vb-ongedaan" role="status">')[1].split("</div>")[0]
    assert "is verwijderd. Was dit een vergissing?" in melding
    assert vb_url(traject, "gesprek_terugzetten", gesprek.uuid) in melding and "Gesprek terugzetten</button>" in melding
    assert vb_url(traject, "gesprek_terugzetten", gesprek.uuid) in page.split("Onlangs verwijderde gesprekken")[1]


def test_the_undo_message_does_not_come_back_once_restored(alice_client, traject, gesprek):
    url = vb_url(traject, "overzicht") + f"?verwijderd={gesprek.uuid}"
    assert "vb-ongedaan" not in html(alice_client.get(url))
    assert "vb-ongedaan" not in html(alice_client.get(vb_url(traject, "overzicht") + "?verwijderd=\x00<b>"))


def test_putting_a_gesprek_back(alice_client, traject, gesprek):
    gesprek.verwijder()
    r = alice_client.post(vb_url(traject, "gesprek_terugzetten", gesprek.uuid))
    assert r.status_code == 302 and r["Location"] == gesprek_url(gesprek)
    gesprek.refresh_from_db()
    assert gesprek.verwijderd_op is None
    assert "is teruggezet." in html(alice_client.get(r["Location"]))


def test_removing_or_restoring_twice_is_harmless(alice_client, traject, gesprek):
    for _ in range(2):
        assert alice_client.post(vb_url(traject, "gesprek_verwijderen", gesprek.uuid)).status_code == 302
    gesprek.refresh_from_db()
    weg_op = gesprek.verwijderd_op
    assert weg_op is not None
    alice_client.post(vb_url(traject, "gesprek_verwijderen", gesprek.uuid))
    gesprek.refresh_from_db()
    assert gesprek.verwijderd_op == weg_op
    for _ in range(2):
        assert alice_client.post(vb_url(traject, "gesprek_terugzetten", gesprek.uuid)).status_code == 302
    gesprek.refresh_from_db()
    assert gesprek.verwijderd_op is None


def test_removing_needs_a_post(alice_client, traject, gesprek):
    assert alice_client.get(vb_url(traject, "gesprek_verwijderen", gesprek.uuid)).status_code == 405
    assert alice_client.get(vb_url(traject, "gesprek_terugzetten", gesprek.uuid)).status_code == 405
    gesprek.refresh_from_db()
    assert gesprek.verwijderd_op is None


def test_removing_access(client, mallory_client, bob_client, traject, gesprek):
    for naam in ("gesprek_verwijderen", "gesprek_terugzetten"):
        url = vb_url(traject, naam, gesprek.uuid)
        assert_login_redirect(client.post(url))
        assert mallory_client.post(url).status_code == 404
        assert bob_client.post(url).status_code == 403
    gesprek.refresh_from_db()
    assert gesprek.verwijderd_op is None
