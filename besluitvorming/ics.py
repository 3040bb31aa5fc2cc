"""The meeting as a calendar file (RFC 5545), one per betrokkene so that it lands in their own agenda."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

STANDAARD_DUUR = timedelta(hours=3)


def kalender():
    """An empty calendar as every .ics file of the app starts."""
    cal = Calendar()
    cal.add("prodid", "-//Nieuwe Route//nieuweroute.nl//NL")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    return cal


def bijeenkomst_ics(bijeenkomst, betrokkene, link_url=""):
    """Bytes of an .ics file for one person; the UID is stable per meeting and person, so a new file updates the old."""
    tz = ZoneInfo(settings.TIME_ZONE)
    traject = bijeenkomst.traject
    cal = kalender()

    event = Event()
    event.add("uid", f"{bijeenkomst.uuid}-{betrokkene.uuid}@nieuweroute")
    event.add("dtstamp", timezone.now())
    event.add("sequence", bijeenkomst.versie)
    event.add("summary", _("Bijeenkomst %(traject)s") % {"traject": traject.label})
    if bijeenkomst.begintijd:
        begin = datetime.combine(bijeenkomst.datum, bijeenkomst.begintijd, tzinfo=tz)
        if bijeenkomst.eindtijd:
            eind = datetime.combine(bijeenkomst.datum, bijeenkomst.eindtijd, tzinfo=tz)
        else:
            eind = begin + STANDAARD_DUUR
        # In UTC: every calendar shows it in local time, without a long VTIMEZONE block.
        event.add("dtstart", begin.astimezone(UTC))
        event.add("dtend", eind.astimezone(UTC))
    else:
        # No time yet: a whole-day entry.
        event.add("dtstart", bijeenkomst.datum)
        event.add("dtend", bijeenkomst.datum + timedelta(days=1))
    locatie = bijeenkomst.plaats or bijeenkomst.videolink
    if locatie:
        event.add("location", locatie)
    if bijeenkomst.videolink:
        event.add("url", bijeenkomst.videolink)

    regels = [traject.kwestie.vraag, ""]
    for titel, punten in bijeenkomst.agenda():
        regels.append(str(titel))
        regels.extend(f"- {p}" for p in punten)
    if link_url:
        regels += ["", _("Alles over de bijeenkomst: %(url)s") % {"url": link_url}]
    event.add("description", "\n".join(regels))
    if betrokkene.email:
        attendee = vCalAddress("mailto:" + betrokkene.email)
        attendee.params["cn"] = betrokkene.naam
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    return cal.to_ical()


def bestandsnaam(bijeenkomst, betrokkene):
    datum = bijeenkomst.datum.isoformat() if bijeenkomst.datum else "bijeenkomst"
    return f"bijeenkomst-{datum}-{slugify(betrokkene.voornaam) or 'uitnodiging'}.ics"
