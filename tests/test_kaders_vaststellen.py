"""What happens without a safe plan, vaststellen, and every change after it."""

import uuid

from kaders.models import Kader, KaderSet

from .test_kaders import NOOR_BIJ_OMA, bobs_kader, daves_kader, kaders_url, kaderset, vastgesteld, vul_interventie  # noqa: F401

INTERVENTIE = {"als_geen_veilig_plan": "De rechter beslist over een uithuisplaatsing.", "wie_grijpt_in": "Bob, gezinsvoogd"}


def interventie(client, traject, headers=None, **velden):
    data = {**INTERVENTIE, "gezien_versie": KaderSet.objects.get(traject=traject).bewerkversie, **velden}
    return client.post(kaders_url(traject, "als-er-geen-veilig-plan-komt"), data, **(headers or {}))


# Als er geen veilig plan komt


def test_a_kadersteller_writes_who_steps_in(dave_client, traject):
    r = interventie(dave_client, traject)
    assert r.status_code == 302
    ks = KaderSet.objects.get(traject=traject)
    assert (ks.als_geen_veilig_plan, ks.wie_grijpt_in) == tuple(INTERVENTIE.values())
    assert ks.wijzigingen.count() == 0
    body = dave_client.get(kaders_url(traject)).content.decode()
    assert "De rechter beslist over een uithuisplaatsing." in body and "Bob, gezinsvoogd" in body


def test_who_steps_in_with_htmx_answers_the_refreshed_kaders(bob_client, traject):
    r = interventie(bob_client, traject, headers={"HTTP_HX_REQUEST": "true"})
    assert r.status_code == 200 and r["HX-Retarget"] == "#kaders-inhoud"
    assert "Bob, gezinsvoogd" in r.content.decode() and "<html" not in r.content.decode()


def test_the_interventie_form_swaps_in_with_htmx(bob_client, bob, traject, kaderset):
    vul_interventie(kaderset, bob)
    r = bob_client.get(kaders_url(traject, "als-er-geen-veilig-plan-komt"), HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert body.strip().startswith("<form") and 'id="interventie-form"' in body and "Bob de Vries, gezinsvoogd" in body


def test_both_parts_are_required_and_typed_text_is_kept(bob_client, traject):
    r = interventie(bob_client, traject, wie_grijpt_in="  ", als_geen_veilig_plan="Mijn tekst blijft")
    body = r.content.decode()
    assert r.status_code == 200 and "Schrijf op wie er dan ingrijpt." in body and "Mijn tekst blijft" in body
    assert KaderSet.objects.get(traject=traject).wie_grijpt_in == ""


def test_an_invalid_interventie_with_htmx_returns_the_form_with_status_200(bob_client, traject):
    r = interventie(bob_client, traject, headers={"HTTP_HX_REQUEST": "true"}, als_geen_veilig_plan="")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and "Schrijf op wat er gebeurt" in body


def test_who_steps_in_over_300_characters_is_refused_and_kept(bob_client, traject):
    r = interventie(bob_client, traject, wie_grijpt_in="w" * 301)
    body = r.content.decode()
    assert "300 tekens bevat (het zijn er nu 301)" in body and "w" * 301 in body


def test_a_stale_interventie_edit_keeps_my_text_and_shows_the_saved_one(bob_client, dave, traject, kaderset):
    gezien = kaderset.bewerkversie
    kaderset.wijzig_interventie(dave, "Dave schreef dit intussen.", "Dave Peters")
    r = interventie(bob_client, traject, gezien_versie=gezien, wie_grijpt_in="Mijn eigen antwoord")
    body = r.content.decode()
    assert "Iemand anders heeft dit intussen veranderd" in body
    assert "Mijn eigen antwoord" in body and "Dave schreef dit intussen." in body
    assert KaderSet.objects.get(pk=kaderset.pk).wie_grijpt_in == "Dave Peters"


def test_emoji_and_right_to_left_text_in_who_steps_in_are_kept(bob_client, traject):
    interventie(bob_client, traject, wie_grijpt_in="سارة 👩‍⚖️")
    assert KaderSet.objects.get(traject=traject).wie_grijpt_in == "سارة 👩‍⚖️"


# Vaststellen


def test_vaststellen_without_who_steps_in_is_refused_with_a_message(bob_client, traject, bobs_kader):
    r = bob_client.post(kaders_url(traject, "vaststellen"), follow=True)
    assert "Schrijf eerst op wat er gebeurt als er geen veilig plan komt" in r.content.decode()
    assert not KaderSet.objects.get(traject=traject).is_vastgesteld


def test_vaststellen_locks_the_kaders(bob_client, bob, traject, kaderset):
    vul_interventie(kaderset, bob)
    r = bob_client.post(kaders_url(traject, "vaststellen"), follow=True)
    body = r.content.decode()
    assert "De kaders zijn vastgesteld." in body and "Vastgesteld op" in body and "Versie 1" in body
    ks = KaderSet.objects.get(traject=traject)
    assert ks.is_vastgesteld and ks.vastgesteld_door == bob and ks.versie == 1
    assert kaders_url(traject, "vaststellen") not in body


def test_vaststellen_needs_no_kaders_at_all(dave_client, dave, traject, kaderset):
    vul_interventie(kaderset, dave)
    dave_client.post(kaders_url(traject, "vaststellen"))
    assert KaderSet.objects.get(traject=traject).vastgesteld_door == dave


def test_vaststellen_twice_is_harmless(bob_client, dave_client, traject, vastgesteld):
    r = dave_client.post(kaders_url(traject, "vaststellen"), follow=True)
    assert "De kaders waren al vastgesteld." in r.content.decode()
    ks = KaderSet.objects.get(traject=traject)
    assert ks.vastgesteld_door.naam == "Bob de Vries" and ks.wijzigingen.count() == 1


def test_vaststellen_rejects_get(bob_client, traject):
    assert bob_client.get(kaders_url(traject, "vaststellen")).status_code == 405


# Na vaststelling


def test_a_change_after_vaststelling_needs_a_reason(bob_client, traject, vastgesteld, bobs_kader):
    data = {"soort": "wettelijk", "tekst": "Noor woont bij vader.", "toelichting": "", "gezien_versie": 1}
    r = bob_client.post(kaders_url(traject, "bewerken", bobs_kader), data)
    body = r.content.decode()
    assert r.status_code == 200 and "Waarom verandert dit?" in body and "Schrijf kort op waarom dit verandert." in body
    assert "Noor woont bij vader." in body
    assert Kader.objects.get(pk=bobs_kader.pk).tekst == NOOR_BIJ_OMA
    assert KaderSet.objects.get(pk=vastgesteld.pk).versie == 1


def test_a_change_after_vaststelling_is_a_new_version_everyone_sees(bob_client, alice_client, traject, vastgesteld, bobs_kader):
    data = {"soort": "wettelijk", "tekst": "Noor woont bij vader.", "toelichting": "", "gezien_versie": 1,
            "reden": "De rechter heeft opnieuw besloten."}
    assert bob_client.post(kaders_url(traject, "bewerken", bobs_kader), data).status_code == 302
    assert KaderSet.objects.get(pk=vastgesteld.pk).versie == 2
    assert Kader.objects.get(pk=bobs_kader.pk).versie == 2
    body = alice_client.get(kaders_url(traject)).content.decode()
    assert "Versie 2 – gewijzigd na vaststelling" in body
    assert "Wat is er veranderd?" in body and "Kader gewijzigd" in body
    assert "De rechter heeft opnieuw besloten." in body and "door Bob de Vries" in body
    assert f'<del class="diff-old">Wettelijk kader: {NOOR_BIJ_OMA}' in body
    assert "Noor woont bij vader." in body


def test_the_edit_form_after_vaststelling_asks_why(bob_client, traject, vastgesteld, bobs_kader):
    body = bob_client.get(kaders_url(traject, "bewerken", bobs_kader), HTTP_HX_REQUEST="true").content.decode()
    assert "Waarom verandert dit?" in body and "wordt een nieuwe versie" in body


def test_adding_after_vaststelling_needs_a_reason_and_is_logged(dave_client, alice_client, traject, vastgesteld):
    data = {"soort": "veiligheid", "tekst": "Niet slaan.", "toelichting": "", "client_token": str(uuid.uuid4())}
    r = dave_client.post(kaders_url(traject, "nieuw"), data)
    assert "Schrijf kort op waarom dit verandert." in r.content.decode() and not Kader.objects.filter(tekst="Niet slaan.").exists()
    r = dave_client.post(kaders_url(traject, "nieuw"), {**data, "reden": "Vergeten op te schrijven."})
    assert r.status_code == 302
    body = alice_client.get(kaders_url(traject)).content.decode()
    assert "Kader toegevoegd" in body and "Vergeten op te schrijven." in body and "Dave Peters" in body


def test_removing_after_vaststelling_asks_why_and_is_logged(bob_client, alice_client, traject, vastgesteld, bobs_kader):
    body = bob_client.get(kaders_url(traject)).content.decode()
    assert "Terugzetten" not in body
    r = bob_client.post(kaders_url(traject, "verwijderen", bobs_kader))
    assert "Schrijf kort op waarom dit verandert." in r.content.decode()
    assert not Kader.objects.get(pk=bobs_kader.pk).is_verwijderd
    r = bob_client.post(kaders_url(traject, "verwijderen", bobs_kader), {"reden": "Geldt niet meer."}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "Kader verwijderd" in r.content.decode()
    assert Kader.objects.get(pk=bobs_kader.pk).is_verwijderd
    body = alice_client.get(kaders_url(traject)).content.decode()
    assert "Geldt niet meer." in body and "Versie 2 – gewijzigd na vaststelling" in body
    assert "Verwijderde kaders" not in bob_client.get(kaders_url(traject)).content.decode()


def test_a_removed_kader_cannot_be_restored_after_vaststelling(bob_client, bob, traject, kaderset, bobs_kader):
    bobs_kader.verwijder(bob)
    vul_interventie(kaderset, bob)
    kaderset.vaststellen(bob)
    r = bob_client.post(kaders_url(traject, "terugzetten", bobs_kader), follow=True)
    assert "Voeg het kader opnieuw toe" in r.content.decode()
    assert Kader.objects.get(pk=bobs_kader.pk).is_verwijderd


def test_changing_who_steps_in_after_vaststelling_needs_a_reason_and_is_logged(dave_client, alice_client, traject, vastgesteld):
    r = interventie(dave_client, traject, wie_grijpt_in="Dave Peters, gemeente")
    assert "Schrijf kort op waarom dit verandert." in r.content.decode()
    assert KaderSet.objects.get(pk=vastgesteld.pk).wie_grijpt_in == "Bob de Vries, gezinsvoogd"
    r = interventie(dave_client, traject, wie_grijpt_in="Dave Peters, gemeente", reden="Bob is met verlof.")
    assert r.status_code == 302
    body = alice_client.get(kaders_url(traject)).content.decode()
    assert "&#x27;Wie grijpt in&#x27; gewijzigd" in body and "Bob is met verlof." in body
    assert "Versie 2 – gewijzigd na vaststelling" in body


def test_a_reason_over_1000_characters_is_refused_and_kept(bob_client, traject, vastgesteld, bobs_kader):
    data = {"soort": "wettelijk", "tekst": "Nieuw", "toelichting": "", "gezien_versie": 1, "reden": "r" * 1001}
    body = bob_client.post(kaders_url(traject, "bewerken", bobs_kader), data).content.decode()
    assert "1000 tekens bevat (het zijn er nu 1001)" in body and "r" * 1001 in body
    assert KaderSet.objects.get(pk=vastgesteld.pk).versie == 1


def test_a_reason_with_html_is_shown_escaped_in_the_history(bob_client, alice_client, traject, vastgesteld, bobs_kader):
    data = {"soort": "wettelijk", "tekst": "Nieuw", "toelichting": "", "gezien_versie": 1, "reden": "<script>x()</script>"}
    bob_client.post(kaders_url(traject, "bewerken", bobs_kader), data)
    body = alice_client.get(kaders_url(traject)).content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in body and "<script>x()" not in body


def test_the_facilitator_may_not_change_kaders_after_vaststelling_either(alice_client, traject, vastgesteld, bobs_kader):
    data = {"soort": "anders", "tekst": "Alice", "gezien_versie": 1, "reden": "Waarom niet"}
    assert alice_client.post(kaders_url(traject, "bewerken", bobs_kader), data).status_code == 403
    assert alice_client.post(kaders_url(traject, "verwijderen", bobs_kader), data).status_code == 403
    assert KaderSet.objects.get(pk=vastgesteld.pk).versie == 1
    body = alice_client.get(kaders_url(traject)).content.decode()
    assert "De kaders liggen vast." in body and "Aanpassen" not in body
