from django.urls import path

from . import views

app_name = "organisaties"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
]
