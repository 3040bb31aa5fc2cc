import os
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from besluitvorming.models import Plan
from besluitvorming.pdf import _sleutel, plan_pdf_bytes


class Command(BaseCommand):
    help = "Render and store the PDF of a vastgesteld plan, as the app does right after vaststellen."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's uuid")
        parser.add_argument("--basis-url", required=True,
                            help="the absolute address of the code check (/controle/) printed in the footer")
        parser.add_argument("--achtergrond", action="store_true",
                            help="run at a lower priority, beside the app's own requests")

    def handle(self, plan, basis_url, achtergrond, verbosity, **options):
        if achtergrond and hasattr(os, "nice"):
            os.nice(10)
        try:
            gevonden = Plan.objects.filter(uuid=plan, status=Plan.Status.VASTGESTELD, inhoud__isnull=False)
            plan_obj = gevonden.defer("inhoud").get()
        except (Plan.DoesNotExist, ValidationError):
            raise CommandError(f"No vastgesteld plan {plan}") from None
        start = time.perf_counter()
        data = plan_pdf_bytes(plan_obj, basis_url=basis_url)
        if verbosity:
            self.stdout.write(f"PDF of plan {plan} ({len(data)} bytes, key {_sleutel(plan_obj, basis_url)[:12]}) "
                              f"ready in {time.perf_counter() - start:.1f} s")
