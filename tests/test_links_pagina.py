"""The page a personal link opens: what someone in the kring sees and sends, without an account.

Shared helpers for the other test_links_* files live here too.
"""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kwesties.models import Betrokkene
from links.models import LinkGebruik, LinkPoging, PersoonlijkeLink
from voorbereiding.models import Inbreng

VRAAG = "Wat is ervoor nodig dat Noor veilig en rustig kan opgroeien?"
BESCHRIJVING = "Sanne en Mark zijn uit elkaar en maken veel ruzie over Noor."
KADER = "Noor en Daan slapen elke nacht op een vaste, veilige plek."


def pagina_url(token):
    return reverse("link:pagina", args=[token])


def agenda_url(token):
    return reverse("link:agenda", args=[token])


def html(response):
    return response.content.decode()


def verloop(link):
    """Make a link expired, as if its time ran out yesterday."""
    nu = timezone.now()
    PersoonlijkeLink.objects.filter(pk=link.pk).update(
        aangemaakt_op=nu - datetime.timedelta(days=30), verloopt_op=nu - datetime.timedelta(days=1)
    )


def inbreng(betrokkene, tekst, **velden):
    velden.setdefault("bron", Inbreng.Bron.LINK)
    return Inbreng.objects.create(traject=betrokkene.traject, betrokkene=betrokkene, tekst=tekst, **velden)


def insturen(**velden):
    data = {"soort": "idee", "tekst": "Noor kan elk weekend bij oma logeren.", "met_naam": "ja",
            "client_token": str(uuid.uuid4())}
    data.update(velden)
    return data


def assert_geen_gegevens(body):
    """A refused token shows nothing of the traject: no question, no kaders, no names, no meeting."""
    for geheim in (VRAAG, BESCHRIJVING, KADER, "Sanne", "Mark", "Ria", "Fatima", "Familie J.", "Buurthuis"):
        assert geheim not in body, geheim


def assert_prive_headers(response):
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"


@pytest.fixture
def kwestie(traject):
    k = traject.kwestie
    k.vraag, k.beschrijving = VRAAG, BESCHRIJVING
    k.save()
    return k


@pytest.fixture
def sanne(kring):
    return kring[0]


@pytest.fixture
def mark(kring):
    return kring[1]


# What a valid link shows


def test_it_greets_the_person_by_first_name_and_shows_the_kwestie(client, link, kwestie):
    r = client.get(pagina_url(link[1]))
    body = html(r)
    assert r.status_code == 200
    assert "Hallo Sanne" in body
    assert VRAAG in body and BESCHRIJVING in body


def test_it_shows_the_fixed_kaders_and_who_steps_in(client, link, kwestie, kaders_vastgesteld):
    body = html(client.get(pagina_url(link[1])))
    assert KADER in body
    assert "Veiligheid: wat minimaal anders moet" in body
    assert "Als er geen veilig plan komt" in body and "De rechter beslist over een uithuisplaatsing." in body
    assert "Wie grijpt dan in?" in body and "Bob de Vries, gezinsvoogd" in body
    assert "De kaders zijn nog niet klaar" not in body


def test_kaders_that_are_not_fixed_yet_stay_hidden(client, link, traject, bob):
    traject.kaderset.kader_toevoegen(bob, "veiligheid", KADER)
    body = html(client.get(pagina_url(link[1])))
    assert "De kaders zijn nog niet klaar. Je ziet ze hier zodra ze vastliggen." in body
    assert KADER not in body


def test_it_shows_when_and_where_the_meeting_is_with_the_agenda(client, link, bijeenkomst):
    body = html(client.get(pagina_url(link[1])))
    assert "Buurthuis De Linde, Lindelaan 4, Deventer" in body
    assert "van 10:00 tot 13:00 uur" in body
    assert str(bijeenkomst.datum.year) in body
    assert "Informatief deel" in body and "Besluitvormend deel" in body and "Presentatie" in body
    assert "We laten elkaar uitpraten." in body
    assert agenda_url(link[1]) in body and "In je agenda zetten" in body


def test_a_meeting_without_a_date_says_not_planned_yet(client, link):
    body = html(client.get(pagina_url(link[1])))
    assert "Nog niet gepland" in body
    assert agenda_url(link[1]) not in body


def test_it_explains_consent_with_an_example_for_each_answer(client, link):
    body = html(client.get(pagina_url(link[1])))
    assert "Geen bezwaar" in body and "Ik kan hiermee leven en help mee." in body
    assert "Zorg" in body and "Ik doe mee, maar let op …" in body and "aandachtspunt" in body
    assert "Bezwaar" in body and "Ik denk dat dit niet goed is voor het kind, en zeg wat erbij moet." in body


def test_it_lists_the_kring_by_first_name_and_relation_only(client, link, sanne):
    sanne.email, sanne.telefoon = "sanne@example.org", "0612345678"
    sanne.save()
    body = html(client.get(pagina_url(link[1])))
    kring = body.split('id="kring-kop"')[1].split("</section>")[0]
    for naam in ("Sanne", "Mark", "Ria", "Noor", "Fatima"):
        assert naam in kring
    assert "Opa of oma" in kring and "Leerkracht" in kring
    assert "Jacobs" not in body and "El Idrissi" not in body
    assert "sanne@example.org" not in body and "0612345678" not in body


def test_a_hidden_person_is_not_listed_for_the_others(client, link, traject, mark):
    mark.verborgen_voor_anderen = True
    mark.save()
    body = html(client.get(pagina_url(link[1])))
    assert "Mark" not in body


def test_a_hidden_person_still_sees_themself(client, mark, alice):
    mark.verborgen_voor_anderen = True
    mark.save()
    _, token = PersoonlijkeLink.uitgeven(mark, alice)
    kring = html(client.get(pagina_url(token))).split('id="kring-kop"')[1].split("</section>")[0]
    assert "Mark" in kring and "Sanne" in kring


def test_someone_removed_from_the_kring_is_not_listed(client, link, mark):
    mark.verwijder()
    assert "Mark" not in html(client.get(pagina_url(link[1])))


def test_it_has_no_professional_navigation_but_keeps_the_language_switch(client, link):
    body = html(client.get(pagina_url(link[1])))
    assert "Mijn trajecten" not in body and "Uitloggen" not in body and "/trajecten/" not in body
    assert 'name="language"' in body and "English" in body


def test_the_language_switch_on_the_page_gives_english(client, link):
    r = client.post("/taal/setlang/", {"language": "en", "next": pagina_url(link[1])})
    assert r.status_code == 302 and r["Location"] == pagina_url(link[1])
    body = html(client.get(pagina_url(link[1])))
    assert '<html lang="en">' in body
    assert not Inbreng.objects.exists()


def test_the_page_is_not_cached_indexed_or_referred(client, link):
    r = client.get(pagina_url(link[1]))
    assert_prive_headers(r)
    assert 'name="robots" content="noindex"' in html(r)


def test_every_view_is_logged_and_the_link_remembers_its_last_use(client, link, kaders_vastgesteld, bijeenkomst):
    assert link[0].laatst_gebruikt_op is None
    client.get(pagina_url(link[1]))
    client.get(pagina_url(link[1]))
    regels = LinkGebruik.objects.filter(link=link[0])
    assert regels.count() == 2
    regel = regels.first()
    assert regel.actie == LinkGebruik.Actie.BEKEKEN and regel.betrokkene == link[0].betrokkene
    assert regel.detail == "kwestie, kaders, bijeenkomst"
    link[0].refresh_from_db()
    # "Laatst gebruikt" is shown to the minute: a second use within it is not written again.
    assert link[0].laatst_gebruikt_op == regels.order_by("op", "id").first().op


def test_a_use_a_minute_later_moves_the_last_use(client, link, kaders_vastgesteld, bijeenkomst):
    client.get(pagina_url(link[1]))
    eerder = timezone.now() - datetime.timedelta(minutes=2)
    PersoonlijkeLink.objects.filter(pk=link[0].pk).update(laatst_gebruikt_op=eerder)
    client.get(pagina_url(link[1]))
    link[0].refresh_from_db()
    assert link[0].laatst_gebruikt_op == LinkGebruik.objects.filter(link=link[0]).order_by("-op", "-id").first().op


# What others shared, and what never leaves the facilitators


def test_private_and_shared_conversation_notes_never_show(client, link, gesprek, kwestie):
    body = html(client.get(pagina_url(link[1])))
    assert "PRIVE:" not in body and "ruzie met Mark in mei" not in body
    assert gesprek.notities_gedeeld not in body


def test_marks_unshared_inbreng_is_not_on_sannes_page_but_his_shared_one_is(client, link, mark):
    inbreng(mark, "Alleen voor de begeleider: ik drink soms te veel.", delen=False)
    inbreng(mark, "Ik wil Noor elke woensdag van school halen.", delen=True)
    body = html(client.get(pagina_url(link[1])))
    assert "ik drink soms te veel" not in body
    anderen = body.split('id="anderen-kop"')[1]
    assert "Ik wil Noor elke woensdag van school halen." in anderen and "Mark" in anderen


def test_shared_inbreng_without_name_shows_no_name(client, link, mark):
    inbreng(mark, "Misschien kan de buurvrouw helpen.", delen=True, met_naam=False)
    anderen = html(client.get(pagina_url(link[1]))).split('id="anderen-kop"')[1]
    assert "Misschien kan de buurvrouw helpen." in anderen
    assert "Iemand uit de kring" in anderen and "Mark" not in anderen


def test_a_hidden_persons_shared_words_come_without_their_name(client, link, mark):
    mark.verborgen_voor_anderen = True
    mark.save()
    inbreng(mark, "Ik woon nu ergens anders.", delen=True, met_naam=True)
    body = html(client.get(pagina_url(link[1])))
    assert "Ik woon nu ergens anders." in body and "Iemand uit de kring" in body
    assert "Mark" not in body


def test_removed_inbreng_is_not_shown(client, link, mark):
    weg = inbreng(mark, "Dit idee is ingetrokken.", delen=True)
    weg.verwijderd_op = timezone.now()
    weg.save()
    assert "Dit idee is ingetrokken." not in html(client.get(pagina_url(link[1])))


def test_shared_inbreng_from_a_conversation_is_shown_too(client, link, mark):
    inbreng(mark, "Uit het gesprek: ik wil meer rust.", delen=True, bron=Inbreng.Bron.GESPREK)
    assert "Uit het gesprek: ik wil meer rust." in html(client.get(pagina_url(link[1])))


def test_html_in_inbreng_is_shown_escaped(client, link, sanne, mark):
    inbreng(mark, "<script>alert(1)</script>", delen=True)
    inbreng(sanne, "<b>vet</b>")
    body = html(client.get(pagina_url(link[1])))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;b&gt;vet&lt;/b&gt;" in body
    assert "<script>alert(1)" not in body and "<b>vet</b>" not in body


def test_another_traject_shows_nothing_on_this_page(client, link, mallory_traject):
    ander = Betrokkene.objects.create(traject=mallory_traject, voornaam="Xander", relatie="ouder")
    inbreng(ander, "Iets uit een ander traject.", delen=True)
    body = html(client.get(pagina_url(link[1])))
    assert "Xander" not in body and "Iets uit een ander traject." not in body


# Sending something in


def test_sending_an_idea_saves_it_and_says_thank_you(client, link, sanne):
    r = client.post(pagina_url(link[1]), insturen(delen="on"))
    assert r.status_code == 302 and r["Location"].startswith(pagina_url(link[1]))
    assert_prive_headers(r)
    i = Inbreng.objects.get()
    assert (i.traject, i.betrokkene, i.bron, i.soort) == (sanne.traject, sanne, Inbreng.Bron.LINK, Inbreng.Soort.IDEE)
    assert i.tekst == "Noor kan elk weekend bij oma logeren." and i.met_naam and i.delen
    gebruik = LinkGebruik.objects.get(actie=LinkGebruik.Actie.INGESTUURD)
    assert gebruik.detail == "idee" and gebruik.link == link[0]
    body = html(client.get(r["Location"]))
    assert "Dank je wel!" in body
    assert "Noor kan elk weekend bij oma logeren." in body.split('id="eerder-kop"')[1]


def test_words_can_be_sent_without_name_and_not_shared(client, link):
    client.post(pagina_url(link[1]), insturen(soort="woorden", met_naam="nee"))
    i = Inbreng.objects.get()
    assert i.soort == Inbreng.Soort.WOORDEN and not i.met_naam and not i.delen


def test_own_words_are_not_listed_among_what_others_shared(client, link, sanne):
    inbreng(sanne, "Mijn eigen gedeelde idee.", delen=True)
    body = html(client.get(pagina_url(link[1])))
    assert "Mijn eigen gedeelde idee." in body.split('id="eerder-kop"')[1].split('id="anderen-kop"')[0]
    assert "Mijn eigen gedeelde idee." not in body.split('id="anderen-kop"')[1]


@pytest.mark.parametrize(
    ("velden", "fout"),
    [
        ({"tekst": ""}, "Schrijf eerst iets op."),
        ({"tekst": "   "}, "Schrijf eerst iets op."),
        ({"tekst": "x" * 3001}, "Je tekst is te lang"),
        ({"soort": "iets"}, "Kies wat voor bericht het is."),
        ({"soort": ""}, "Kies wat voor bericht het is."),
        ({"met_naam": "misschien"}, "Kies of je naam erbij mag staan."),
        ({"client_token": "geen-uuid"}, "Niet alles is goed ingevuld."),
    ],
)
def test_bad_input_shows_a_dutch_error_keeps_the_text_and_saves_nothing(client, link, velden, fout):
    data = insturen(tekst="Mijn tekst blijft staan.")
    data.update(velden)
    r = client.post(pagina_url(link[1]), data)
    body = html(r)
    assert r.status_code == 200
    assert fout in body
    if "tekst" not in velden:
        assert "Mijn tekst blijft staan." in body
    assert not Inbreng.objects.exists()
    assert_prive_headers(r)


def test_null_characters_give_an_error_not_a_crash(client, link):
    r = client.post(pagina_url(link[1]), insturen(tekst="Hallo\x00daar"))
    assert r.status_code == 200
    assert not Inbreng.objects.exists()


def test_a_missing_form_gives_errors_not_a_crash(client, link):
    r = client.post(pagina_url(link[1]), {})
    assert r.status_code == 200 and "Schrijf eerst iets op." in html(r)


def test_a_double_submit_saves_one_inbreng(client, link):
    data = insturen()
    assert client.post(pagina_url(link[1]), data).status_code == 302
    assert client.post(pagina_url(link[1]), data).status_code == 302
    assert Inbreng.objects.count() == 1
    assert LinkGebruik.objects.filter(actie=LinkGebruik.Actie.INGESTUURD).count() == 1


def test_a_child_is_asked_what_the_grown_ups_should_know(client, kring, alice):
    _, token = PersoonlijkeLink.uitgeven(kring[3], alice)
    body = html(client.get(pagina_url(token)))
    assert "Hallo Noor" in body
    assert "Wat wil jij dat de grote mensen weten?" in body


def test_an_adult_gets_the_plain_heading(client, link):
    assert "Wat wil jij dat de grote mensen weten?" not in html(client.get(pagina_url(link[1])))


# Links that open nothing


def test_an_unknown_token_gets_a_friendly_404_without_data(client, link, kwestie, kaders_vastgesteld, bijeenkomst):
    r = client.get(pagina_url("dit-is-geen-echte-link-123456"))
    body = html(r)
    assert r.status_code == 404
    assert "Vraag je begeleider om een nieuwe link." in body
    assert_geen_gegevens(body)
    assert_prive_headers(r)
    assert LinkPoging.objects.count() == 1
    assert not LinkGebruik.objects.exists()


@pytest.mark.parametrize("token", ["x" * 500, "a%00b", "ü" * 30, "..", "' OR 1=1 --"])
def test_odd_tokens_get_the_404_page_not_a_crash(client, db, token):
    r = client.get(pagina_url(token))
    assert r.status_code == 404
    assert client.post(pagina_url(token), insturen()).status_code == 404


def test_a_revoked_link_says_it_no_longer_works_and_shows_no_data(
    client, link, alice, kwestie, kaders_vastgesteld, bijeenkomst
):
    link[0].intrekken(alice)
    r = client.get(pagina_url(link[1]))
    body = html(r)
    assert r.status_code == 410
    assert "Deze link werkt niet meer" in body
    assert_geen_gegevens(body)
    assert_prive_headers(r)
    regel = LinkGebruik.objects.get()
    assert regel.actie == LinkGebruik.Actie.GEWEIGERD and regel.detail == "ingetrokken"
    assert not LinkPoging.objects.exists()


def test_an_expired_link_says_it_no_longer_works_and_shows_no_data(client, link, kwestie, kaders_vastgesteld):
    verloop(link[0])
    r = client.get(pagina_url(link[1]))
    assert r.status_code == 410
    assert_geen_gegevens(html(r))
    assert LinkGebruik.objects.get().detail == "verlopen"


def test_the_link_of_someone_removed_from_the_kring_stops_working(client, link, sanne, kwestie):
    sanne.verwijder()
    r = client.get(pagina_url(link[1]))
    assert r.status_code == 410
    assert_geen_gegevens(html(r))


def test_a_revoked_link_refuses_a_post_too(client, link, alice):
    link[0].intrekken(alice)
    r = client.post(pagina_url(link[1]), insturen())
    assert r.status_code == 410
    assert not Inbreng.objects.exists()


def test_a_new_link_stops_the_old_one_at_once(client, link, sanne, alice):
    _, nieuw = PersoonlijkeLink.uitgeven(sanne, alice)
    assert client.get(pagina_url(link[1])).status_code == 410
    assert client.get(pagina_url(nieuw)).status_code == 200


def test_put_and_delete_are_not_allowed(client, link):
    assert client.put(pagina_url(link[1])).status_code == 405
    assert client.delete(pagina_url(link[1])).status_code == 405


# The calendar file


def test_the_agenda_file_puts_the_meeting_in_the_persons_calendar(client, link, kwestie, bijeenkomst):
    r = client.get(agenda_url(link[1]))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/calendar")
    assert r["Content-Disposition"] == f'attachment; filename="bijeenkomst-{bijeenkomst.datum.isoformat()}-sanne.ics"'
    assert_prive_headers(r)
    ics = r.content.decode().replace("\r\n ", "")  # unfold the long lines
    assert "BEGIN:VCALENDAR" in ics and "BEGIN:VEVENT" in ics
    assert "Buurthuis De Linde" in ics
    assert f"{bijeenkomst.uuid}-{link[0].betrokkene.uuid}" in ics
    assert "http://testserver" + pagina_url(link[1]) in ics
    regel = LinkGebruik.objects.get()
    assert regel.actie == LinkGebruik.Actie.AGENDA and regel.link == link[0]


def test_the_agenda_file_without_a_date_sends_back_to_the_page(client, link):
    r = client.get(agenda_url(link[1]))
    assert r.status_code == 302 and r["Location"] == pagina_url(link[1])
    assert not LinkGebruik.objects.filter(actie=LinkGebruik.Actie.AGENDA).exists()


def test_the_agenda_file_is_refused_for_unknown_and_revoked_links(client, link, alice, bijeenkomst):
    r = client.get(agenda_url("onbekend-onbekend-onbekend"))
    assert r.status_code == 404 and "BEGIN:VCALENDAR" not in html(r)
    link[0].intrekken(alice)
    r = client.get(agenda_url(link[1]))
    assert r.status_code == 410 and "BEGIN:VCALENDAR" not in html(r)
    assert LinkGebruik.objects.get().actie == LinkGebruik.Actie.GEWEIGERD


def test_the_agenda_file_accepts_only_get(client, link, bijeenkomst):
    assert client.post(agenda_url(link[1])).status_code == 405


# Cost


def _realistische_data(traject, kring, extra, bob):
    for i in range(extra):
        b = Betrokkene.objects.create(traject=traject, voornaam=f"Persoon{i}", relatie="vriend")
        inbreng(b, f"Gedeeld idee {i}", delen=True)
        inbreng(b, f"Niet gedeeld {i}", delen=False)
        traject.kaderset.kader_toevoegen(bob, "anders", f"Kader {i}", reden="Nieuw")


def test_the_page_needs_a_fixed_number_of_queries(
    client, link, traject, kring, kwestie, kaders_vastgesteld, bijeenkomst, bob, gesprek
):
    _realistische_data(traject, kring, 3, bob)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(pagina_url(link[1])).status_code == 200
    _realistische_data(traject, kring, 15, bob)
    # The same path as the first: that one also wrote the link's last use (written at most once a minute).
    PersoonlijkeLink.objects.filter(pk=link[0].pk).update(laatst_gebruikt_op=None)
    with CaptureQueriesContext(connection) as veel:
        body = html(client.get(pagina_url(link[1])))
    assert "Gedeeld idee 14" in body and "Kader 14" in body and "Persoon14" in body
    assert len(veel) == len(weinig)
    assert len(veel) <= 14


def test_sending_from_the_link_page_needs_the_csrf_token(kring, link):
    from django.test import Client

    _link, token = link
    strict = Client(enforce_csrf_checks=True)
    r = strict.post(f"/l/{token}/", insturen(tekst="Zonder token"))
    assert r.status_code == 403
    assert not Inbreng.objects.filter(tekst="Zonder token").exists()
    page = strict.get(f"/l/{token}/")
    csrf = page.cookies["csrftoken"].value
    r = strict.post(f"/l/{token}/", insturen(tekst="Met token", csrfmiddlewaretoken=csrf))
    assert r.status_code == 302
    assert Inbreng.objects.filter(tekst="Met token").exists()
