from django.urls import path

from . import views

app_name = "voorbereiding"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("gesprekken/nieuw/", views.gesprek_nieuw, name="gesprek_nieuw"),
    path("gesprekken/<uuid:gesprek>/", views.gesprek, name="gesprek"),
    path("gesprekken/<uuid:gesprek>/verwijderen/", views.gesprek_verwijderen, name="gesprek_verwijderen"),
    path("gesprekken/<uuid:gesprek>/terugzetten/", views.gesprek_terugzetten, name="gesprek_terugzetten"),
    # Acting on what was heard, each in one step from the conversation screen.
    path("gesprekken/<uuid:gesprek>/persoon/", views.persoon_toevoegen, name="persoon_toevoegen"),
    path("gesprekken/<uuid:gesprek>/informatie/", views.informatie_vragen, name="informatie_vragen"),
    path("gesprekken/<uuid:gesprek>/behoefte/", views.behoefte, name="behoefte"),
    path("gesprekken/<uuid:gesprek>/idee/", views.idee, name="idee"),
    path("informatie/", views.informatie, name="informatie"),
    path("informatie/<uuid:verzoek>/", views.verzoek, name="verzoek"),
    path("informatie/<uuid:verzoek>/heropenen/", views.verzoek_heropenen, name="verzoek_heropenen"),
    path("inbreng/", views.inbreng, name="inbreng"),
    path("inbreng/<uuid:inbreng>/verwijderen/", views.inbreng_verwijderen, name="inbreng_verwijderen"),
    path("inbreng/<uuid:inbreng>/terugzetten/", views.inbreng_terugzetten, name="inbreng_terugzetten"),
]
