from django.contrib.auth import views as auth_views
from django.urls import include, path

from account import views as account_views
from besluitvorming import pdf as plan_pdf

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    # Password first, then (with two-step verification) a code: account/views.py.
    path("inloggen/", account_views.Inloggen.as_view(), name="login"),
    path("inloggen/code/", account_views.login_code, name="login_code"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("account.urls")),
    path("taal/", include("django.conf.urls.i18n")),
    path("trajecten/", views.overzicht, name="overzicht"),
    # The access log: /trajecten/<traject>/logboek/ and /beheer/<organisatie>/logboek/.
    path("", include("logboek.urls")),
    path("trajecten/<uuid:traject>/", views.traject_detail, name="traject"),
    path("trajecten/", include("kwesties.urls")),
    path("trajecten/<uuid:traject>/kaders/", include("kaders.urls")),
    path("trajecten/<uuid:traject>/voorbereiding/", include("voorbereiding.urls")),
    path("trajecten/<uuid:traject>/bijeenkomst/", include("besluitvorming.urls")),
    path("trajecten/<uuid:traject>/links/", include("links.urls")),
    path("l/", include("links.public_urls")),
    # Anyone holding a printed plan can check its code here; the page names no one.
    path("controle/", plan_pdf.controle, name="controle"),
    path("beheer/", include("beheer.urls")),
    # Closing a traject, the export for an inzageverzoek and erasure (under trajecten/… and beheer/…).
    path("", include("gegevens.urls")),
    # For the load balancer: the process answers. Touches nothing, so it is also the benchmark's bare view.
    path("gezond/", views.gezond, name="gezond"),
]

handler400 = "nieuwe_route.views.bad_request"
handler403 = "nieuwe_route.views.permission_denied"
handler404 = "nieuwe_route.views.page_not_found"
handler500 = "nieuwe_route.views.server_error"
