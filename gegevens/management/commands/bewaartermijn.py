"""Trajecten past their bewaartermijn: listed (the default), or erased with --wissen. For cron or a systemd timer.

    manage.py bewaartermijn            # lists them per organisation, changes nothing
    manage.py bewaartermijn --wissen   # erases each in its own transaction, with an anonymous Verwijdering

The log names trajecten by uuid only, never by label. Running it twice is harmless: an erased traject is gone.
The exit code is 0 when everything due was erased, 1 when one or more erasures failed (each failure is logged).
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gegevens.models import Verwijdering
from gegevens.wissen import wis_traject
from kwesties.models import Traject
from organisaties.models import Organisatie

logger = logging.getLogger("gegevens.bewaartermijn")


class Command(BaseCommand):
    help = "Lists the trajecten closed longer than their bewaartermijn; with --wissen erases them."

    def add_arguments(self, parser):
        parser.add_argument("--wissen", action="store_true", help="Erase them (without it: only list).")

    def handle(self, *args, wissen=False, verbosity=1, **options):
        say = self.stdout.write if verbosity else (lambda tekst: None)
        nu = timezone.now()
        gewist, mislukt, gevonden = 0, 0, 0
        for organisatie in Organisatie.objects.order_by("pk"):
            verlopen = list(
                Traject.objects.bewaartermijn_verstreken(organisatie, nu).only("pk", "uuid", "afgesloten_op", "organisatie_id")
            )
            if not verlopen:
                continue
            gevonden += len(verlopen)
            say(
                f"{organisatie.uuid} ({organisatie.naam}): {len(verlopen)} past a term of {organisatie.bewaartermijn} months"
            )
            for traject in verlopen:
                afgesloten = timezone.localdate(traject.afgesloten_op).isoformat()
                if not wissen:
                    say(f"  {traject.uuid} closed {afgesloten}")
                    continue
                try:
                    verwijdering = wis_traject(traject, None, Verwijdering.Reden.BEWAARTERMIJN)
                except Traject.DoesNotExist:
                    continue  # erased by someone else in the meantime
                except Exception:
                    mislukt += 1
                    logger.exception("Could not erase traject %s", traject.uuid)
                    continue
                gewist += 1
                say(f"  {traject.uuid} closed {afgesloten}: erased, {verwijdering.totaal} rows")
        if wissen:
            logger.info("bewaartermijn: %s trajecten erased, %s failed", gewist, mislukt)
        else:
            say(f"{gevonden} trajecten past their bewaartermijn. Nothing erased (use --wissen).")
        if mislukt:
            raise CommandError(f"{mislukt} trajecten could not be erased (see the log)")
