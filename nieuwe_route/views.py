import sys

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from besluitvorming.models import Bijeenkomst, Plan
from kaders.models import Kader
from kwesties.access import get_traject_for_user
from kwesties.models import Traject
from links.models import PersoonlijkeLink
from voorbereiding.models import Gesprek

from .fasen import fase_van, fasen
from .storing import DATABASE_WEG, storing


def gezond(request):
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    return redirect("overzicht" if request.user.is_authenticated else "login")


@login_required
def overzicht(request):
    mijn = Traject.objects.voor_gebruiker(request.user).order_by("-aangemaakt_op", "-id")
    # A NUL cannot be typed, and PostgreSQL refuses it in a query: it is dropped, not a 500.
    zoek = request.GET.get("q", "")[:60].replace("\x00", "").strip()
    if zoek:
        mijn = mijn.filter(label__icontains=zoek)
    pagina = Paginator(mijn.values_list("pk", flat=True), 25).get_page(request.GET.get("pagina"))
    # The database sorts and pages ids alone; only the page's trajecten are joined with what the list shows.
    trajecten = list(
        Traject.objects.filter(pk__in=pagina.object_list)
        .select_related("organisatie", "kwestie", "kaderset")
        .annotate(
            bijeenkomst_begonnen=Exists(
                Bijeenkomst.objects.filter(traject=OuterRef("pk")).exclude(status=Bijeenkomst.Status.GEPLAND)
            )
        )
        .order_by("-aangemaakt_op", "-id")
    )
    for t in trajecten:
        t.fase_nummer, t.fase_naam = fase_van(t)
    return render(request, "overzicht.html", {"pagina": pagina, "trajecten": trajecten, "zoek": zoek})


@login_required
def traject_detail(request, traject):
    traject = get_traject_for_user(request, traject)
    # Every link of each person, newest first: the newest says the state, any of them may have been used last.
    links = Prefetch("links", queryset=PersoonlijkeLink.objects.order_by("-aangemaakt_op", "-id"), to_attr="alle_links")
    kring = list(traject.betrokkenen.in_kring().select_related("vertegenwoordigd_door").prefetch_related(links))
    for b in kring:
        b.link = b.alle_links[0] if b.alle_links else None
        b.laatst_gebruikt = max((x.laatst_gebruikt_op for x in b.alle_links if x.laatst_gebruikt_op), default=None)
    gesproken = set(
        Gesprek.deelnemers.through.objects.filter(
            gesprek__traject=traject, gesprek__verwijderd_op__isnull=True
        ).values_list("betrokkene_id", flat=True)
    )
    # The latest meeting (being prepared, under way, or finished with its plan), and in the same query the
    # traject's newest vastgesteld plan, which belongs to an earlier meeting while a revision is prepared.
    nieuwste_plan = Plan.objects.filter(traject=traject, status=Plan.Status.VASTGESTELD).order_by("-versie")
    bijeenkomst = (
        traject.bijeenkomsten.select_related("plan")
        .defer("plan__inhoud")
        .annotate(
            plan_versie=Subquery(nieuwste_plan.values("versie")[:1]),
            plan_vastgesteld_op=Subquery(nieuwste_plan.values("vastgesteld_op")[:1]),
        )
        .first()
    )
    kaderset = traject.kaderset
    kaders = list(Kader.objects.geldig().filter(kaderset=kaderset).select_related("eigenaar"))
    rollen = list(traject.rollen.select_related("user"))
    return render(
        request,
        "traject.html",
        {
            "traject": traject,
            "kwestie": traject.kwestie,
            "kaderset": kaderset,
            "kaders": kaders,
            "kring": kring,
            "rollen": rollen,
            "fasen": fasen(traject, kring, gesproken, bijeenkomst),
            "bijeenkomst": bijeenkomst,
        },
    )


def _error(request, status, titel, uitleg):
    return render(request, "error.html", {"titel": titel, "uitleg": uitleg}, status=status)


def bad_request(request, exception=None):
    return _error(
        request,
        400,
        _("Dit kunnen we niet verwerken"),
        _("Wat u stuurde is te groot of niet goed leesbaar. Ga terug, maak de tekst korter en probeer het opnieuw."),
    )


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        _("Dit mag u niet doen"),
        _("Uw rol in dit traject geeft geen toegang tot deze stap. Vraag de beheerder van uw organisatie als dit niet klopt."),
    )


def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        _("Deze pagina bestaat niet"),
        _("De pagina is er niet, of u heeft er geen toegang toe."),
    )


def server_error(request):
    # The database went away outside a view (in a middleware): the same 503 page as inside one.
    fout = sys.exc_info()[1]
    if isinstance(fout, DATABASE_WEG):
        return storing(request, fout)
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return _error(
        request,
        403,
        _("Deze pagina was verlopen"),
        _("Ga terug, laad de pagina opnieuw en probeer het nog een keer. Er is niets opgeslagen."),
    )
