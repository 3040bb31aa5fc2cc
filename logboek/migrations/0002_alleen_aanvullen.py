"""The access log is only appended to: the database refuses every UPDATE, whatever code tries.

One UPDATE is allowed, the one erasure needs (logboek.models.wis_persoonsgegevens): the free text blanked and
the IP address emptied, every other column as it was. DELETE is not refused: the test database is emptied
with it; no model method or screen deletes an entry.

On SQLite the trigger names the columns; a migration that adds one must add it here too (or SQLite, which
rebuilds a table to alter it, may drop the trigger): tests/test_logboek_onveranderlijk.py tries every column.
PostgreSQL compares the whole row except those two columns, so a new column is covered by itself.
"""

from django.db import migrations

VASTE_KOLOMMEN = [
    "id", "op", "organisatie_id", "traject_uuid", "via", "gebruiker_id", "link_uuid", "betrokkene_uuid", "actie",
    "weergave", "methode",
]
MELDING = "het logboek wordt alleen aangevuld"

SQLITE = [
    f"""
    CREATE TRIGGER toegang_alleen_aanvullen BEFORE UPDATE ON logboek_toegang
    WHEN NOT (NEW.omschrijving = '' AND NEW.ip IS NULL
              AND {" AND ".join(f"NEW.{k} IS OLD.{k}" for k in VASTE_KOLOMMEN)})
    BEGIN SELECT RAISE(ABORT, '{MELDING}'); END;
    """,
]
SQLITE_TERUG = ["DROP TRIGGER IF EXISTS toegang_alleen_aanvullen;"]

POSTGRES = [
    f"""
    CREATE FUNCTION toegang_alleen_aanvullen() RETURNS trigger AS $$
    BEGIN
        IF NEW.omschrijving = '' AND NEW.ip IS NULL
           AND to_jsonb(NEW) - 'omschrijving' - 'ip' = to_jsonb(OLD) - 'omschrijving' - 'ip' THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MELDING}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER toegang_alleen_aanvullen BEFORE UPDATE ON logboek_toegang
    FOR EACH ROW EXECUTE FUNCTION toegang_alleen_aanvullen();
    """,
]
POSTGRES_TERUG = [
    "DROP TRIGGER IF EXISTS toegang_alleen_aanvullen ON logboek_toegang;",
    "DROP FUNCTION IF EXISTS toegang_alleen_aanvullen();",
]


def maak(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def verwijder(apps, schema_editor):
    statements = POSTGRES_TERUG if schema_editor.connection.vendor == "postgresql" else SQLITE_TERUG
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("logboek", "0001_toegang")]

    operations = [migrations.RunPython(maak, verwijder)]
