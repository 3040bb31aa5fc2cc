"""Who is there: a row per person in the kring, er / namens iemand / niet, changeable during the meeting."""

import re

import pytest

from besluitvorming.models import Aanwezigheid
from kwesties.models import Betrokkene

from .conftest import assert_login_redirect
from .test_console import html, stand, url


def data(kring, **keuzes):
    """POST data: everyone 'er' unless given as naam=("namens", wie) or naam="niet"."""
    d = {}
    for b in kring:
        keuze = keuzes.get(b.voornaam.lower(), "er")
        if isinstance(keuze, tuple):
            keuze, wie = keuze
            d[f"namens_{b.uuid}"] = str(wie.uuid) if hasattr(wie, "uuid") else wie
        d[f"status_{b.uuid}"] = keuze
    return d


def status(bijeenkomst):
    return {
        a.betrokkene.voornaam: (a.status, a.vertegenwoordiger.voornaam if a.vertegenwoordiger else None)
        for a in Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst).select_related("betrokkene", "vertegenwoordiger")
    }


def gekozen(page, b):
    """The radio value checked for one person, and the representative selected."""
    rij = page.split(f'id="a-{b.uuid}"')[1].split("</li>")[0]
    keuze = re.search(r'value="(\w+)"[^>]*checked', rij).group(1)
    namens = re.search(r'value="([^"]*)" selected', rij)
    return keuze, namens.group(1) if namens else ""


# Reading


def test_without_records_it_starts_from_how_people_said_they_take_part(alice_client, traject, bijeenkomst, kring):
    kring[4].deelname = "inbreng_vooraf"
    kring[4].save()
    r = alice_client.get(url(traject, "aanwezigheid"))
    page = html(r)
    assert r.status_code == 200
    assert "<h1>Wie is er?</h1>" in page
    assert gekozen(page, kring[0]) == ("er", "")
    assert gekozen(page, kring[3]) == ("namens", str(kring[2].uuid))
    assert gekozen(page, kring[4]) == ("niet", "")
    assert "Sanne (Ouder)" in page and "Wie spreekt namens Noor?" in page
    assert "Jacobs" not in page


def test_with_records_it_shows_what_was_recorded(alice_client, traject, lopende_bijeenkomst, kring):
    Aanwezigheid.objects.filter(betrokkene=kring[1]).update(status="afwezig")
    page = html(alice_client.get(url(traject, "aanwezigheid")))
    assert gekozen(page, kring[1]) == ("niet", "")
    assert gekozen(page, kring[3]) == ("namens", str(kring[2].uuid))


def test_a_removed_person_is_not_in_the_form(alice_client, traject, bijeenkomst, kring):
    kring[1].verwijder()
    page = html(alice_client.get(url(traject, "aanwezigheid")))
    assert f"status_{kring[1].uuid}" not in page and "Mark" not in page


# Saving


def test_saving_records_everyone_and_tells_the_screens(alice_client, traject, bijeenkomst, kring, kaders_vastgesteld, alice):
    bijeenkomst.starten(alice)
    voor = stand(bijeenkomst)
    r = alice_client.post(url(traject, "aanwezigheid"), data(kring, noor=("namens", kring[2]), fatima="niet"), follow=True)
    assert r.redirect_chain[0][0] == url(traject, "console") + "#aanwezigheid"
    assert "De aanwezigheid is opgeslagen." in html(r)
    assert status(bijeenkomst) == {
        "Sanne": ("aanwezig", None), "Mark": ("aanwezig", None), "Ria": ("aanwezig", None),
        "Noor": ("vertegenwoordigd", "Ria"), "Fatima": ("afwezig", None),
    }
    assert stand(bijeenkomst) > voor


def test_saving_again_updates_the_rows_instead_of_adding(alice_client, traject, lopende_bijeenkomst, kring):
    alice_client.post(url(traject, "aanwezigheid"), data(kring, noor=("namens", kring[0]), ria="niet"))
    alice_client.post(url(traject, "aanwezigheid"), data(kring, noor=("namens", kring[0]), ria="niet"))
    assert Aanwezigheid.objects.filter(bijeenkomst=lopende_bijeenkomst).count() == 5
    assert status(lopende_bijeenkomst)["Noor"] == ("vertegenwoordigd", "Sanne")
    assert status(lopende_bijeenkomst)["Ria"] == ("afwezig", None)


def test_someone_leaving_during_a_round_does_not_change_that_round(alice_client, traject, ronde, kring):
    r = alice_client.post(url(traject, "aanwezigheid"), data(kring, noor=("namens", kring[2]), mark="niet"), follow=True)
    assert "In de ronde die nu loopt, doen dezelfde mensen mee als bij het begin." in html(r)
    assert status(ronde.bijeenkomst)["Mark"] == ("afwezig", None)
    assert ronde.reacties.count() == 5
    assert ronde.reacties.filter(betrokkene=kring[1]).exists()


def test_the_represented_status_is_cleared_for_someone_who_is_there(alice_client, traject, lopende_bijeenkomst, kring):
    d = data(kring)
    d[f"namens_{kring[3].uuid}"] = str(kring[2].uuid)  # left over from an earlier choice in the browser
    alice_client.post(url(traject, "aanwezigheid"), d)
    assert status(lopende_bijeenkomst)["Noor"] == ("aanwezig", None)


# Errors


def test_namens_needs_someone(alice_client, traject, lopende_bijeenkomst, kring):
    r = alice_client.post(url(traject, "aanwezigheid"), data(kring, noor=("namens", ""), fatima="niet"))
    page = html(r)
    assert r.status_code == 200
    assert "Kies wie namens Noor spreekt." in page
    assert gekozen(page, kring[4]) == ("niet", "")
    assert status(lopende_bijeenkomst)["Fatima"] == ("aanwezig", None)


def test_namens_needs_someone_who_is_there(alice_client, traject, lopende_bijeenkomst, kring):
    r = alice_client.post(url(traject, "aanwezigheid"), data(kring, noor=("namens", kring[2]), ria="niet"))
    assert r.status_code == 200
    assert "Ria is er niet zelf. Kies iemand die er is." in html(r)
    assert status(lopende_bijeenkomst)["Ria"] == ("aanwezig", None)


def test_representatives_cannot_be_represented_themselves(alice_client, traject, lopende_bijeenkomst, kring):
    r = alice_client.post(
        url(traject, "aanwezigheid"), data(kring, noor=("namens", kring[2]), ria=("namens", kring[0]))
    )
    assert "Ria is er niet zelf. Kies iemand die er is." in html(r)


def test_nobody_speaks_for_themselves(alice_client, traject, lopende_bijeenkomst, kring):
    r = alice_client.post(url(traject, "aanwezigheid"), data(kring, noor=("namens", kring[3])))
    assert r.status_code == 200
    assert "Kies iemand uit de kring." in html(r)
    assert status(lopende_bijeenkomst)["Noor"] == ("vertegenwoordigd", "Ria")


def test_someone_of_another_traject_cannot_speak_for_anyone(
    alice_client, traject, lopende_bijeenkomst, kring, mallory_traject
):
    vreemd = Betrokkene.objects.create(traject=mallory_traject, voornaam="Vreemd", relatie="buur")
    r = alice_client.post(url(traject, "aanwezigheid"), data(kring, noor=("namens", vreemd)))
    assert r.status_code == 200
    assert "Kies iemand uit de kring." in html(r)


@pytest.mark.parametrize("waarde", ["", "misschien", "er\x00", "x" * 10000])
def test_garbage_is_refused_in_dutch(alice_client, traject, lopende_bijeenkomst, kring, waarde):
    d = data(kring)
    d[f"status_{kring[0].uuid}"] = waarde
    d[f"namens_{kring[1].uuid}"] = "niet-een-uuid"
    r = alice_client.post(url(traject, "aanwezigheid"), d)
    assert r.status_code == 200
    assert "Kies of Sanne er is." in html(r)
    assert status(lopende_bijeenkomst)["Sanne"] == ("aanwezig", None)


def test_an_empty_post_is_refused_without_a_crash(alice_client, traject, lopende_bijeenkomst, kring):
    r = alice_client.post(url(traject, "aanwezigheid"), {})
    assert r.status_code == 200
    assert "Niet alles is goed ingevuld." in html(r)


# Access


def test_another_organisation_gets_404(mallory_client, mallory_traject, traject, lopende_bijeenkomst, kring):
    assert mallory_client.get(url(traject, "aanwezigheid")).status_code == 404
    assert mallory_client.post(url(traject, "aanwezigheid"), data(kring, sanne="niet")).status_code == 404
    assert status(lopende_bijeenkomst)["Sanne"] == ("aanwezig", None)


def test_the_kadersteller_gets_403(bob_client, traject, lopende_bijeenkomst, kring):
    assert bob_client.get(url(traject, "aanwezigheid")).status_code == 403
    assert bob_client.post(url(traject, "aanwezigheid"), data(kring, sanne="niet")).status_code == 403
    assert status(lopende_bijeenkomst)["Sanne"] == ("aanwezig", None)


def test_anonymous_users_are_sent_to_login(client, traject, lopende_bijeenkomst, kring):
    assert_login_redirect(client.get(url(traject, "aanwezigheid")))
    assert_login_redirect(client.post(url(traject, "aanwezigheid"), data(kring, sanne="niet")))
