from django.urls import path

from . import kring_views, views

app_name = "kwesties"
urlpatterns = [
    path("nieuw/", views.traject_nieuw, name="traject_nieuw"),
    path("<uuid:traject>/kwestie/", views.kwestie, name="kwestie"),
    path("<uuid:traject>/kwestie/bewerken/", views.kwestie_bewerken, name="kwestie_bewerken"),
    path("<uuid:traject>/kwestie/vaststellen/", views.kwestie_vaststellen, name="kwestie_vaststellen"),
    path("<uuid:traject>/kwestie/schrijfhulp/", views.schrijfhulp, name="schrijfhulp"),
    # The kring (kring_views.py)
    path("<uuid:traject>/kring/", kring_views.kring, name="kring"),
    path("<uuid:traject>/kring/<uuid:betrokkene>/", kring_views.betrokkene, name="betrokkene"),
    path("<uuid:traject>/kring/<uuid:betrokkene>/bewerken/", kring_views.bewerken, name="betrokkene_bewerken"),
    path("<uuid:traject>/kring/<uuid:betrokkene>/verwijderen/", kring_views.verwijderen, name="betrokkene_verwijderen"),
    path("<uuid:traject>/kring/<uuid:betrokkene>/terugzetten/", kring_views.terugzetten, name="betrokkene_terugzetten"),
]
