"""Domain rules of the kaders, on the models themselves."""

import pytest
from django.db import IntegrityError

from kaders.models import Kader, KaderSet, KaderWijziging

from .test_kaders import NOOR_BIJ_OMA, bobs_kader, kaderset, vastgesteld, vul_interventie  # noqa: F401


def test_every_traject_gets_a_kaderset_in_concept(traject):
    kaderset = KaderSet.objects.get(traject=traject)
    assert kaderset.status == "concept" and kaderset.versie == 0


def test_vaststellen_needs_to_know_who_steps_in(kaderset, bob):
    with pytest.raises(ValueError):
        kaderset.vaststellen(bob)
    assert not KaderSet.objects.get(pk=kaderset.pk).is_vastgesteld


def test_vaststellen_locks_the_set_as_version_1(kaderset, bob):
    vul_interventie(kaderset, bob)
    kaderset.vaststellen(bob)
    kaderset.refresh_from_db()
    assert kaderset.is_vastgesteld and kaderset.versie == 1 and kaderset.vastgesteld_door == bob
    assert list(kaderset.wijzigingen.values_list("actie", "versie")) == [("vastgesteld", 1)]


def test_vaststellen_twice_keeps_the_first_moment(kaderset, bob, dave):
    vul_interventie(kaderset, bob)
    kaderset.vaststellen(bob)
    eerste = KaderSet.objects.get(pk=kaderset.pk).vastgesteld_op
    KaderSet.objects.get(pk=kaderset.pk).vaststellen(dave)
    kaderset.refresh_from_db()
    assert kaderset.vastgesteld_op == eerste and kaderset.vastgesteld_door == bob
    assert kaderset.wijzigingen.count() == 1


def test_changes_before_vaststelling_are_free_and_not_history(kaderset, bob, bobs_kader):
    bobs_kader.wijzig(bob, Kader.Soort.AFSPRAAK, "Noor woont bij oma tot de zomer.")
    bobs_kader.verwijder(bob)
    bobs_kader.terugzetten()
    vul_interventie(kaderset, bob)
    assert kaderset.wijzigingen.count() == 0
    assert KaderSet.objects.get(pk=kaderset.pk).versie == 0
    assert Kader.objects.get(pk=bobs_kader.pk).versie == 4


def test_editing_a_kader_bumps_its_version(bob, bobs_kader):
    bobs_kader.wijzig(bob, Kader.Soort.WETTELIJK, "Nieuw")
    assert Kader.objects.get(pk=bobs_kader.pk).versie == 2


def test_editing_without_a_real_change_makes_no_new_version(bob, vastgesteld, bobs_kader):
    bobs_kader.wijzig(bob, bobs_kader.soort, bobs_kader.tekst, bobs_kader.toelichting, reden="Niets")
    assert KaderSet.objects.get(pk=vastgesteld.pk).versie == 1
    assert Kader.objects.get(pk=bobs_kader.pk).versie == 1


def test_a_change_after_vaststelling_is_a_new_version_with_old_and_new_text(bob, vastgesteld, bobs_kader):
    kader = Kader.objects.get(pk=bobs_kader.pk)
    kader.wijzig(bob, Kader.Soort.WETTELIJK, "Noor woont bij vader.", "", reden="Nieuwe uitspraak.")
    vastgesteld.refresh_from_db()
    assert vastgesteld.versie == 2 and vastgesteld.is_gewijzigd_na_vaststelling
    w = vastgesteld.wijzigingen.first()
    assert (w.actie, w.versie, w.reden, w.door) == ("gewijzigd", 2, "Nieuwe uitspraak.", bob)
    assert NOOR_BIJ_OMA in w.oud and "Uitspraak van 3 maart." in w.oud
    assert w.nieuw == "Wettelijk kader: Noor woont bij vader."


def test_the_old_text_comes_from_the_database_not_from_a_changed_instance(bob, vastgesteld, bobs_kader):
    kader = Kader.objects.get(pk=bobs_kader.pk)
    kader.tekst = "al aangepast door een formulier"
    kader.wijzig(bob, Kader.Soort.WETTELIJK, "al aangepast door een formulier", reden="Reden")
    assert NOOR_BIJ_OMA in vastgesteld.wijzigingen.first().oud


def test_a_change_after_vaststelling_needs_a_reason(bob, vastgesteld, bobs_kader):
    kader = Kader.objects.get(pk=bobs_kader.pk)
    with pytest.raises(ValueError):
        kader.wijzig(bob, Kader.Soort.WETTELIJK, "Zonder reden")
    assert Kader.objects.get(pk=bobs_kader.pk).tekst == NOOR_BIJ_OMA


def test_adding_and_removing_after_vaststelling_are_logged(bob, dave, vastgesteld, bobs_kader):
    nieuw = vastgesteld.kader_toevoegen(dave, Kader.Soort.VEILIGHEID, "Niet slaan.", reden="Vergeten.")
    Kader.objects.get(pk=bobs_kader.pk).verwijder(bob, reden="Geldt niet meer.")
    acties = list(vastgesteld.wijzigingen.order_by("versie").values_list("actie", "versie", "kader"))
    assert acties == [("vastgesteld", 1, None), ("toegevoegd", 2, nieuw.pk), ("verwijderd", 3, bobs_kader.pk)]
    assert Kader.objects.get(pk=bobs_kader.pk).is_verwijderd
    assert list(Kader.objects.geldig()) == [nieuw]


def test_a_removed_kader_cannot_come_back_after_vaststelling(bob, kaderset, bobs_kader):
    bobs_kader.verwijder(bob)
    vul_interventie(kaderset, bob)
    kaderset.vaststellen(bob)
    kader = Kader.objects.select_related("kaderset").get(pk=bobs_kader.pk)
    with pytest.raises(ValueError):
        kader.terugzetten()


def test_changing_who_steps_in_after_vaststelling_is_logged(bob, vastgesteld):
    vastgesteld.wijzig_interventie(bob, vastgesteld.als_geen_veilig_plan, "Dave Peters, gemeente", reden="Overdracht.")
    w = vastgesteld.wijzigingen.first()
    assert w.actie == "interventie" and "Bob de Vries, gezinsvoogd" in w.oud and "Dave Peters, gemeente" in w.nieuw
    assert vastgesteld.versie == 2 and vastgesteld.bewerkversie == 3


def test_the_database_refuses_an_unknown_soort(kaderset, bob):
    with pytest.raises(IntegrityError):
        Kader.objects.create(kaderset=kaderset, soort="geheim", tekst="x", eigenaar=bob)


def test_the_database_refuses_a_logged_change_without_reason(kaderset, bob):
    with pytest.raises(IntegrityError):
        KaderWijziging.objects.create(kaderset=kaderset, actie="gewijzigd", versie=2, door=bob)


def test_a_safety_kader_is_noticed(kaderset, bob, bobs_kader):
    assert not kaderset.heeft_veiligheidskader()
    veilig = kaderset.kader_toevoegen(bob, Kader.Soort.VEILIGHEID, "Niet slaan.")
    assert kaderset.heeft_veiligheidskader()
    veilig.verwijder(bob)
    assert not kaderset.heeft_veiligheidskader()
