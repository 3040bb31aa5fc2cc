"""Backup and restore as docs/BACKUP.md describes it: pg_dump, a fresh database, pg_restore, and the same data back.

Runs on PostgreSQL only (CI's second run); on SQLite a backup is a copy of the file.
"""

import glob
import os
import re
import shutil
import subprocess

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.utils import load_backend

from besluitvorming import planinhoud
from besluitvorming.models import Afspraak, ConsentRonde, Plan, Reactie
from kwesties.models import Traject

from .test_every_url import database_snapshot

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"),
    pytest.mark.django_db(transaction=True),  # committed data: pg_dump sees only what is committed
]

HERSTEL = "herstel"


def pg_tool(name):
    """A PostgreSQL client program: Debian keeps them in /usr/lib/postgresql/<version>/bin, the newest first."""
    versies = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    for map in reversed(versies):
        if os.access(os.path.join(map, name), os.X_OK):
            return os.path.join(map, name)
    found = shutil.which(name)
    assert found, f"{name} not found: install Debian's postgresql-client"
    return found


def run(name, *args, database):
    s = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": s["PASSWORD"] or ""}
    cmd = [pg_tool(name), "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"], *args]
    if database:
        cmd += ["-d", database]
    subprocess.run(cmd, check=True, env=env, capture_output=True, timeout=120)


@pytest.fixture
def hersteld(tmp_path):
    """Dump the test database, restore it into a fresh one and open that as the database alias 'herstel'."""
    bron = connection.settings_dict["NAME"]
    doel = f"{bron}_herstel"
    dump = tmp_path / "nieuweroute.dump"
    geopend = []

    def herstel():
        run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", database=bron)
        run("dropdb", "--if-exists", "--force", doel, database=None)
        run("createdb", "--template=template0", "--encoding=UTF8", doel, database=None)
        run("pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", str(dump), database=doel)
        # A connection made here, not in settings: Django's test isolation lets it through.
        herstel_db = load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
            {**connection.settings_dict, "NAME": doel}, alias=HERSTEL
        )
        connections[HERSTEL] = herstel_db
        geopend.append(herstel_db)
        return dump

    yield herstel
    for herstel_db in geopend:
        herstel_db.close()
        del connections[HERSTEL]
    run("dropdb", "--if-exists", "--force", doel, database=None)


def stand(alias):
    """What must come back: trajecten, consent rounds with every answer, plans with their frozen content and code."""
    return {
        "trajecten": list(Traject.objects.using(alias).order_by("uuid").values_list(
            "uuid", "label", "organisatie__naam", "aangemaakt_op", "kwestie__vraag")),
        "rondes": list(ConsentRonde.objects.using(alias).order_by("uuid").values_list(
            "uuid", "nummer", "uitkomst", "drempel", "geopend_op", "gesloten_op", "voorstel__titel", "versie__tekst")),
        "reacties": list(Reactie.objects.using(alias).order_by("ronde__uuid", "betrokkene__uuid").values_list(
            "ronde__uuid", "betrokkene__voornaam", "namens__voornaam", "antwoord", "aandachtspunt", "reden",
            "wat_erbij", "bron", "versie")),
        "plannen": list(Plan.objects.using(alias).order_by("uuid").values_list(
            "uuid", "traject__uuid", "versie", "status", "vastgesteld_op", "inhoud", "inhoud_hash", "code")),
        "afspraken": list(Afspraak.objects.using(alias).order_by("uuid").values_list("uuid", "plan__uuid", "ronde__uuid")),
    }


def test_a_restored_backup_holds_the_same_trajecten_rounds_and_plans(
    hersteld, vastgesteld_plan, ronde_na_het_plan, mallory_traject
):
    dump = hersteld()
    assert dump.stat().st_size > 0

    voor = stand("default")
    assert len(voor["trajecten"]) == 2 and len(voor["rondes"]) == 2 and len(voor["plannen"]) == 1
    assert any(r[3] == "zorg" and r[4] == "Ook in de vakantie?" for r in voor["reacties"])
    assert stand(HERSTEL) == voor
    # Every table of the app, row for row.
    assert database_snapshot(using=HERSTEL) == database_snapshot()

    # The plan still checks out: its frozen content gives the hash and the code printed on the paper.
    plan = Plan.objects.using(HERSTEL).get(uuid=vastgesteld_plan.uuid)
    assert plan.is_ongeschonden
    assert plan.code == vastgesteld_plan.code == planinhoud.code_van(planinhoud.hash_van(plan.inhoud))


def test_the_restored_database_still_refuses_changes_to_a_closed_round(hersteld, vastgesteld_plan):
    hersteld()
    gesloten = ConsentRonde.objects.using(HERSTEL).exclude(gesloten_op=None).get()
    with pytest.raises(IntegrityError), transaction.atomic(using=HERSTEL):
        Reactie.objects.using(HERSTEL).filter(ronde=gesloten).update(antwoord="bezwaar", reden="x", wat_erbij="y")
    with pytest.raises(IntegrityError), transaction.atomic(using=HERSTEL):
        ConsentRonde.objects.using(HERSTEL).filter(pk=gesloten.pk).update(uitkomst="gesplitst")


@pytest.fixture
def ronde_na_het_plan(vastgesteld_plan, alice, kring):
    """The plan under revision: a second meeting with an open round on its first proposal, one answer given."""
    from besluitvorming.models import Aanwezigheid

    nieuw = vastgesteld_plan.bijeenkomst.herzien(alice)
    nieuw.starten(alice)
    for b in kring[:3]:
        Aanwezigheid.objects.create(bijeenkomst=nieuw, betrokkene=b, status="aanwezig")
    ronde = nieuw.voorstellen.first().open_ronde(alice)
    ronde.reageer(kring[0], "bezwaar", reden="Te vaak", wat_erbij="Eens per maand", door=alice)
    return ronde
