"""Every form endpoint, fuzzed with hostile input (hypothesis): never a 500, never a change to data the user may not touch.

The endpoints are found by walking the URL patterns (the walk of test_every_url.py); the field names and the
values the app offers for them are read from the forms the app itself shows, so the fuzzing gets past the
first validation into the code behind it. Each request runs in a transaction that is rolled back, so every
example starts from the same data. NR_FUZZ_EXAMPLES=200 explores further (and randomly) on a developer's machine.
"""

import json
import os
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote_plus, urljoin, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from besluitvorming.models import Aanwezigheid, Voorstel, huidige_bijeenkomst
from kaders.models import KaderSet
from kwesties.models import Betrokkene, TrajectRol
from links.models import PersoonlijkeLink
from links.telefoon_views import COOKIE
from logboek.forms import LogboekFilter
from voorbereiding.models import Gesprek, Inbreng, InformatieVerzoek

from .conftest import PASSWORD
from .test_every_url import (  # noqa: F401  (the fixtures clients and urls)
    OWN_LISTS,
    clients_fixture,
    legitimate_user,
    organisation_snapshot,
    post_endpoints,
    rolled_back,
    urls_fixture,
)

# Examples per form; a URL that shows no form, or a request that is refused before its body is read, gets fewer.
EXAMPLES = int(os.environ.get("NR_FUZZ_EXAMPLES", "12"))
FEW = max(3, EXAMPLES // 4)
FUZZ = settings(
    deadline=None,
    database=None,
    derandomize="NR_FUZZ_EXAMPLES" not in os.environ,  # the same examples on every CI run: no flaky red builds
    suppress_health_check=list(HealthCheck),
)

FORM = "application/x-www-form-urlencoded"
HUGE = "x" * 100_000
CONTROL = "".join(map(chr, range(32))) + "\x7f\x85\u2028\u2029\u202e\u200b\ufeff\ufffd"
# Bytes that are not UTF-8, sent as they are or percent-encoded.
NOT_UTF8 = [b"\xff\xfe\xfd", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xf0\x28\x8c\xbc", b"\xed\xa0\x80",
            b"%ff%fe", b"%c0%af", b"%ed%a0%80", b"%", b"%zz", b"\x00"]
# Sent to every endpoint besides the generated ones: no UTF-8 at all, too many fields, no form at all.
RAW_BODIES = [
    (b"\xff\xfe=\xc3\x28&%ff%fe=%c0%af&\xed\xa0\x80=%ed%a0%80", FORM),
    (b"&" * 500, FORM),
    (b"\x00=\x00&=&&==&%%%%", FORM),
    (b"--xyz\r\nContent-Disposition: form-data; name=\"tekst\"\r\n\r\n\xff\x00", "multipart/form-data; boundary=xyz"),
    (b'{"tekst": [1, 2], "id": {"$ne": null}}', "application/json"),
]
hostile_text = st.one_of(
    st.sampled_from(["\x00", "a\x00b", "\x00" * 50, HUGE + "\x00"]),                 # NUL
    st.text(alphabet=CONTROL, min_size=1, max_size=12),                              # control characters
    st.sampled_from([HUGE, "é" * 50_000, "💥" * 25_000, " " * 100_000, "\n" * 100_000]),  # huge
    st.sampled_from([                                                                # wrong types and formats
        "-1", "0", "999999999999999999999999", "1e400", "NaN", "-0", "true", "null", "[]", "{}", "2024-02-30",
        "9999-12-31", "0000-00-00", "25:61", "00000000-0000-0000-0000-000000000000", "not-a-uuid", "ＡＢＣ",
    ]),
    st.sampled_from(["<script>alert(1)</script>", "{{ 7*7 }}", "' OR 1=1 --", "../../../etc/passwd", "\u202eevil"]),
    st.integers().map(str),
    st.text(max_size=30),
)
hostile_bytes = st.one_of(st.sampled_from(NOT_UTF8), st.binary(min_size=1, max_size=30))


class FormFields(HTMLParser):
    """What a page sends back: per (method, path) the names of the fields and the values the page offers for them.

    Forms (POST and GET), htmx attributes (hx-post, hx-get, hx-vals) and links with a query string count.
    """

    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.targets = defaultdict(lambda: defaultdict(set))
        self.form = []
        self.select = None

    def _target(self, method, url):
        parts = urlsplit(urljoin(self.page_url, url or self.page_url))
        for k, v in parse_qsl(parts.query, keep_blank_values=True):
            self.targets[(method, parts.path)][k].add(v)
        return (method, parts.path)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = [self._target((a.get("method") or "get").lower(), a.get("action"))]
        htmx = [self._target(m, a[f"hx-{m}"]) for m in ("post", "get") if f"hx-{m}" in a]
        if tag == "form":
            self.form += htmx
        targets = self.form + (htmx if tag != "form" else [])
        if tag == "a" and "?" in (a.get("href") or ""):
            self._target("get", a["href"])
        name = a.get("name")
        for target in targets:
            fields = self.targets[target]
            if name and name != "csrfmiddlewaretoken" and tag in ("input", "select", "textarea", "button"):
                fields[name].add(a.get("value") or "")
            if "hx-vals" in a:
                try:
                    for k, v in json.loads(a["hx-vals"]).items():
                        fields[k].add(str(v))
                except (ValueError, AttributeError):
                    pass
            if tag == "option" and self.select:
                fields[self.select].add(a.get("value") or "")
        if tag == "select":
            self.select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = []
        elif tag == "select":
            self.select = None


def read_forms(found, client, url):
    r = client.get(url)
    if r.status_code == 200 and "html" in r.get("Content-Type", ""):
        parser = FormFields(url)
        parser.feed(r.content.decode())
        for target, fields in parser.targets.items():
            for k, v in fields.items():
                found[target][k] |= v


def discover(clients, urls):
    """Fields per (method, path), read from every page the legitimate users open."""
    found = defaultdict(lambda: defaultdict(set))
    for name, url in urls.items():
        read_forms(found, clients[legitimate_user(name)], url)
    return found


def bodies(fields, forged):
    """Requests for one form: its own fields with the values the page offers, then one to three things broken.

    Broken means: a field with a hostile, forged or non-UTF-8 value, a field repeated or missing, an unknown
    field; now and then the form goes under another content type.
    """
    names = sorted(fields) or ["tekst"]

    def valid(name):
        known = sorted(v for v in fields.get(name, ()) if v)
        return st.sampled_from(known or ["Een gewone tekst"])

    hostile = st.one_of(hostile_text, st.sampled_from(forged), hostile_bytes)
    name = st.sampled_from(names)
    mutation = st.one_of(
        st.tuples(st.just("set"), name, st.lists(hostile, min_size=1, max_size=2)),
        st.tuples(st.just("set"), name, st.lists(hostile, min_size=1, max_size=2)),
        st.tuples(st.just("set"), name, st.lists(st.one_of(valid(n) for n in names), min_size=2, max_size=3)),
        st.tuples(st.just("drop"), name, st.none()),
        st.tuples(st.just("set"), hostile_text, st.lists(hostile, min_size=1, max_size=2)),
    )

    def broken(args):
        form, mutations = args
        for action, key, values in mutations:
            form.pop(key, None)
            if action == "set":
                form[key] = values
        return encode(form)

    base = st.fixed_dictionaries({n: valid(n).map(lambda v: [v]) for n in names})
    form = st.tuples(base, st.lists(mutation, min_size=1, max_size=3)).map(broken)
    content_type = st.sampled_from([FORM] * 8 + ["multipart/form-data; boundary=xyz", "text/plain"])
    return st.tuples(form, content_type, st.booleans())


def encode(form):
    """A urlencoded body; bytes values go in as they are, so the body need not be UTF-8."""
    def enc(v):
        return v if isinstance(v, bytes) else quote_plus(v).encode()

    return b"&".join(enc(k) + b"=" + enc(v) for k, values in form.items() for v in values)


def send(client, method, url, body, content_type, htmx):
    extra = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver" + url} if htmx else {}
    if method == "get":
        # The body goes in the query string, as the bytes a browser could send.
        return client.generic("GET", url, QUERY_STRING=body.decode("iso-8859-1"), **extra)
    return client.generic("POST", url, data=body, content_type=content_type, **extra)


def fuzz(client, method, url, fields, forged, check, examples=None, raw=True):
    """Hypothesis-generated requests to one URL; `check(response, writes)` judges each before it is rolled back."""

    def one(body, content_type, htmx):
        writes = []

        def watch(execute, sql, params, many, context):
            if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE") and "django_session" not in sql:
                writes.append(sql)
            return execute(sql, params, many, context)

        with rolled_back():
            with connection.execute_wrapper(watch):
                response = send(client, method, url, body, content_type, htmx)
            check(response, writes)

    for body, content_type in RAW_BODIES if raw else ():
        if method == "get" and content_type != FORM:
            continue
        try:
            one(body, content_type, False)
        except Exception as e:
            e.add_note(f"{method.upper()} {url} {content_type} body={body[:100]!r}")
            raise

    @settings(FUZZ, max_examples=examples or (EXAMPLES if fields else FEW))
    @given(bodies(fields, forged))
    def run(request):
        body, content_type, htmx = request
        note(f"{method.upper()} {url} {content_type} htmx={htmx} body={body[:300]!r}")
        one(*request)

    run()


def no_500_and_theirs_unchanged(other):
    theirs = organisation_snapshot(other)

    def check(r, writes):
        assert r.status_code < 500, r.status_code
        # Without a single INSERT, UPDATE or DELETE nothing can have changed: the snapshot is skipped then.
        assert not writes or organisation_snapshot(other) == theirs, "another organisation's data changed"

    return check


def run_all(endpoints, fuzz_one):
    """Fuzz each endpoint; every endpoint is tried, and the report names all that failed."""
    failures = []
    for name, target in endpoints.items():
        try:
            fuzz_one(name, target)
        except Exception as e:  # noqa: BLE001  (any failure, reported with its endpoint)
            notes = "\n".join(getattr(e, "__notes__", []))
            failures.append(f"{name} {target}: {type(e).__name__}: {str(e)[:1500]}\n{notes[:3000]}")
    assert not failures, "\n\n".join(failures)


# Another organisation's data, for the forged ids


@pytest.fixture
def mallory_world(other_org, mallory, mallory_traject):
    """Mallory's traject with everything a forged id could point at: kring, kaders, meeting, round, link."""
    t = mallory_traject
    TrajectRol.objects.create(traject=t, user=mallory, rol=TrajectRol.Rol.KADERSTELLER)
    piet = Betrokkene.objects.create(traject=t, voornaam="Piet", relatie="ouder")
    kees = Betrokkene.objects.create(traject=t, voornaam="Kees", relatie="kind", is_kind=True)
    ks = KaderSet.objects.get(traject=t)
    kader = ks.kader_toevoegen(mallory, "veiligheid", "Kees slaapt thuis.")
    ks.wijzig_interventie(mallory, "De rechter beslist.", "Mallory")
    ks.vaststellen(mallory)
    gesprek = Gesprek.objects.create(traject=t, vorm="in_persoon", begeleider=mallory, notities_prive="Geheim X")
    gesprek.deelnemers.set([piet])
    idee = Inbreng.objects.create(traject=t, betrokkene=piet, tekst="Idee van Piet")
    verzoek = InformatieVerzoek.objects.create(traject=t, wat="Rapport", van_wie="School")
    link, _token = PersoonlijkeLink.uitgeven(piet, mallory)
    b = huidige_bijeenkomst(t)
    b.starten(mallory)
    for p in (piet, kees):
        Aanwezigheid.objects.create(bijeenkomst=b, betrokkene=p, status="aanwezig")
    voorstel = Voorstel.indienen(b, mallory, "Voorstel X", "Tekst X", wie=[piet])
    ronde = voorstel.open_ronde(mallory)
    b.zet_telefoons(True)
    objecten = [other_org, mallory, t, piet, kees, ks, kader, gesprek, idee, verzoek, link, b, voorstel, ronde,
                voorstel.laatste_versie()]
    forged = sorted({str(o.uuid) for o in objecten if hasattr(o, "uuid")} | {str(o.pk) for o in objecten})
    return {"org": other_org, "forged": forged}


# The legitimate users: hostile input is refused politely and touches no other organisation


def test_no_form_answers_500_to_hostile_input_from_its_own_users(clients, urls, mallory_world):
    endpoints = post_endpoints(clients, urls)
    assert len(endpoints) >= 40, sorted(endpoints)
    found = discover(clients, urls)
    with_fields = [name for name, url in endpoints.items() if found.get(("post", url))]
    assert len(with_fields) >= 25, sorted(set(endpoints) - set(with_fields))
    targets = {f"POST {name}": ("post", url, legitimate_user(name)) for name, url in endpoints.items()}
    # Search boxes, page numbers, the screens' polls: the query strings the pages send.
    for name, url in urls.items():
        if found.get(("get", url)):
            targets[f"GET {name}"] = ("get", url, legitimate_user(name))
    assert sum(1 for t in targets if t.startswith("GET")) >= 5, sorted(targets)
    check = no_500_and_theirs_unchanged(mallory_world["org"])

    def fuzz_one(name, target):
        method, url, user = target
        fuzz(clients[user], method, url, found.get((method, url), {}), mallory_world["forged"], check)

    run_all(targets, fuzz_one)


# Another organisation's user: 404 whatever she sends, and nothing changes


def test_another_organisation_gets_404_on_every_form_whatever_it_sends(clients, urls, mallory_client, mallory_world,
                                                                         traject, kring, org):
    endpoints = post_endpoints(clients, urls)
    found = discover(clients, urls)
    # To mallory, our ids are the other organisation's.
    ours = sorted({str(traject.uuid), str(org.uuid), str(org.pk)} | {str(b.uuid) for b in kring}
                  | {str(b.pk) for b in kring})

    def check(r, writes):
        assert r.status_code == 404, r.status_code
        assert not writes, writes

    def fuzz_one(name, url):
        if name in OWN_LISTS:
            return  # her own lists: test_every_url checks they hold and make nothing of ours
        fuzz(mallory_client, "post", url, found.get(("post", url), {}), ours, check, examples=FEW, raw=False)

    run_all(endpoints, fuzz_one)


# The public pages: a personal link, the phone joining with the room's code, the plan check, login


def test_no_public_page_answers_500_to_hostile_input(link, lopende_bijeenkomst, ronde, kring, mallory_world):
    lopende_bijeenkomst.zet_telefoons(True)
    code, token = lopende_bijeenkomst.meedoen_code, link[1]
    phone, anonymous = Client(), Client()
    r = phone.post(reverse("link:meedoen", args=[code]), {"wie": str(kring[0].uuid)})
    assert r.status_code == 302 and COOKIE in r.cookies
    pages = {
        "link:pagina": (reverse("link:pagina", args=[token]), anonymous),
        "link:antwoord": (reverse("link:antwoord", args=[token]), anonymous),
        "link:meedoen": (reverse("link:meedoen", args=[code]), anonymous),
        "link:meedoen_antwoord": (reverse("link:meedoen_antwoord", args=[code]), phone),
        "link:pagina (onbekend)": (reverse("link:pagina", args=["x" * 40]), anonymous),
        "link:meedoen (onbekend)": (reverse("link:meedoen", args=["Onbekende-code-123"]), anonymous),
        "controle": (reverse("controle"), anonymous),
        "login": (reverse("login"), anonymous),
        "logout": (reverse("logout"), anonymous),
        "set_language": (reverse("set_language"), anonymous),
    }
    found = defaultdict(lambda: defaultdict(set))
    for url, c in pages.values():
        read_forms(found, c, url)
    found[("post", pages["link:meedoen"][0])]["wie"] |= {str(b.uuid) for b in kring}
    found[("post", pages["login"][0])]["password"] |= {PASSWORD}
    found[("post", pages["set_language"][0])].update(language={"en", "nl", "xx"}, next={"/", "//evil.example/"})
    assert found[("post", pages["link:antwoord"][0])] and found[("get", pages["controle"][0])]
    targets = {f"{method.upper()} {name}": (method, url, c) for name, (url, c) in pages.items()
               for method in ("post", "get") if method == "post" or found.get((method, url))}
    check = no_500_and_theirs_unchanged(mallory_world["org"])

    def fuzz_one(name, target):
        method, url, c = target
        fuzz(c, method, url, found.get((method, url), {}), mallory_world["forged"], check)

    run_all(targets, fuzz_one)


# What the fuzzing found, kept as plain tests


def test_a_search_with_a_null_character_is_no_error(alice_client, traject):
    # PostgreSQL refused the NUL in the query: a 500 before.
    r = alice_client.get("/trajecten/?q=Familie%00")
    assert r.status_code == 200
    assert "Familie J." in r.content.decode()


# The data-rights forms: erasing needs the traject's name typed again, the bewaartermijn stays within its bounds


def test_the_erasure_form_erases_nothing_without_the_traject_s_name_and_never_fails(carol_client, org, traject,
                                                                                     mallory_world):
    from gegevens.models import Verwijdering
    from kwesties.models import Traject

    url = f"/beheer/{org.uuid}/trajecten/{traject.uuid}/wissen/"
    theirs = no_500_and_theirs_unchanged(mallory_world["org"])
    redenen = st.one_of(st.sampled_from([r.value for r in Verwijdering.Reden]), hostile_text)
    namen = st.one_of(hostile_text, st.sampled_from(["familie j.", "Familie J", "Familie J.\x00", "Familie K."]))

    @settings(FUZZ, max_examples=EXAMPLES * 2)
    @given(reden=redenen, toelichting=hostile_text, label=namen)
    def run(reden, toelichting, label):
        note(f"reden={reden[:50]!r} label={label[:50]!r}")
        with rolled_back():
            r = carol_client.post(url, {"reden": reden, "toelichting": toelichting, "label": label})
            theirs(r, ["?"])
            assert r.status_code == 200, r.status_code
            assert Traject.objects.filter(pk=traject.pk).exists() and not Verwijdering.objects.exists()

    run()


def test_the_bewaartermijn_form_keeps_the_term_within_its_bounds_and_never_fails(carol_client, org, mallory_world):
    from organisaties.models import Organisatie

    url = f"/beheer/{org.uuid}/bewaartermijn/"
    theirs = no_500_and_theirs_unchanged(mallory_world["org"])

    @settings(FUZZ, max_examples=EXAMPLES * 2)
    @given(waarde=st.one_of(hostile_text, st.integers(min_value=-10**6, max_value=10**6).map(str)))
    def run(waarde):
        with rolled_back():
            r = carol_client.post(url, {"bewaartermijn_maanden": waarde})
            theirs(r, ["?"])
            termijn = Organisatie.objects.get(pk=org.pk).bewaartermijn_maanden
            if r.status_code == 302:
                assert termijn is None or 1 <= termijn <= 1200
                assert termijn == (int(waarde) if waarde.strip() else None)
            else:
                assert r.status_code == 200 and termijn is None


def test_the_log_filter_answers_any_date_with_the_log_or_a_dutch_error_beside_the_field(carol_client, org, traject):
    url = reverse("logboek:organisatie", args=[org.uuid])
    fouten = {"Deze datum klopt niet. Schrijf hem als dag-maand-jaar.", "Vul een datum in tussen het jaar 2000 en 3000.",
              "Deze datum ligt voor de datum bij ‘Van’. Kies een latere datum."}
    datum = st.one_of(hostile_text, st.dates().map(str), st.dates().map(lambda d: d.strftime("%d-%m-%Y")))

    @settings(FUZZ, max_examples=EXAMPLES * 2)
    @given(datum, datum)
    def run(van, tot):
        note(f"van={van!r} tot={tot!r}")
        with rolled_back():
            r = carol_client.get(url, {"van": van, "tot": tot, "traject": "Familie <J>"})
        assert r.status_code == 200
        body = r.content.decode()
        assert 'name="traject" value="Familie &lt;J&gt;"' in body  # nothing typed is lost, nothing unescaped
        goed = LogboekFilter({"van": van, "tot": tot}, organisatie=org).is_valid()
        naast_veld = re.findall(r'<div class="errors" id="id_(?:van|tot)_error"><p>(.*?)</p>', body)
        assert bool(naast_veld) is not goed
        assert set(naast_veld) <= fouten
        assert ("Verbeter eerst wat hierboven in rood staat." in body) is not goed

    run()
