"""The pages a personal link opens: no account, the token is the key."""

from django.urls import path

from . import public_views

app_name = "link"
urlpatterns = [
    path("<str:token>/", public_views.pagina, name="pagina"),
    path("<str:token>/agenda.ics", public_views.agenda, name="agenda"),
]
