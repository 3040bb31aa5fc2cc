"""The vastgesteld plan as the family sees it through a personal link: the page, its PDF, and the evaluation date.

Everything shown comes from the frozen snapshot (plan.inhoud), so version N reads the same on
every phone and on paper. The token is the only key, exactly as on the page before the meeting.
"""

import datetime

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Event

from besluitvorming import pdf as besluitvorming_pdf
from besluitvorming.ics import kalender
from besluitvorming.models import Bijeenkomst, Plan
from besluitvorming.planinhoud import ZonderRondes
from kaders.models import Kader
from kwesties.models import KWESTIE_BEGIN, TrajectRol

from .access import get_link_for_token, noteer_gebruik
from .models import LinkGebruik
from .plan_verschil import verschil
from .public_views import _geweigerd, _pagina_url, _prive, lopende_bijeenkomst

# What planinhoud writes in wie_namen for someone hidden for safety; shown translated.
IEMAND = "iemand uit de kring"


def vastgestelde_plannen(traject, aantal=2, met_rondes=False):
    """The newest vastgesteld plans of a traject (newest first), only those with a frozen snapshot.

    Without `met_rondes` their snapshot comes without the record of the rounds: only the PDF prints it.
    With it, the snapshot is loaded (whole) only when first read.
    """
    plannen = Plan.objects.filter(traject=traject, status=Plan.Status.VASTGESTELD, inhoud__isnull=False).order_by(
        "-versie"
    )
    if met_rondes:
        # The whole snapshot, loaded only when it is read: a stored PDF never needs it.
        return list(plannen.only("uuid", "versie", "traject_id", "code", "status", "inhoud_hash")[:aantal])
    plannen = list(plannen.only("uuid", "versie", "traject_id", "code").annotate(inhoud_kort=ZonderRondes())[:aantal])
    for plan in plannen:
        plan.inhoud = plan.inhoud_kort
    return plannen


def _datum(iso):
    return datetime.date.fromisoformat(iso) if iso else None


def _moment(iso):
    return timezone.localtime(datetime.datetime.fromisoformat(iso)) if iso else None


def opsomming(woorden):
    """'Ria', 'Ria en Mark', 'Ria, Mark en Sanne'."""
    woorden = [str(w) for w in woorden]
    if len(woorden) < 2:
        return "".join(woorden)
    return _("%(eerst)s en %(laatst)s") % {"eerst": ", ".join(woorden[:-1]), "laatst": woorden[-1]}


def _wie(afspraak, kring, mij):
    """[(uuid, first name)] of who does it; someone hidden for safety is 'iemand uit de kring', except to themself."""
    namen = afspraak.get("wie_namen") or []
    wie = []
    for i, uuid in enumerate(afspraak.get("wie") or []):
        naam = namen[i] if i < len(namen) else ""
        if uuid == mij["uuid"]:
            naam = _("%(naam)s (jij)") % {"naam": mij["voornaam"]}
        elif kring.get(uuid, {}).get("afgeschermd") or not naam or naam == IEMAND:
            naam = _("iemand uit de kring")
        wie.append((uuid, naam))
    return wie


def _afspraken(inhoud, mij, kinderen):
    """The agreements ready to show, each knowing whether it is mine or a child's I speak for."""
    kring = {p["uuid"]: p for p in inhoud.get("kring", [])}
    uitkomst = []
    for nummer, a in enumerate(inhoud.get("afspraken", []), start=1):
        wie = _wie(a, kring, mij)
        uuids = [uuid for uuid, _naam in wie]
        uitkomst.append({
            "nummer": nummer,
            "titel": a.get("titel", ""),
            "wat": a.get("wat", ""),
            "wie": opsomming(naam for _uuid, naam in wie),
            "met": opsomming(naam for uuid, naam in wie if uuid != mij["uuid"]),
            "wanneer": a.get("wanneer", ""),
            "hoe_weten": a.get("hoe_weten", ""),
            "aandachtspunten": a.get("aandachtspunten") or [],
            "mijn": mij["uuid"] in uuids,
            "voor_kind": [k for k in kinderen if k["uuid"] in uuids],
        })
    return uitkomst


def _kring(inhoud, mij):
    """Who decided along: first names; someone hidden is left out, except for themself."""
    namen = []
    for p in inhoud.get("kring", []):
        if p.get("deelname") not in ("aanwezig", "vertegenwoordigd"):
            continue
        if p["uuid"] == mij["uuid"]:
            naam = _("%(naam)s (jij)") % {"naam": mij["voornaam"]}
        elif p.get("afgeschermd") or not p.get("voornaam"):
            continue
        else:
            naam = p["voornaam"]
        if p.get("deelname") == "vertegenwoordigd" and p.get("namens"):
            naam = _("%(naam)s (via %(namens)s)") % {"naam": naam, "namens": p["namens"]}
        namen.append(naam)
    return opsomming(namen)


def _veld_woorden(velden):
    woorden = {
        "wat": _("wat er gebeurt"),
        "wie": _("wie het doet"),
        "wanneer": _("wanneer het gebeurt"),
        "hoe_weten": _("hoe we weten dat het gebeurd is"),
    }
    return opsomming(woorden[v] for v in velden)


def _veranderingen(oud, nieuw):
    """What changed since the previous version, as (soort, text) lines in plain words; [] for no change."""
    v = verschil(oud, nieuw)
    regels = [(_("Nieuw:"), f"{a['titel']}. {a['wat']}") for a in v.nieuw]
    regels += [
        (_("Veranderd:"), _("%(titel)s. Anders is: %(wat)s.") % {"titel": a["titel"], "wat": _veld_woorden(velden)})
        for a, velden in v.veranderd
    ]
    regels += [(_("Niet meer in het plan:"), a["titel"]) for a in v.weg]
    if v.evaluatie:
        datum = _datum(v.evaluatie[1])
        if datum:
            tekst = _("De datum om samen te kijken hoe het gaat, is nu %(datum)s.") % {
                "datum": _datum_tekst(datum)
            }
        else:
            tekst = _("De datum om samen te kijken hoe het gaat, volgt nog.")
        regels.append((_("Veranderd:"), tekst))
    return regels


def _datum_tekst(datum):
    return date_format(datum, "l j F Y")


def _kwestie_vraag(inhoud):
    vraag = ((inhoud.get("kwestie") or {}).get("vraag") or "").strip()
    # Only the opening words the form starts with: nobody wrote a question.
    return "" if vraag == KWESTIE_BEGIN.strip() else vraag


def _soort(code):
    # The snapshot keeps the code; its words follow the reader's language.
    return Kader.Soort(code).label if code in Kader.Soort.values else code


def _kinderen(betrokkene):
    """The children this person speaks for: their agreements matter to them too."""
    return [
        {"uuid": str(k.uuid), "voornaam": k.voornaam}
        for k in betrokkene.vertegenwoordigt.filter(verwijderd_op__isnull=True, is_kind=True)
    ]


def _revisie(traject, betrokkene):
    """A new meeting to revise the plan, if one is planned or under way, and whether this person may answer now."""
    bijeenkomst = lopende_bijeenkomst(traject)
    if bijeenkomst is None:
        return None, False
    antwoorden = False
    if bijeenkomst.telefoons and bijeenkomst.status == Bijeenkomst.Status.BEGONNEN:
        ronde = bijeenkomst.open_ronde()
        antwoorden = ronde is not None and ronde.reacties.filter(betrokkene=betrokkene).exists()
    return bijeenkomst, antwoorden


def plan_pagina(request, link, token, plannen):
    """The page a link opens once there is a vastgesteld plan: `plannen` is vastgestelde_plannen(traject)."""
    plan = plannen[0]
    inhoud = plan.inhoud
    betrokkene = link.betrokkene
    traject = betrokkene.traject
    mij = {"uuid": str(betrokkene.uuid), "voornaam": betrokkene.voornaam}
    kinderen = _kinderen(betrokkene)
    afspraken = _afspraken(inhoud, mij, kinderen)
    vervolg = inhoud.get("vervolg") or {}
    kaders = [{**k, "soort": _soort(k.get("soort"))} for k in inhoud.get("kaders", [])]
    bijeenkomst, antwoorden = _revisie(traject, betrokkene)
    begeleiders = [
        r.user.naam
        for r in TrajectRol.objects.filter(traject=traject, rol=TrajectRol.Rol.FACILITATOR).select_related("user")
    ]
    vorige = plannen[1] if len(plannen) > 1 and plannen[1].versie == plan.versie - 1 else None
    context = {
        "betrokkene": betrokkene,
        "token": token,
        "plan": plan,
        "inhoud": inhoud,
        "kwestie_vraag": _kwestie_vraag(inhoud),
        "vastgesteld_op": _moment(inhoud.get("vastgesteld_op")),
        "mijn_afspraken": [a for a in afspraken if a["mijn"]],
        "kind_afspraken": [
            (k, [a for a in afspraken if not a["mijn"] and k in a["voor_kind"]]) for k in kinderen
        ],
        "afspraken": afspraken,
        "kring": _kring(inhoud, mij),
        "kaders": kaders,
        "evaluatie_op": _datum(vervolg.get("evaluatie_op")),
        "wie_houdt_oog": vervolg.get("wie_houdt_oog", ""),
        "als_niet_nagekomen": vervolg.get("als_niet_nagekomen", ""),
        "veranderingen": _veranderingen(vorige.inhoud, inhoud) if vorige else None,
        "vorige": vorige,
        "begeleiders": begeleiders,
        "bijeenkomst": bijeenkomst if bijeenkomst is not None and bijeenkomst.datum else None,
        "antwoorden": antwoorden,
    }
    noteer_gebruik(link, LinkGebruik.Actie.BEKEKEN, f"plan versie {plan.versie}")
    return _prive(render(request, "links/plan.html", context))


def _plan_voor_link(request, token, met_rondes=False):
    """(link, plan, refusal): the newest vastgesteld plan of the link's traject, or a response that says why not."""
    link, reden = get_link_for_token(request, token)
    if link is None:
        return None, None, _geweigerd(request, reden, token)
    plannen = vastgestelde_plannen(link.betrokkene.traject, aantal=1, met_rondes=met_rondes)
    if not plannen:
        return link, None, _prive(redirect(_pagina_url(token)))
    return link, plannen[0], None


@require_safe
def plan_pdf(request, token):
    link, plan, weigering = _plan_voor_link(request, token, met_rondes=True)
    if weigering is not None:
        return weigering
    response = besluitvorming_pdf.pdf_response(request, plan)
    noteer_gebruik(link, LinkGebruik.Actie.BEKEKEN, f"plan pdf versie {plan.versie}")
    return _prive(response)


def evaluatie_ics(plan, betrokkene, link_url=""):
    """Bytes of an .ics file with the evaluation day; one UID per plan and person, so a new file updates the old."""
    datum = _datum(plan.inhoud["vervolg"]["evaluatie_op"])
    cal = kalender()
    event = Event()
    event.add("uid", f"evaluatie-{plan.uuid}-{betrokkene.uuid}@nieuweroute")
    event.add("dtstamp", timezone.now())
    event.add("summary", _("Samen kijken hoe het plan gaat"))
    # No time is agreed, only the day: a whole-day entry.
    event.add("dtstart", datum)
    event.add("dtend", datum + datetime.timedelta(days=1))
    regels = [
        _("Vandaag kijken jullie samen hoe het gaat met de afspraken uit het plan (versie %(versie)s).")
        % {"versie": plan.versie},
        _("Je begeleider laat weten hoe laat en waar."),
    ]
    if link_url:
        regels += ["", _("Het plan: %(url)s") % {"url": link_url}]
    event.add("description", "\n".join(regels))
    cal.add_component(event)
    return cal.to_ical()


@require_safe
def evaluatie(request, token):
    link, plan, weigering = _plan_voor_link(request, token)
    if weigering is not None:
        return weigering
    if not (plan.inhoud.get("vervolg") or {}).get("evaluatie_op"):
        return _prive(redirect(_pagina_url(token)))
    betrokkene = link.betrokkene
    noteer_gebruik(link, LinkGebruik.Actie.AGENDA, "evaluatie")
    ics = evaluatie_ics(plan, betrokkene, link_url=request.build_absolute_uri(_pagina_url(token)))
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    naam = slugify(betrokkene.voornaam) or "plan"
    datum = plan.inhoud["vervolg"]["evaluatie_op"]
    response["Content-Disposition"] = f'attachment; filename="evaluatie-{datum}-{naam}.ics"'
    return _prive(response)

