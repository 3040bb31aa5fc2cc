from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import get_kaderset_for_user


@login_required
def overzicht(request, traject):
    kaderset = get_kaderset_for_user(request, traject)
    return render(request, "kaders/overzicht.html", {"kaderset": kaderset, "traject": kaderset.traject})
