"""What a vastgesteld plan holds, frozen at the moment of vaststelling.

The PDF, the family's phone view and the verification code all read this snapshot, not the
live records: a later change to someone's name or to the kwestie never changes version N of a
plan, and a printed copy can be checked against the system with a code derived from it.

Never in it: a facilitator's private notes, contact details, or the name of anyone the
facilitator hid for safety (they appear as "iemand uit de kring").
"""

import base64
import hashlib
import json

from django.db.models import F, Func, JSONField, Prefetch, TextField, Value
from django.db.models.functions import Cast

from kaders.models import Kader


def _persoon(b, deelname="", namens=None):
    verborgen = b.verborgen_voor_anderen
    return {
        "uuid": str(b.uuid),
        "naam": "" if verborgen else b.naam,
        "voornaam": "" if verborgen else b.voornaam,
        "relatie": b.relatie_tekst if not verborgen else "",
        "afgeschermd": verborgen,
        "is_kind": b.is_kind,
        "deelname": deelname,
        "namens": _naam(namens) if namens else "",
    }


def _naam(b):
    return "" if b is None or b.verborgen_voor_anderen else b.voornaam


def inhoud(plan):
    """The snapshot as plain JSON-able data, in a fixed number of queries."""
    from .models import Aanwezigheid, ConsentRonde, Reactie

    bijeenkomst = plan.bijeenkomst
    traject = bijeenkomst.traject
    kwestie = traject.kwestie
    kaderset = traject.kaderset
    aanwezig = {
        a.betrokkene_id: a
        for a in Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst).select_related("vertegenwoordiger")
    }
    kring = []
    for b in traject.betrokkenen.in_kring():
        a = aanwezig.get(b.id)
        kring.append(_persoon(b, a.status if a else "", a.vertegenwoordiger if a else None))

    _status, toets, _afgekeurd = plan.toets_status()
    oordelen = {o.kader_id: o for o in toets.oordelen.all()} if toets else {}
    kaders = []
    for k in Kader.objects.geldig().filter(kaderset=kaderset):
        o = oordelen.get(k.id)
        kaders.append({
            "soort": k.soort, "tekst": k.tekst, "toelichting": k.toelichting,
            "voldoet": o.voldoet if o else None, "oordeel": o.toelichting if o else "",
        })

    reacties = Prefetch("reacties", queryset=Reactie.objects.select_related("betrokkene", "namens"))
    afspraken = []
    for a in plan.afspraken.select_related("voorstel", "versie").prefetch_related(
        "wie", Prefetch("ronde__reacties", queryset=Reactie.objects.select_related("betrokkene"))
    ):
        afspraken.append({
            "titel": a.voorstel.titel,
            "wat": a.wat,
            "wie": [str(b.uuid) for b in a.wie.all()],
            "wie_namen": [_naam(b) or "iemand uit de kring" for b in a.wie.all()],
            "wanneer": a.wanneer,
            "hoe_weten": a.hoe_weten,
            "voorstel_versie": a.versie.nummer,
            "aandachtspunten": [
                {"naam": _naam(r.betrokkene), "tekst": r.aandachtspunt} for r in a.aandachtspunten()
            ],
        })

    rondes = []
    for r in (
        ConsentRonde.objects.filter(bijeenkomst=bijeenkomst, gesloten_op__isnull=False)
        .select_related("voorstel", "versie")
        .prefetch_related(reacties)
        .order_by("geopend_op", "id")
    ):
        rondes.append({
            "voorstel": r.voorstel.titel,
            "voorstel_nummer": r.voorstel.nummer,
            "versie": r.versie.nummer,
            "versie_tekst": r.versie.tekst,
            "nummer": r.nummer,
            "stil": r.stil,
            "uitkomst": r.uitkomst,
            "reacties": [
                {
                    "naam": _naam(x.betrokkene), "namens": _naam(x.namens), "antwoord": x.antwoord,
                    "aandachtspunt": x.aandachtspunt, "reden": x.reden, "wat_erbij": x.wat_erbij,
                    "geen_antwoord_reden": x.geen_antwoord_reden,
                }
                for x in r.reacties.all()
            ],
        })

    return {
        "traject": traject.label,
        "versie": plan.versie,
        "vastgesteld_op": plan.vastgesteld_op.isoformat() if plan.vastgesteld_op else None,
        "facilitator": plan.vastgesteld_door.naam if plan.vastgesteld_door else "",
        "bijeenkomst": {
            "datum": bijeenkomst.datum.isoformat() if bijeenkomst.datum else None,
            "plaats": bijeenkomst.plaats,
        },
        "kwestie": {"vraag": kwestie.vraag, "beschrijving": kwestie.beschrijving},
        "kring": kring,
        "kaders": kaders,
        "als_geen_veilig_plan": kaderset.als_geen_veilig_plan,
        "wie_grijpt_in": kaderset.wie_grijpt_in,
        "afspraken": afspraken,
        "rondes": rondes,
        "vervolg": {
            "evaluatie_op": plan.evaluatie_op.isoformat() if plan.evaluatie_op else None,
            "wie_houdt_oog": plan.wie_houdt_oog,
            "als_niet_nagekomen": plan.als_niet_nagekomen,
        },
    }


def hash_van(data):
    tekst = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(tekst.encode()).hexdigest()


def code_van(inhoud_hash):
    """A short code for the footer of a printed plan: 40 bits of the hash, easy to read aloud (ABCD-EFGH)."""
    letters = base64.b32encode(bytes.fromhex(inhoud_hash)[:5]).decode()
    return f"{letters[:4]}-{letters[4:8]}"


def normaliseer_code(tekst):
    """What someone typed from paper: any case, spaces or dashes; 0 and 1 read as O and I."""
    schoon = "".join(c for c in (tekst or "").upper() if c.isalnum()).replace("0", "O").replace("1", "I")
    return f"{schoon[:4]}-{schoon[4:8]}" if len(schoon) == 8 else ""


class ZonderRondes(Func):
    """The snapshot without its record of the consent rounds, cut out by the database.

    The rounds are most of a large plan's snapshot (hundreds of kB); only the PDF prints them.
    """

    output_field = JSONField()

    def __init__(self, veld="inhoud"):
        super().__init__(F(veld))

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        sleutel, sleutel_params = compiler.compile(Cast(Value("rondes"), TextField()))
        return f"({sql} - {sleutel})", [*params, *sleutel_params]

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"json_remove({sql}, '$.rondes')", params
