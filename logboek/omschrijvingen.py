"""What each logged page or action is, in words a facilitator reads in the log.

Per URL name one description, or a pair: (when it is opened, when it is sent). Stored in Dutch, shown in the
reader's language (gettext_noop marks them for translation). tests/test_logboek_elke_url.py fails for a URL
with a traject that has none here.
"""

from django.utils.translation import gettext_noop as _

SCHEIDING = ": "  # between the description and a detail the view added

OMSCHRIJVINGEN = {
    "traject": _("Overzicht van het traject"),
    "kwesties:traject_nieuw": _("Traject gestart"),
    "kwesties:kwestie": _("Kwestie"),
    "kwesties:kwestie_bewerken": (_("Kwestie, om te bewerken"), _("Kwestie gewijzigd")),
    "kwesties:kwestie_vaststellen": _("Kwestie vastgesteld"),
    "kwesties:schrijfhulp": _("Schrijfhulp bij de kwestie"),
    "kwesties:kring": (_("Kring"), _("Persoon toegevoegd aan de kring")),
    "kwesties:betrokkene": _("Persoon in de kring"),
    "kwesties:betrokkene_bewerken": (_("Persoon in de kring, om te bewerken"), _("Persoon in de kring gewijzigd")),
    "kwesties:betrokkene_verwijderen": _("Persoon uit de kring gehaald"),
    "kwesties:betrokkene_terugzetten": _("Persoon teruggezet in de kring"),
    "kaders:overzicht": _("Kaders"),
    "kaders:nieuw": (_("Nieuw kader, om te schrijven"), _("Kader toegevoegd")),
    "kaders:bewerken": (_("Kader, om te bewerken"), _("Kader gewijzigd")),
    "kaders:verwijderen": (_("Kader, om te verwijderen"), _("Kader verwijderd")),
    "kaders:terugzetten": _("Kader teruggezet"),
    "kaders:interventie": (_("Wie ingrijpt zonder veilig plan, om te bewerken"), _("Wie ingrijpt zonder veilig plan gewijzigd")),
    "kaders:vaststellen": _("Kaders vastgesteld"),
    "voorbereiding:overzicht": _("Voorbereiding"),
    "voorbereiding:gesprek_nieuw": (_("Nieuw gesprek"), _("Gesprek toegevoegd")),
    "voorbereiding:gesprek": (_("Gesprek met notities"), _("Gesprek gewijzigd")),
    "voorbereiding:persoon_toevoegen": _("Persoon toegevoegd vanuit een gesprek"),
    "voorbereiding:informatie_vragen": _("Informatie gevraagd"),
    "voorbereiding:behoefte": _("Wat iemand nodig heeft genoteerd"),
    "voorbereiding:idee": _("Idee genoteerd"),
    "voorbereiding:gesprek_verwijderen": _("Gesprek verwijderd"),
    "voorbereiding:gesprek_terugzetten": _("Gesprek teruggezet"),
    "voorbereiding:informatie": _("Informatieverzoeken"),
    "voorbereiding:verzoek": (_("Informatieverzoek"), _("Informatieverzoek gewijzigd")),
    "voorbereiding:verzoek_heropenen": _("Informatieverzoek heropend"),
    "voorbereiding:inbreng": _("Ideeën en woorden uit de kring"),
    "voorbereiding:inbreng_verwijderen": _("Idee of woorden verwijderd"),
    "voorbereiding:inbreng_terugzetten": _("Idee of woorden teruggezet"),
    "besluitvorming:bijeenkomst": _("Bijeenkomst: wat er klaar is"),
    "besluitvorming:plannen": (_("Planning van de bijeenkomst"), _("Planning van de bijeenkomst gewijzigd")),
    "besluitvorming:starten": _("Bijeenkomst gestart"),
    "besluitvorming:agenda_ics": _("Agenda-bestand voor iemand uit de kring"),
    "besluitvorming:console": _("Console van de bijeenkomst"),
    "besluitvorming:aanwezigheid": (_("Aanwezigheid"), _("Aanwezigheid gewijzigd")),
    "besluitvorming:deel": _("Deel van de bijeenkomst gewijzigd"),
    "besluitvorming:voorstel_nieuw": (_("Nieuw voorstel"), _("Voorstel ingediend")),
    "besluitvorming:voorstel": _("Voorstel"),
    "besluitvorming:voorstel_versie": (_("Nieuwe versie van een voorstel"), _("Nieuwe versie van een voorstel gemaakt")),
    "besluitvorming:voorstel_intrekken": _("Voorstel ingetrokken"),
    "besluitvorming:ronde_openen": _("Consentronde geopend"),
    "besluitvorming:ronde": _("Consentronde"),
    "besluitvorming:reactie": (_("Antwoord in een consentronde"), _("Antwoord in een consentronde genoteerd")),
    "besluitvorming:reactie_wissen": _("Antwoord in een consentronde gewist"),
    "besluitvorming:ronde_onthullen": _("Antwoorden van een stille ronde getoond"),
    "besluitvorming:ronde_sluiten": _("Consentronde gesloten"),
    "besluitvorming:ronde_afbreken": _("Consentronde gestopt"),
    "besluitvorming:flap": _("Scherm in de zaal"),
    "besluitvorming:flap_stand": _("Scherm in de zaal bijgewerkt"),
    "besluitvorming:telefoons": _("Antwoorden op de telefoon aan- of uitgezet"),
    "besluitvorming:loskoppelen": _("Telefoon losgekoppeld"),
    "besluitvorming:plan": (_("Plan"), _("Plan gewijzigd")),
    "besluitvorming:afspraak": (_("Afspraak in het plan"), _("Afspraak in het plan gewijzigd")),
    "besluitvorming:vervolg": (_("Vervolg van het plan"), _("Vervolg van het plan gewijzigd")),
    "besluitvorming:toets": (_("Toets van het plan aan de kaders"), _("Plan getoetst aan de kaders")),
    "besluitvorming:vaststellen": _("Plan vastgesteld"),
    "besluitvorming:plan_versies": _("Versies van het plan"),
    "besluitvorming:plan_pdf": _("Plan als pdf"),
    "besluitvorming:herzien": _("Herziening van het plan gestart"),
    "links:overzicht": _("Persoonlijke links"),
    "links:gebruik": _("Gebruik van de persoonlijke links"),
    "links:uitgeven": _("Persoonlijke link gemaakt"),
    "links:intrekken": _("Persoonlijke link ingetrokken"),
    "link:pagina": (_("Eigen pagina via de link"), _("Iets ingestuurd via de link")),
    "link:agenda": _("Agenda-bestand via de link"),
    "link:antwoord": (_("Antwoordpagina via de link"), _("Antwoord gegeven via de link")),
    "link:plan_pdf": _("Plan als pdf via de link"),
    "link:evaluatie": _("Evaluatiedatum via de link"),
    "link:meedoen": (_("Namen om te kiezen via de QR-code"), _("Naam gekozen via de QR-code")),
    "link:meedoen_antwoord": (_("Antwoordpagina via de QR-code"), _("Antwoord gegeven via de QR-code")),
    "beheer:traject": (_("Rollen in het traject"), _("Rol gegeven")),
    "beheer:rol_verwijderen": _("Rol afgenomen"),
    "beheer:drempel": _("Drempel voor consentrondes gewijzigd"),
    "beheer:tweestaps": _("Tweestapsverificatie gewijzigd"),
    "beheer:lid_toevoegen": _("Lid toegevoegd"),
    "beheer:lid_verwijderen": _("Lid verwijderd"),
    "beheer:beheerder_wijzigen": _("Beheerder gewijzigd"),
    "beheer:bewaartermijn": _("Bewaartermijn gewijzigd"),
    "gegevens:afsluiten": (_("Traject, om af te sluiten"), _("Traject afgesloten")),
    "gegevens:heropenen": (_("Traject, om te heropenen"), _("Traject heropend")),
    "gegevens:export": _("Alle gegevens van het traject, voor inzage"),
    "gegevens:wissen": (_("Traject, om te wissen"), _("Traject gewist")),
    "gegevens:verwijderingen": _("Gewiste trajecten"),
    "logboek:traject": _("Logboek van het traject"),
    "logboek:organisatie": _("Logboek van de organisatie"),
    "logboek:organisatie_csv": _("Logboek van de organisatie als CSV"),
}

BEKENDE_OMSCHRIJVINGEN = frozenset(
    tekst for waarde in OMSCHRIJVINGEN.values() for tekst in (waarde if isinstance(waarde, tuple) else (waarde,))
)


def omschrijving(weergave, verstuurd, detail=""):
    """The stored description of one request: the page's (or, `verstuurd`, the action's), then the detail."""
    tekst = OMSCHRIJVINGEN.get(weergave, weergave)
    if isinstance(tekst, tuple):
        tekst = tekst[1 if verstuurd else 0]
    if detail:
        tekst = f"{tekst}{SCHEIDING}{detail}"
    return tekst[:300]
