"""What changed between two versions of a plan: a pure comparison of their snapshots."""

from links.plan_verschil import verschil


def afspraak(titel, wat="Iets doen.", wie=("ria",), wanneer="Elke dinsdag", hoe_weten="Fatima ziet het."):
    return {"titel": titel, "wat": wat, "wie": list(wie), "wanneer": wanneer, "hoe_weten": hoe_weten}


def plan(*afspraken, evaluatie_op="2027-01-04"):
    return {"afspraken": list(afspraken), "vervolg": {"evaluatie_op": evaluatie_op}}


def test_the_same_plan_has_no_changes():
    v = verschil(plan(afspraak("Huiswerk")), plan(afspraak("Huiswerk")))
    assert not v
    assert v.nieuw == [] and v.veranderd == [] and v.weg == [] and v.evaluatie is None


def test_an_added_agreement_is_new():
    sport = afspraak("Sporten", wat="Mark brengt Noor naar hockey.")
    v = verschil(plan(afspraak("Huiswerk")), plan(afspraak("Huiswerk"), sport))
    assert v.nieuw == [sport] and v.veranderd == [] and v.weg == []


def test_a_missing_agreement_is_gone_by_its_titel():
    huiswerk = afspraak("Huiswerk")
    v = verschil(plan(huiswerk, afspraak("Sporten")), plan(afspraak("Sporten")))
    assert v.weg == [huiswerk] and v.nieuw == [] and v.veranderd == []


def test_an_agreement_with_the_same_titel_and_other_words_is_changed_with_the_fields_that_changed():
    v = verschil(
        plan(afspraak("Huiswerk")),
        plan(afspraak("Huiswerk", wanneer="Elke woensdag", wie=("ria", "mark"))),
    )
    (a, velden), = v.veranderd
    assert a["wanneer"] == "Elke woensdag"
    assert velden == ["wie", "wanneer"]
    assert v.nieuw == [] and v.weg == []


def test_each_field_counts_as_a_change():
    oud = afspraak("Huiswerk")
    for veld, waarde in (("wat", "Anders."), ("wie", ["mark"]), ("wanneer", "Nooit"), ("hoe_weten", "Een schrift.")):
        v = verschil(plan(oud), plan({**oud, veld: waarde}))
        assert [velden for _a, velden in v.veranderd] == [[veld]]


def test_the_order_of_people_and_surrounding_spaces_are_no_change():
    v = verschil(
        plan(afspraak("Huiswerk", wie=("ria", "mark"), wat="Iets doen.")),
        plan(afspraak("Huiswerk", wie=("mark", "ria"), wat="  Iets doen.\n")),
    )
    assert not v


def test_a_moved_evaluation_date_is_a_change():
    v = verschil(plan(afspraak("Huiswerk")), plan(afspraak("Huiswerk"), evaluatie_op="2027-02-01"))
    assert v and v.evaluatie == ("2027-01-04", "2027-02-01")


def test_an_evaluation_date_that_is_dropped_is_a_change_too():
    assert verschil(plan(), plan(evaluatie_op=None)).evaluatie == ("2027-01-04", None)


def test_two_agreements_with_one_titel_are_paired_in_order():
    eerste, tweede = afspraak("Logeren", wat="Bij oma."), afspraak("Logeren", wat="Bij opa.")
    v = verschil(plan(eerste, tweede), plan(eerste))
    assert v.weg == [tweede] and v.nieuw == [] and v.veranderd == []
    v = verschil(plan(eerste), plan(eerste, tweede))
    assert v.nieuw == [tweede]


def test_added_changed_and_removed_at_once():
    v = verschil(
        plan(afspraak("Huiswerk"), afspraak("Weekend bij papa")),
        plan(afspraak("Huiswerk", wat="Noor maakt op woensdag haar huiswerk."), afspraak("Sporten")),
    )
    assert [a["titel"] for a in v.nieuw] == ["Sporten"]
    assert [(a["titel"], velden) for a, velden in v.veranderd] == [("Huiswerk", ["wat"])]
    assert [a["titel"] for a in v.weg] == ["Weekend bij papa"]


def test_missing_or_empty_snapshots_do_not_crash():
    assert not verschil({}, {})
    assert not verschil(None, None)
    assert verschil(None, plan(afspraak("Huiswerk"))).nieuw[0]["titel"] == "Huiswerk"
    kaal = {"afspraken": [{"titel": "Zonder velden"}]}
    assert verschil(kaal, {"afspraken": [{"titel": "Zonder velden", "wie": None}]}).veranderd == []
