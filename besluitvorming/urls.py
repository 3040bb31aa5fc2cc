from django.urls import path

from . import views

app_name = "besluitvorming"
urlpatterns = [
    # Readiness: what is there and what is missing before the meeting.
    path("", views.bijeenkomst, name="bijeenkomst"),
    path("plannen/", views.plannen, name="plannen"),
    path("starten/", views.starten, name="starten"),
    path("agenda/<uuid:betrokkene>/", views.agenda_ics, name="agenda_ics"),
]
