"""The pages a personal link opens: no account, the token is the key."""

from django.urls import path

from . import plan_views, public_views, telefoon_views

app_name = "link"
urlpatterns = [
    # Joining the meeting through the QR code on the room's screen; before <token>/, which would match it.
    path("meedoen/<str:code>/", telefoon_views.meedoen, name="meedoen"),
    path("meedoen/<str:code>/antwoord/", telefoon_views.meedoen_antwoord, name="meedoen_antwoord"),
    path("<str:token>/", public_views.pagina, name="pagina"),
    path("<str:token>/agenda.ics", public_views.agenda, name="agenda"),
    path("<str:token>/antwoord/", telefoon_views.antwoord, name="antwoord"),
    # Once the plan is vastgesteld: its PDF and the evaluation date for the calendar.
    path("<str:token>/plan.pdf", plan_views.plan_pdf, name="plan_pdf"),
    path("<str:token>/evaluatie.ics", plan_views.evaluatie, name="evaluatie"),
]
