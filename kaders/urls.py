from django.urls import path

from . import views

app_name = "kaders"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("nieuw/", views.kader_nieuw, name="nieuw"),
    path("als-er-geen-veilig-plan-komt/", views.interventie, name="interventie"),
    path("vaststellen/", views.vaststellen, name="vaststellen"),
    path("<uuid:kader>/bewerken/", views.kader_bewerken, name="bewerken"),
    path("<uuid:kader>/verwijderen/", views.kader_verwijderen, name="verwijderen"),
    path("<uuid:kader>/terugzetten/", views.kader_terugzetten, name="terugzetten"),
]
