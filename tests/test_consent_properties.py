"""Property tests: random sequences of answers, corrections, reveals and closes never break the method's rules.

Invariants: one answer per person per round; consent if and only if no bezwaar among the answers;
a closed round never changes (engine and database); every bezwaar carries its reason and what must be
added; every zorg its attention point.
"""

from collections import Counter

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import event
from hypothesis import strategies as st

from besluitvorming import consent
from besluitvorming.models import Afspraak, BijeenkomstFout, ConsentRonde, Reactie, RondeGesloten, Voorstel

PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# Mostly valid input, so that rounds really close; sometimes empty, blank or unknown values.
tekst = st.one_of(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20), st.sampled_from(["", "  "]))
antwoord = st.sampled_from([consent.GEEN_BEZWAAR] * 4 + [consent.ZORG, consent.BEZWAAR, "misschien", ""])
persoon = st.integers(min_value=0, max_value=4)
reden_geen_antwoord = st.sampled_from(["afwezig", "vertrokken", "wil_niet"] * 3 + ["", "weet niet"])

reageer = st.tuples(st.just("reageer"), persoon, antwoord, tekst, tekst, tekst, st.booleans())
sluiten = st.tuples(st.just("sluiten"), st.lists(reden_geen_antwoord, min_size=5, max_size=5))
# Weighted by hand: mostly answers, sometimes a correction, a reveal or a close; rarely a round is stopped.
stap = st.integers(min_value=0, max_value=99).flatmap(
    lambda n: reageer if n < 70 else st.tuples(st.just("wis"), persoon) if n < 78
    else st.tuples(st.just("onthul")) if n < 84 else sluiten if n < 97 else st.tuples(st.just("afbreken"))
)


@given(antwoorden=st.lists(st.sampled_from(consent.ANTWOORDEN + (consent.GEEN_ANTWOORD,)), max_size=30),
       drempel=st.sampled_from(["1/4", "1/3", "2/5", "1/2"]))
def test_the_outcome_is_consent_exactly_when_nobody_objects(antwoorden, drempel):
    uitkomst = consent.uitkomst(antwoorden, drempel)
    assert (uitkomst == consent.CONSENT) == (consent.BEZWAAR not in antwoorden)
    assert consent.uitkomst(list(reversed(antwoorden)) + [consent.GEEN_ANTWOORD], drempel) == uitkomst
    if uitkomst != consent.CONSENT:
        telling = Counter(antwoorden)
        echte = telling[consent.GEEN_BEZWAAR] + telling[consent.ZORG] + telling[consent.BEZWAAR]
        split = telling[consent.BEZWAAR] * consent.drempel(drempel).denominator >= (
            consent.drempel(drempel).numerator * echte
        )
        assert (uitkomst == consent.GESPLITST) == split


def toestand(ronde):
    return sorted(Reactie.objects.filter(ronde=ronde).values_list(
        "betrokkene_id", "antwoord", "aandachtspunt", "reden", "wat_erbij", "geen_antwoord_reden", "versie"
    ))


def controleer_invarianten(ronde, mensen):
    reacties = list(Reactie.objects.filter(ronde=ronde))
    assert sorted(r.betrokkene_id for r in reacties) == sorted(m.id for m in mensen)
    for r in reacties:
        if r.antwoord == consent.BEZWAAR:
            assert r.reden.strip() and r.wat_erbij.strip()
        if r.antwoord == consent.ZORG:
            assert r.aandachtspunt.strip()
    ronde.refresh_from_db()
    if not ronde.is_open and ronde.uitkomst != "afgebroken":
        gegeven = [r.antwoord for r in reacties]
        assert "" not in gegeven
        assert (ronde.uitkomst == consent.CONSENT) == (consent.BEZWAAR not in gegeven)
        assert ronde.uitkomst == consent.uitkomst(gegeven, ronde.drempel)
        assert Afspraak.objects.filter(ronde=ronde).exists() == (ronde.uitkomst == consent.CONSENT)


@PROPERTY_SETTINGS
@given(stappen=st.lists(stap, max_size=30), stil=st.booleans())
def test_random_rounds_keep_the_rules(lopende_bijeenkomst, alice, stappen, stil):
    sid = transaction.savepoint()
    try:
        voorstel = Voorstel.indienen(lopende_bijeenkomst, alice, "Weekend", "Noor is om het weekend bij Mark.")
        ronde = voorstel.open_ronde(alice, stil=stil)
        mensen = [r.betrokkene for r in ronde.reacties.select_related("betrokkene")]
        model = {m.id: "" for m in mensen}
        for s in stappen:
            gesloten_voor = toestand(ronde) if not ronde.is_open else None
            try:
                if s[0] == "reageer":
                    _, i, a, punt, reden, erbij, telefoon = s
                    ronde.reageer(mensen[i], a, aandachtspunt=punt, reden=reden, wat_erbij=erbij,
                                  bron="telefoon" if telefoon else "begeleider", alleen_als_leeg=telefoon)
                    model[mensen[i].id] = a
                elif s[0] == "wis":
                    ronde.wis(mensen[s[1]])
                    model[mensen[s[1]].id] = ""
                elif s[0] == "onthul":
                    ronde.onthul()
                elif s[0] == "sluiten":
                    redenen = {m.id: r for m, r in zip(mensen, s[1])}
                    ronde.sluiten(alice, geen_antwoord=redenen)
                    for m in mensen:
                        if not model[m.id]:
                            model[m.id] = consent.GEEN_ANTWOORD
                else:
                    ronde.afbreken(alice)
            except RondeGesloten:
                assert gesloten_voor is not None and toestand(ronde) == gesloten_voor
            except (consent.OngeldigeReactie, BijeenkomstFout):
                pass  # a refused step (invalid answer, a phone on an answered person, a missing reason) changes nothing
            ronde.refresh_from_db()
            assert {r.betrokkene_id: r.antwoord for r in Reactie.objects.filter(ronde=ronde)} == model
            controleer_invarianten(ronde, mensen)
            if not ronde.is_open:
                with pytest.raises(IntegrityError), transaction.atomic():
                    Reactie.objects.filter(ronde=ronde).update(antwoord=consent.GEEN_BEZWAAR)
                with pytest.raises(IntegrityError), transaction.atomic():
                    ConsentRonde.objects.filter(pk=ronde.pk).update(stil=not ronde.stil)
        event(f"uitkomst: {ronde.uitkomst or 'open'}")
    finally:
        transaction.savepoint_rollback(sid)


geldig_antwoord = st.sampled_from(consent.ANTWOORDEN + (None,))  # None: did not answer, with a reason


@PROPERTY_SETTINGS
@given(gegeven=st.lists(geldig_antwoord, min_size=5, max_size=5), drempel=st.sampled_from(["1/4", "1/3", "1/2"]))
def test_every_complete_round_closes_as_the_method_says(lopende_bijeenkomst, alice, org, gegeven, drempel):
    sid = transaction.savepoint()
    try:
        org.splitsingsdrempel = drempel
        org.save()
        voorstel = Voorstel.indienen(lopende_bijeenkomst, alice, "Weekend", "Noor is om het weekend bij Mark.")
        ronde = voorstel.open_ronde(alice)
        mensen = [r.betrokkene for r in ronde.reacties.select_related("betrokkene")]
        for m, a in zip(mensen, gegeven):
            if a:
                ronde.reageer(m, a, aandachtspunt="Let op", reden="Niet veilig", wat_erbij="Begeleiding")
        try:
            uitkomst = ronde.sluiten(alice, geen_antwoord={m.id: "afwezig" for m in mensen})
        except BijeenkomstFout:
            assert not any(gegeven)  # only a round nobody answered cannot close
            return
        event(f"uitkomst: {uitkomst}")
        echte = [a for a in gegeven if a]
        assert uitkomst == consent.uitkomst(echte, drempel)
        assert (uitkomst == consent.CONSENT) == (consent.BEZWAAR not in echte)
        controleer_invarianten(ronde, mensen)
    finally:
        transaction.savepoint_rollback(sid)
