"""The beheerder erases a traject: a confirmation with what goes, why, and the name typed again; then the record."""

import datetime

import pytest
from django.utils import timezone

from gegevens.models import Verwijdering
from gegevens.wissen import wis_traject
from kwesties.models import Traject

from .conftest import assert_login_redirect
from .test_beheer import org_url


def wissen_url(org, traject):
    return f"{org_url(org)}trajecten/{traject.uuid}/wissen/"


def verwijderingen_url(org):
    return f"{org_url(org)}verwijderingen/"


def goed(traject, **extra):
    return {"reden": "verzoek_betrokkene", "toelichting": "", "label": traject.label, **extra}


def test_the_confirmation_shows_the_label_and_what_will_go_but_no_case_content(carol_client, org, vastgesteld_plan,
                                                                                traject, gesprek):
    r = carol_client.get(wissen_url(org, traject))
    page = r.content.decode()
    assert r.status_code == 200
    assert "<bdi>Familie J.</bdi> wissen?" in page
    for tekst in ("5 mensen in de kring", "1 voorbereidend gesprek", "1 kader", "1 bijeenkomst", "1 consentronde",
                  "1 plan", "Verzoek van betrokkene (AVG art. 17)", "Bewaartermijn verstreken",
                  "Ten onrechte aangemaakt", "Anders", "Schrijf er geen namen of andere gegevens over het gezin in",
                  "Typ precies: Familie J."):
        assert tekst in page, tekst
    for inhoud in ("Sanne", "Noor", "PRIVE", "huiswerk", "veilige plek"):
        assert inhoud not in page, inhoud


def test_a_wrong_name_brings_the_form_back_with_what_was_typed_and_erases_nothing(carol_client, org, traject):
    r = carol_client.post(wissen_url(org, traject), goed(traject, label="Familie K.", toelichting="Per brief."))
    page = r.content.decode()
    assert r.status_code == 200
    blok = page.split('<div class="field field-input field-error">', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Dit is niet de naam van dit traject. Typ precies: Familie J." in blok
    assert 'value="Familie K."' in blok and 'aria-invalid="true"' in blok
    assert "Per brief.</textarea>" in page and 'value="verzoek_betrokkene" required id="id_reden_0" checked' in page
    assert Traject.objects.filter(pk=traject.pk).exists() and not Verwijdering.objects.exists()


def test_anders_needs_a_few_words(carol_client, org, traject):
    r = carol_client.post(wissen_url(org, traject), goed(traject, reden="anders"))
    assert "Schrijf bij ‘anders’ kort waarom, zonder namen." in r.content.decode()
    assert Traject.objects.filter(pk=traject.pk).exists()


def test_the_bewaartermijn_is_no_reason_before_it_has_passed(carol_client, org, alice, traject):
    traject.afsluiten(alice)
    r = carol_client.post(wissen_url(org, traject), goed(traject, reden="bewaartermijn_verstreken"))
    assert "De bewaartermijn van dit traject is nog niet verstreken." in r.content.decode()
    assert Traject.objects.filter(pk=traject.pk).exists()
    Traject.objects.filter(pk=traject.pk).update(afgesloten_op=timezone.now() - datetime.timedelta(days=366 * 21))
    assert carol_client.post(wissen_url(org, traject), goed(traject, reden="bewaartermijn_verstreken")).status_code == 302
    assert not Traject.objects.filter(pk=traject.pk).exists()


@pytest.mark.parametrize("reden", ["", "weg", "verzoek_betrokkene\x00"])
def test_an_unknown_reason_is_refused_in_dutch(carol_client, org, traject, reden):
    r = carol_client.post(wissen_url(org, traject), goed(traject, reden=reden))
    page = r.content.decode()
    assert "Kies waarom het traject gewist wordt." in page or "Kies een reden uit de lijst." in page
    assert Traject.objects.filter(pk=traject.pk).exists()


def test_the_beheerder_erases_the_traject_and_sees_the_record_without_its_name(carol_client, carol, org, traject,
                                                                                kring):
    r = carol_client.post(wissen_url(org, traject), goed(traject, label="  Familie   J. ", toelichting="Per brief."),
                          follow=True)
    assert r.redirect_chain[-1][0] == verwijderingen_url(org)
    page = r.content.decode()
    assert "Het traject is gewist." in page
    for tekst in ("Verzoek van betrokkene (AVG art. 17)", "Per brief.", "Carol Bakker", "5 mensen in de kring",
                  str(traject.uuid)):
        assert tekst in page, tekst
    assert "Familie J." not in page and "Sanne" not in page
    assert not Traject.objects.filter(pk=traject.pk).exists()
    assert Verwijdering.objects.get().door == carol


def test_an_erased_traject_is_gone_for_a_second_press_too(carol_client, org, traject):
    carol_client.post(wissen_url(org, traject), goed(traject))
    assert carol_client.post(wissen_url(org, traject), goed(traject)).status_code == 404
    assert Verwijdering.objects.count() == 1


def test_the_roles_page_of_a_traject_offers_to_erase_it(carol_client, org, traject):
    page = carol_client.get(f"{org_url(org)}trajecten/{traject.uuid}/").content.decode()
    assert f'href="{wissen_url(org, traject)}"' in page


def test_only_the_organisation_s_beheerders_erase(client, alice_client, bob_client, mallory_client, org, traject):
    for c in (alice_client, bob_client, mallory_client):
        assert c.get(wissen_url(org, traject)).status_code == 404
        assert c.post(wissen_url(org, traject), goed(traject)).status_code == 404
    assert_login_redirect(client.get(wissen_url(org, traject)))
    assert_login_redirect(client.post(wissen_url(org, traject), goed(traject)))
    assert Traject.objects.filter(pk=traject.pk).exists()


def test_a_beheerder_cannot_erase_another_organisation_s_traject_through_her_own(mallory_client, other_org, traject):
    assert mallory_client.post(wissen_url(other_org, traject), goed(traject)).status_code == 404
    assert Traject.objects.filter(pk=traject.pk).exists()


def test_the_record_of_erasures_shows_only_the_organisation_s_own(carol_client, mallory_client, carol, mallory, org,
                                                                  traject, mallory_traject):
    wis_traject(traject, carol, "ten_onrechte")
    wis_traject(mallory_traject, None, "bewaartermijn_verstreken")
    page = carol_client.get(verwijderingen_url(org)).content.decode()
    assert str(traject.uuid) in page and str(mallory_traject.uuid) not in page
    theirs = mallory_client.get(f"/beheer/{mallory_traject.organisatie.uuid}/verwijderingen/").content.decode()
    assert "automatisch (bewaartermijn)" in theirs and str(traject.uuid) not in theirs
    assert mallory_client.get(verwijderingen_url(org)).status_code == 404


def test_the_record_of_erasures_pages_by_fifty(carol_client, carol, org, alice):
    for i in range(55):
        t = Traject.objects.create(organisatie=org, label=f"Familie {i}")
        wis_traject(t, carol, "ten_onrechte")
    eerste = carol_client.get(verwijderingen_url(org)).content.decode()
    assert eerste.count("<tr>") == 51 and "Pagina 1 van 2" in eerste
    assert carol_client.get(verwijderingen_url(org) + "?pagina=2").content.decode().count("<tr>") == 6
    assert carol_client.get(verwijderingen_url(org) + "?pagina=x").status_code == 200


def test_the_record_of_erasures_takes_no_post(carol_client, org):
    assert carol_client.post(verwijderingen_url(org)).status_code == 405
