"""Seed data at scale for `make bench` (issue 6), into an empty migrated database.

    manage.py benchdata --organisaties 1000 --trajecten 100000 --betrokkenen 1000000 --bijeenkomsten 10000 \\
        --live 50 --uit bench/results/seed.json

Trajecten and betrokkenen are totals; --bijeenkomsten are the ordinary meetings (mostly finished with a
vastgesteld plan, some planned), besides the big meeting (built twice) and the --live ones. What the benchmark
needs (logins, uuids, raw link tokens, counts, seconds per step) is written as JSON to --uit.
See nieuwe_route/benchdata.py for what is made and how.
"""

import argparse
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from kwesties.models import Traject
from nieuwe_route.benchdata import Bouwer, aantallen, sleutels_terug, sleutels_weg


class Command(BaseCommand):
    help = "Seed an empty database at scale for the benchmark and write what it needs to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--organisaties", type=int, default=1000)
        parser.add_argument("--trajecten", type=int, default=100_000, help="Total, the engine-built ones included.")
        parser.add_argument("--betrokkenen", type=int, default=1_000_000, help="Total, about ten per traject.")
        parser.add_argument("--bijeenkomsten", type=int, default=10_000,
                            help="Ordinary meetings, each on its own traject; the big and live ones come on top.")
        parser.add_argument("--live", type=int, default=50, help="Meetings under way, with phones on.")
        parser.add_argument("--uit", default="bench/results/seed.json", help="Where the JSON for the benchmark goes.")
        parser.add_argument("--wachtwoord", default="bench-wachtwoord-1", help="The password of every bench user.")
        parser.add_argument("--seed", type=int, default=6, help=argparse.SUPPRESS)
        # Tests make the big meeting small; the benchmark uses 20 proposals of 8 rounds.
        parser.add_argument("--groot-voorstellen", type=int, default=20, help=argparse.SUPPRESS)
        parser.add_argument("--groot-rondes", type=int, default=8, help=argparse.SUPPRESS)

    def handle(self, *args, **opts):
        omvang = {k: opts[k] for k in ("organisaties", "trajecten", "betrokkenen", "bijeenkomsten", "live")}
        groot = {"groot_voorstellen": opts["groot_voorstellen"], "groot_rondes": opts["groot_rondes"]}
        fout = Bouwer.controleer(**omvang, **groot)
        if fout:
            raise CommandError(fout)
        if Traject.objects.exists():
            raise CommandError(
                "This database already has trajecten. benchdata only seeds an empty migrated database "
                "(drop and recreate it, then run migrate)."
            )
        begin = time.perf_counter()
        bouwer = Bouwer(
            **omvang, **groot, wachtwoord=opts["wachtwoord"], seed=opts["seed"], log=self.stdout.write,
        )
        with transaction.atomic():
            sleutels = sleutels_weg()
            bouwer.bouw()
            with bouwer.stap("sleutels"):
                sleutels_terug(sleutels)
            stap = time.perf_counter()
        bouwer.seconden["commit"] = round(time.perf_counter() - stap, 2)
        self.stdout.write(f"{'commit':<14} {bouwer.seconden['commit']:8.2f} s")
        if connection.vendor == "postgresql":
            # Statistics for the planner; VACUUM also sets the visibility map and hint bits now, so autovacuum
            # does not do it during the measurements. VACUUM cannot run inside a transaction (as in a test).
            with bouwer.stap("analyze"), connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
            if not connection.in_atomic_block:
                # Write the seed's dirty pages out now, not in a timed checkpoint during the first measurements
                # (a bulk load leaves a gigabyte of them). CHECKPOINT needs a superuser or pg_checkpoint.
                with bouwer.stap("checkpoint"), connection.cursor() as cursor:
                    try:
                        cursor.execute("CHECKPOINT")
                    except DatabaseError as fout:
                        self.stderr.write(f"no CHECKPOINT after seeding: {fout}")
        with bouwer.stap("tellen"):
            tellingen = aantallen()
        bouwer.seconden["totaal"] = round(time.perf_counter() - begin, 2)

        resultaat = bouwer.resultaat()
        resultaat["aantallen"] = tellingen
        uit = Path(opts["uit"])
        uit.parent.mkdir(parents=True, exist_ok=True)
        uit.write_text(json.dumps(resultaat, indent=2, ensure_ascii=False))
        self.stdout.write(f"{'totaal':<14} {bouwer.seconden['totaal']:8.2f} s")
        for model, aantal in tellingen.items():
            if aantal:
                self.stdout.write(f"  {model:<28} {aantal:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Written {uit}"))
