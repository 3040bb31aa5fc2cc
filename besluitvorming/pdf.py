"""The vastgesteld plan on paper: its PDF, the list of its versions, and the public check of a printed code.

Everything printed comes from plan.inhoud, the snapshot frozen at vaststelling, never from live
records: version N reads the same years later. Rendering never touches the network: the only thing
WeasyPrint may fetch is our own print stylesheet, read from disk.
"""

import datetime
import hashlib
import logging
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import weasyprint
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.db.models.fields.json import KT
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from weasyprint.urls import URLFetcher, URLFetcherResponse

from kaders.models import Kader
from kwesties.access import get_traject_for_user
from links.access import client_ip
from links.models import LinkPoging

from . import planinhoud
from .models import Aanwezigheid, ConsentRonde, Plan, PlanPdf, Reactie

logger = logging.getLogger(__name__)

# A host that never resolves: relative URLs in the PDF template point here, and only our fetcher answers.
# Its /static/ path maps to our static files on disk, whatever STATIC_URL is (it may be another host).
PDF_BASIS = "https://pdf.nieuwe-route.invalid/"
PDF_STATIC = "/static/"
PDF_CSS = "css/plan_pdf.css"


# --- No network while rendering -------------------------------------------------------------------------------

def _eigen_css(url):
    """The file on disk behind one of our own stylesheets, or None for anything else."""
    delen = urlsplit(url)
    basis = urlsplit(PDF_BASIS)
    if (delen.scheme, delen.netloc) != (basis.scheme, basis.netloc) or delen.query or delen.fragment:
        return None
    if not delen.path.startswith(PDF_STATIC) or not delen.path.endswith(".css"):
        return None
    pad = delen.path[len(PDF_STATIC):]
    try:
        gevonden = finders.find(pad)
    except SuspiciousFileOperation:
        return None
    if gevonden is None:
        kandidaat = (Path(settings.BASE_DIR) / "static" / pad).resolve()
        if kandidaat.is_file() and kandidaat.is_relative_to((Path(settings.BASE_DIR) / "static").resolve()):
            gevonden = kandidaat
    return Path(gevonden) if gevonden else None


class AlleenEigenCSS(URLFetcher):
    """Serves our own static CSS from disk and refuses every other URL: no image, font or page is ever fetched."""

    def fetch(self, url, headers=None):
        pad = _eigen_css(url)
        if pad is None:
            raise ValueError(f"Not fetched while rendering a plan: {url[:200]}")
        return URLFetcherResponse(url, pad.read_bytes(), {"Content-Type": "text/css; charset=utf-8"})


# --- From the snapshot to what the PDF shows --------------------------------------------------------------------

def _datum(tekst):
    """A date or datetime from the snapshot (ISO text), as a date in our time zone; None when missing or garbled."""
    if not isinstance(tekst, str) or not tekst:
        return None
    try:
        waarde = datetime.datetime.fromisoformat(tekst)
    except ValueError:
        return None
    if len(tekst) <= 10:
        return waarde.date()
    if timezone.is_aware(waarde):
        waarde = timezone.localtime(waarde)
    return waarde.date()


def _w3c(tekst):
    """The moment of vaststelling as a W3C date for the PDF's metadata, so a version always renders alike."""
    try:
        return datetime.datetime.fromisoformat(tekst).replace(microsecond=0).isoformat()
    except (TypeError, ValueError):
        return ""


def _tekst(waarde):
    return waarde if isinstance(waarde, str) else ""


def _lijst(waarde):
    return [x for x in waarde if isinstance(x, dict)] if isinstance(waarde, list) else []


def _keuze(choices, code):
    """The display text of a stored code, in the active language; the code itself when unknown."""
    if not isinstance(code, str):
        return ""
    return str(dict(choices.choices).get(code, code))


def _wie(naam):
    return naam or _("iemand uit de kring")


def css_tekst(waarde):
    """A CSS string literal for a running header or footer: every character that is not plainly safe is escaped.

    The space after each escape ends it (CSS consumes it), so a real space that follows survives.
    """
    veilig = "".join(c if c.isascii() and (c.isalnum() or c in " .,:-/") else f"\\{ord(c):06x} " for c in waarde)
    return mark_safe(f'"{veilig}"')


def _paginanummer_css():
    """'Pagina 3 van 12' as a CSS content value: the translated sentence around the page counters."""
    tekst = _("Pagina %(pagina)s van %(paginas)s") % {"pagina": "\x00p", "paginas": "\x00n"}
    tellers = {"\x00p": "counter(page)", "\x00n": "counter(pages)"}
    return mark_safe(" ".join(tellers.get(d) or css_tekst(d) for d in re.split("(\x00[pn])", tekst) if d))


def _deelname(persoon):
    naam = _wie(persoon.get("naam"))
    status = persoon.get("deelname")
    if status == Aanwezigheid.Status.AANWEZIG:
        return _("Was er")
    if status == Aanwezigheid.Status.VERTEGENWOORDIGD:
        wie = _wie(_tekst(persoon.get("namens")))
        return _("%(wie)s sprak namens %(naam)s") % {"wie": wie[:1].upper() + wie[1:], "naam": naam}
    if status == Aanwezigheid.Status.AFWEZIG:
        return _("Was er niet")
    return _("Niet genoteerd")


def _reactie(r):
    antwoord = r.get("antwoord")
    toelichting = []
    if antwoord == Reactie.Antwoord.ZORG and r.get("aandachtspunt"):
        toelichting.append((_("Laten we letten op:"), _tekst(r.get("aandachtspunt"))))
    if antwoord == Reactie.Antwoord.BEZWAAR:
        toelichting.append((_("Waarom:"), _tekst(r.get("reden"))))
        toelichting.append((_("Dit moet erbij:"), _tekst(r.get("wat_erbij"))))
    if antwoord == Reactie.Antwoord.GEEN_ANTWOORD and r.get("geen_antwoord_reden"):
        toelichting.append((_("Waarom niet:"), _keuze(Reactie.GeenAntwoordReden, r.get("geen_antwoord_reden"))))
    return {
        "naam": _wie(r.get("naam")),
        "namens": _tekst(r.get("namens")),
        "antwoord": antwoord or "",
        "antwoord_tekst": _keuze(Reactie.Antwoord, antwoord) if antwoord else _("Geen antwoord"),
        "toelichting": toelichting,
    }


def _reacties(reacties):
    """A round's answers: everyone without objection on one line, the answers that carry words in a table."""
    return {
        "geen_bezwaar": [r for r in reacties if r["antwoord"] == Reactie.Antwoord.GEEN_BEZWAAR],
        "met_toelichting": [r for r in reacties if r["antwoord"] != Reactie.Antwoord.GEEN_BEZWAAR],
    }


def plan_weergave(plan, basis_url=""):
    """The template context of the PDF, built from the snapshot alone (in the active language)."""
    inhoud = plan.inhoud if isinstance(plan.inhoud, dict) else {}
    traject = _tekst(inhoud.get("traject"))
    versie = inhoud.get("versie") or plan.versie
    kwestie = inhoud.get("kwestie") if isinstance(inhoud.get("kwestie"), dict) else {}
    bijeenkomst = inhoud.get("bijeenkomst") if isinstance(inhoud.get("bijeenkomst"), dict) else {}
    vervolg = inhoud.get("vervolg") if isinstance(inhoud.get("vervolg"), dict) else {}
    controle_url = basis_url or "/controle/"
    kop = _("%(traject)s · plan versie %(versie)s") % {"traject": traject, "versie": versie}
    voet = _("Controlecode: %(code)s · controleer op %(url)s") % {"code": plan.code, "url": controle_url}
    return {
        "titel": _("Plan %(traject)s, versie %(versie)s") % {"traject": traject, "versie": versie},
        "traject": traject,
        "versie": versie,
        "vastgesteld_op": _datum(inhoud.get("vastgesteld_op")),
        "facilitator": _tekst(inhoud.get("facilitator")),
        "bijeenkomst_datum": _datum(bijeenkomst.get("datum")),
        "bijeenkomst_plaats": _tekst(bijeenkomst.get("plaats")),
        "kwestie": {"vraag": _tekst(kwestie.get("vraag")), "beschrijving": _tekst(kwestie.get("beschrijving"))},
        "kring": [
            {
                "naam": _wie(p.get("naam")),
                "afgeschermd": bool(p.get("afgeschermd")),
                "relatie": "" if p.get("afgeschermd") else _tekst(p.get("relatie")),
                "deelname": _deelname(p),
            }
            for p in _lijst(inhoud.get("kring"))
        ],
        "kaders": [
            {
                "soort": _keuze(Kader.Soort, k.get("soort")),
                "tekst": _tekst(k.get("tekst")),
                "toelichting": _tekst(k.get("toelichting")),
                "voldoet": k.get("voldoet"),
                "oordeel": _tekst(k.get("oordeel")),
            }
            for k in _lijst(inhoud.get("kaders"))
        ],
        "als_geen_veilig_plan": _tekst(inhoud.get("als_geen_veilig_plan")),
        "wie_grijpt_in": _tekst(inhoud.get("wie_grijpt_in")),
        "afspraken": [
            {
                "titel": _tekst(a.get("titel")),
                "wat": _tekst(a.get("wat")),
                "wie": [_wie(_tekst(n)) for n in a.get("wie_namen") or [] if isinstance(n, str)],
                "wanneer": _tekst(a.get("wanneer")),
                "hoe_weten": _tekst(a.get("hoe_weten")),
                "aandachtspunten": [
                    {"naam": _wie(p.get("naam")), "tekst": _tekst(p.get("tekst"))}
                    for p in _lijst(a.get("aandachtspunten"))
                ],
            }
            for a in _lijst(inhoud.get("afspraken"))
        ],
        "rondes": [
            {
                "voorstel": _tekst(r.get("voorstel")),
                "voorstel_nummer": r.get("voorstel_nummer"),
                "versie": r.get("versie"),
                "versie_tekst": _tekst(r.get("versie_tekst")),
                "nummer": r.get("nummer"),
                "stil": bool(r.get("stil")),
                "uitkomst": r.get("uitkomst"),
                "uitkomst_tekst": _keuze(ConsentRonde.Uitkomst, r.get("uitkomst")),
                **_reacties([_reactie(x) for x in _lijst(r.get("reacties"))]),
            }
            for r in _lijst(inhoud.get("rondes"))
        ],
        "vervolg": {
            "evaluatie_op": _datum(vervolg.get("evaluatie_op")),
            "wie_houdt_oog": _tekst(vervolg.get("wie_houdt_oog")),
            "als_niet_nagekomen": _tekst(vervolg.get("als_niet_nagekomen")),
        },
        "code": plan.code,
        "controle_url": controle_url,
        "kop_css": css_tekst(kop),
        "voet_css": css_tekst(voet),
        "pagina_css": _paginanummer_css(),
        "gemaakt": _w3c(inhoud.get("vastgesteld_op")),
        "css_url": PDF_STATIC + PDF_CSS,
    }


def plan_html(plan, basis_url=""):
    """The PDF's HTML, always in Dutch."""
    with translation.override("nl"):
        return render_to_string("besluitvorming/plan_pdf.html", plan_weergave(plan, basis_url))


def render_pdf(html):
    """WeasyPrint, tagged for screen readers (PDF/UA-1), fetching nothing but our own stylesheet."""
    document = weasyprint.HTML(string=html, base_url=PDF_BASIS, url_fetcher=AlleenEigenCSS())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def _opmaak():
    """The bytes that decide the layout: the PDF template, its stylesheet and the WeasyPrint version."""
    template = get_template("besluitvorming/plan_pdf.html").template.source.encode()
    css = _eigen_css(PDF_BASIS.rstrip("/") + PDF_STATIC + PDF_CSS).read_bytes()
    return template + b"\0" + css + b"\0" + weasyprint.__version__.encode()


def _sleutel(plan, basis_url):
    """What a plan's PDF is made from: its frozen snapshot (by hash), the footer address and the layout.

    Known without loading the snapshot or rendering anything, so a stored PDF is served in milliseconds.
    """
    digest = hashlib.sha256(_opmaak())
    for deel in (plan.inhoud_hash or "", plan.code or "", str(plan.versie), basis_url):
        digest.update(b"\0" + deel.encode())
    return digest.hexdigest()


def plan_pdf_bytes(plan, basis_url=""):
    """The PDF of a vastgesteld plan: rendered once, then kept (PlanPdf) until what it is made from changes.

    basis_url: the absolute address of the public check page (/controle/), printed in every footer.
    """
    sleutel = _sleutel(plan, basis_url)
    opgeslagen = PlanPdf.objects.filter(plan_id=plan.pk, sleutel=sleutel).values_list("pdf", flat=True).first()
    if opgeslagen is not None:
        return bytes(opgeslagen)
    data = render_pdf(plan_html(plan, basis_url))
    if plan.pk is not None and plan.status == Plan.Status.VASTGESTELD:
        # Two first downloads at once both render; update_or_create keeps one row either way.
        PlanPdf.objects.update_or_create(plan=plan, defaults={"sleutel": sleutel, "pdf": data, "gemaakt_op": timezone.now()})
    return data


def maak_pdf_na_vaststellen(request, plan):
    """Render the new plan's PDF in a process of its own, once the vaststelling is committed.

    A big plan takes WeasyPrint many seconds (88 pages: about 15 s on two cores); done now, the first download
    finds it stored. If the process fails or is slower than the first download, that download renders it itself.
    """
    if not settings.PLAN_PDF_ACHTERGROND:
        return
    basis_url = request.build_absolute_uri(reverse("controle"))
    opdracht = [sys.executable, str(settings.BASE_DIR / "manage.py"), "plan_pdf", str(plan.uuid),
                f"--basis-url={basis_url}", "--achtergrond"]

    def start():
        try:
            # Its own session: a worker that restarts does not take it along. Its errors go to our log (stderr).
            subprocess.Popen(opdracht, cwd=settings.BASE_DIR, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             start_new_session=True)
        except OSError:
            logger.exception("Could not start rendering the PDF of plan %s", plan.uuid)

    transaction.on_commit(start)


def pdf_bestandsnaam(plan):
    """plan-familie-j-versie-1.pdf: ASCII only, safe in any Content-Disposition header."""
    label = plan.inhoud.get("traject") if isinstance(plan.inhoud, dict) else ""
    slug = slugify(label if isinstance(label, str) else "")[:60].strip("-")
    deel = f"-{slug}" if slug else ""
    return f"plan{deel}-versie-{plan.versie}.pdf"


# --- Views for professionals -------------------------------------------------------------------------------------

def _vastgestelde_plannen(traject):
    return Plan.objects.filter(traject=traject, status=Plan.Status.VASTGESTELD)


def _alleen_lezen(request):
    return None if request.method in ("GET", "HEAD") else HttpResponseNotAllowed(["GET", "HEAD"])


@login_required
def versies(request, traject):
    traject = get_traject_for_user(request, traject)
    if (geweigerd := _alleen_lezen(request)) is not None:
        return geweigerd
    # The facilitator as frozen in the snapshot; the (possibly large) snapshot itself is not loaded.
    plannen = list(
        _vastgestelde_plannen(traject)
        .annotate(facilitator=KT("inhoud__facilitator"))
        .defer("inhoud")
        .order_by("-versie")
    )
    return render(request, "besluitvorming/plan_versies.html", {"traject": traject, "plannen": plannen})


@login_required
def plan_pdf(request, traject, versie):
    traject = get_traject_for_user(request, traject)
    if (geweigerd := _alleen_lezen(request)) is not None:
        return geweigerd
    # Only a plan with its frozen snapshot can be printed: paper must show what was vastgesteld, nothing live.
    # The snapshot itself is only loaded if the PDF has to be rendered (not when it is stored).
    plan = get_object_or_404(
        _vastgestelde_plannen(traject).filter(inhoud__isnull=False).defer("inhoud"), versie=versie
    )
    response = pdf_response(request, plan)
    patch_cache_control(response, private=True, no_store=True)
    return response


def pdf_response(request, plan):
    """The plan's PDF as a download, with the absolute address of the code check in its footer."""
    data = plan_pdf_bytes(plan, basis_url=request.build_absolute_uri(reverse("controle")))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_bestandsnaam(plan)}"'
    return response


# --- The public check of a printed code -------------------------------------------------------------------------

class ControleForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Controlecode"),
        max_length=40,
        help_text=gettext_lazy("Deze staat onderaan elke bladzijde van het plan, bijvoorbeeld ABCD-EFGH."),
        error_messages={
            "required": gettext_lazy("Vul de controlecode in."),
            "max_length": gettext_lazy("Een controlecode heeft 8 letters, zoals ABCD-EFGH."),
        },
    )

    def clean_code(self):
        code = planinhoud.normaliseer_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Een controlecode heeft 8 letters, zoals ABCD-EFGH."))
        return code


def _publiek(response):
    """The check page is for anyone with paper in hand: never cached, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_safe
def controle(request):
    ip = client_ip(request)
    if LinkPoging.te_veel(ip):
        return _publiek(render(request, "besluitvorming/controle.html", {"te_vaak": True}, status=429))
    form = ControleForm(request.GET if "code" in request.GET else None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        plan = (
            Plan.objects.filter(code=form.cleaned_data["code"], status=Plan.Status.VASTGESTELD)
            .order_by("-vastgesteld_op", "-id")
            .first()
        )
        if plan is None:
            # Only a well-formed code that matches nothing counts towards the limit: that is what guessing looks like.
            LinkPoging.noteer(ip)
        context.update(gezocht=True, plan=plan, ongeschonden=plan is not None and plan.is_ongeschonden)
    return _publiek(render(request, "besluitvorming/controle.html", context))
