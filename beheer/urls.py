from django.urls import path

from . import views

app_name = "beheer"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("<uuid:organisatie>/", views.organisatie, name="organisatie"),
    path("<uuid:organisatie>/drempel/", views.drempel, name="drempel"),
    path("<uuid:organisatie>/bewaartermijn/", views.bewaartermijn, name="bewaartermijn"),
    path("<uuid:organisatie>/tweestaps/", views.tweestaps, name="tweestaps"),
    path("<uuid:organisatie>/leden/nieuw/", views.lid_toevoegen, name="lid_toevoegen"),
    path("<uuid:organisatie>/leden/<uuid:user>/verwijderen/", views.lid_verwijderen, name="lid_verwijderen"),
    path("<uuid:organisatie>/leden/<uuid:user>/beheerder/", views.beheerder_wijzigen, name="beheerder_wijzigen"),
    path("<uuid:organisatie>/trajecten/<uuid:traject>/", views.traject, name="traject"),
    path(
        "<uuid:organisatie>/trajecten/<uuid:traject>/rollen/<uuid:user>/<str:rol>/verwijderen/",
        views.rol_verwijderen,
        name="rol_verwijderen",
    ),
]
