from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import get_traject_for_user


@login_required
def kring(request, traject):
    traject = get_traject_for_user(request, traject)
    return render(request, "kwesties/kring.html", {"traject": traject, "kring": traject.betrokkenen.in_kring()})


betrokkene = bewerken = verwijderen = terugzetten = kring
