from django.urls import path

from . import views

app_name = "gegevens"
urlpatterns = [
    # The traject's facilitators.
    path("trajecten/<uuid:traject>/afsluiten/", views.afsluiten, name="afsluiten"),
    path("trajecten/<uuid:traject>/heropenen/", views.heropenen, name="heropenen"),
    path("trajecten/<uuid:traject>/inzage/", views.export, name="export"),
    # The organisation's beheerders.
    path("beheer/<uuid:organisatie>/trajecten/<uuid:traject>/wissen/", views.wissen, name="wissen"),
    path("beheer/<uuid:organisatie>/verwijderingen/", views.verwijderingen, name="verwijderingen"),
]
