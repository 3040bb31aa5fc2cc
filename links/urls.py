"""The facilitator's side of personal links: issue, show, print, revoke, and the log of their use."""

from django.urls import path

from . import views

app_name = "links"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("gebruik/", views.gebruik, name="gebruik"),
    path("<uuid:betrokkene>/nieuw/", views.uitgeven, name="uitgeven"),
    path("<uuid:link>/intrekken/", views.intrekken, name="intrekken"),
]
