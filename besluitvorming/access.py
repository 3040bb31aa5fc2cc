"""Access to the meeting: read by everyone with a role on the traject, planned and started by its facilitators."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from kwesties.access import get_traject_for_user
from kwesties.models import TrajectRol

from .models import Afspraak, Bijeenkomst, ConsentRonde, Plan, Reactie, Voorstel, huidige_bijeenkomst


def get_bijeenkomst_for_user(request, traject_uuid, schrijven=False):
    """The traject's current meeting; with `schrijven`, 403 for anyone but a facilitator."""
    traject = get_traject_for_user(request, traject_uuid, rol=TrajectRol.Rol.FACILITATOR if schrijven else None)
    return huidige_bijeenkomst(traject)


def get_betrokkene_voor_bijeenkomst(request, traject_uuid, betrokkene_uuid):
    """The meeting and one person in its kring (removed people and other trajecten: 404)."""
    bijeenkomst = get_bijeenkomst_for_user(request, traject_uuid)
    betrokkene = get_object_or_404(bijeenkomst.traject.betrokkenen.in_kring(), uuid=betrokkene_uuid)
    betrokkene.traject = bijeenkomst.traject
    return bijeenkomst, betrokkene


def _rol(schrijven):
    return TrajectRol.Rol.FACILITATOR if schrijven else None


def get_voorstel_for_user(request, traject_uuid, voorstel_uuid, schrijven=False):
    """A proposal of the traject's current meeting; other meetings, trajecten and organisations: 404."""
    bijeenkomst = get_bijeenkomst_for_user(request, traject_uuid, schrijven=schrijven)
    voorstel = get_object_or_404(Voorstel.objects.filter(bijeenkomst=bijeenkomst), uuid=voorstel_uuid)
    voorstel.bijeenkomst = bijeenkomst
    return voorstel


def get_ronde_for_user(request, traject_uuid, ronde_uuid, schrijven=False):
    bijeenkomst = get_bijeenkomst_for_user(request, traject_uuid, schrijven=schrijven)
    ronde = get_object_or_404(
        ConsentRonde.objects.filter(bijeenkomst=bijeenkomst).select_related("voorstel", "versie"), uuid=ronde_uuid
    )
    ronde.bijeenkomst = ronde.voorstel.bijeenkomst = bijeenkomst
    return ronde


def get_reactie_for_user(request, traject_uuid, ronde_uuid, betrokkene_uuid):
    """One person's answer slot in a round; only the facilitator records answers."""
    ronde = get_ronde_for_user(request, traject_uuid, ronde_uuid, schrijven=True)
    reactie = get_object_or_404(
        Reactie.objects.filter(ronde=ronde).select_related("betrokkene", "namens"), betrokkene__uuid=betrokkene_uuid
    )
    reactie.ronde = ronde
    return reactie


def get_plan_for_user(request, traject_uuid, rol=None):
    """The current meeting's plan (made on first use); `rol` limits who may act on it (403 otherwise)."""
    traject = get_traject_for_user(request, traject_uuid, rol=rol)
    return Plan.voor(huidige_bijeenkomst(traject))


def get_afspraak_for_user(request, traject_uuid, afspraak_uuid, schrijven=False):
    plan = get_plan_for_user(request, traject_uuid, rol=_rol(schrijven))
    afspraak = get_object_or_404(Afspraak.objects.filter(plan=plan), uuid=afspraak_uuid)
    afspraak.plan = plan
    return afspraak


def get_stand_for_user(request, traject_uuid):
    """(uuid, stand) of the traject's latest meeting, role checked, in one query: the screens poll this every second."""
    if not request.user.is_authenticated:
        raise Http404
    rij = (
        Bijeenkomst.objects.filter(traject__uuid=traject_uuid, traject__rollen__user=request.user)
        .order_by("-aangemaakt_op", "-id")
        .values_list("uuid", "stand")
        .first()
    )
    if rij is None:
        raise Http404
    return rij
