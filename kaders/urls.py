from django.urls import path

from . import views

app_name = "kaders"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
]
