from django.urls import path

from . import console, flap, pdf, presentatie, views

app_name = "besluitvorming"
urlpatterns = [
    # Readiness: what is there and what is missing before the meeting.
    path("", views.bijeenkomst, name="bijeenkomst"),
    path("plannen/", views.plannen, name="plannen"),
    path("starten/", views.starten, name="starten"),
    path("agenda/<uuid:betrokkene>/", views.agenda_ics, name="agenda_ics"),
    # The facilitator's console on the meeting day.
    path("console/", console.console, name="console"),
    path("aanwezigheid/", console.aanwezigheid, name="aanwezigheid"),
    path("deel/", console.deel, name="deel"),
    path("voorstellen/nieuw/", console.voorstel_nieuw, name="voorstel_nieuw"),
    path("voorstellen/<uuid:voorstel>/", console.voorstel, name="voorstel"),
    path("voorstellen/<uuid:voorstel>/versie/", console.voorstel_versie, name="voorstel_versie"),
    path("voorstellen/<uuid:voorstel>/intrekken/", console.voorstel_intrekken, name="voorstel_intrekken"),
    path("voorstellen/<uuid:voorstel>/ronde/", console.ronde_openen, name="ronde_openen"),
    path("rondes/<uuid:ronde>/", console.ronde, name="ronde"),
    path("rondes/<uuid:ronde>/reactie/<uuid:betrokkene>/", console.reactie, name="reactie"),
    path("rondes/<uuid:ronde>/reactie/<uuid:betrokkene>/wissen/", console.reactie_wissen, name="reactie_wissen"),
    path("rondes/<uuid:ronde>/onthullen/", console.ronde_onthullen, name="ronde_onthullen"),
    path("rondes/<uuid:ronde>/sluiten/", console.ronde_sluiten, name="ronde_sluiten"),
    path("rondes/<uuid:ronde>/afbreken/", console.ronde_afbreken, name="ronde_afbreken"),
    # The room's screen ("de flap") and answering by phone.
    path("flap/", flap.flap, name="flap"),
    path("flap/stand/", flap.flap_stand, name="flap_stand"),
    path("telefoons/", flap.telefoons, name="telefoons"),
    path("telefoons/<uuid:betrokkene>/loskoppelen/", flap.loskoppelen, name="loskoppelen"),
    # Presentatie: the plan, checked against the kaders, then vastgesteld.
    path("plan/", presentatie.plan, name="plan"),
    path("plan/afspraken/<uuid:afspraak>/", presentatie.afspraak, name="afspraak"),
    path("plan/vervolg/", presentatie.vervolg, name="vervolg"),
    path("plan/toets/", presentatie.toets, name="toets"),
    path("plan/vaststellen/", presentatie.vaststellen, name="vaststellen"),
    # The vastgesteld plan: every version and its PDF; a revision starts a new meeting.
    path("plan/versies/", pdf.versies, name="plan_versies"),
    path("plan/versies/<int:versie>/plan.pdf", pdf.plan_pdf, name="plan_pdf"),
    path("herzien/", views.herzien, name="herzien"),
]
