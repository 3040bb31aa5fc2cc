"""The log of one traject (for its facilitators) and of an organisation (for its beheerders, also as CSV)."""

from django.urls import path

from . import views

app_name = "logboek"
urlpatterns = [
    path("trajecten/<uuid:traject>/logboek/", views.traject, name="traject"),
    path("beheer/<uuid:organisatie>/logboek/", views.organisatie, name="organisatie"),
    path("beheer/<uuid:organisatie>/logboek.csv", views.organisatie_csv, name="organisatie_csv"),
]
