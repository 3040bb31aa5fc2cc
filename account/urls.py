from django.urls import path

from . import views

app_name = "account"
urlpatterns = [
    path("", views.mijn_account, name="mijn_account"),
    path("tweestaps/instellen/", views.instellen, name="instellen"),
    path("tweestaps/herstelcodes/", views.herstelcodes, name="herstelcodes"),
    path("tweestaps/nieuwe-herstelcodes/", views.nieuwe_herstelcodes, name="nieuwe_herstelcodes"),
    path("tweestaps/uitzetten/", views.uitzetten, name="uitzetten"),
]
