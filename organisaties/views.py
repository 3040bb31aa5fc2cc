from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def overzicht(request):
    return render(request, "organisaties/overzicht.html", {"organisaties": request.user.beheerde_organisaties})
