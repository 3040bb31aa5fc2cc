"""A closed consent round never changes: the database refuses it, whatever code tries.

Triggers refuse an UPDATE of a closed round and any INSERT or UPDATE of its reacties. DELETE stays
possible, so a traject can still be erased completely on request (AVG).
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER ronde_gesloten_onveranderlijk BEFORE UPDATE ON besluitvorming_consentronde
    WHEN OLD.gesloten_op IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'consentronde is gesloten'); END;
    """,
    """
    CREATE TRIGGER reactie_gesloten_ronde_update BEFORE UPDATE ON besluitvorming_reactie
    WHEN (SELECT gesloten_op FROM besluitvorming_consentronde WHERE id = OLD.ronde_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'consentronde is gesloten'); END;
    """,
    """
    CREATE TRIGGER reactie_gesloten_ronde_insert BEFORE INSERT ON besluitvorming_reactie
    WHEN (SELECT gesloten_op FROM besluitvorming_consentronde WHERE id = NEW.ronde_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'consentronde is gesloten'); END;
    """,
]
SQLITE_TERUG = [
    "DROP TRIGGER IF EXISTS ronde_gesloten_onveranderlijk;",
    "DROP TRIGGER IF EXISTS reactie_gesloten_ronde_update;",
    "DROP TRIGGER IF EXISTS reactie_gesloten_ronde_insert;",
]

POSTGRES = [
    """
    CREATE FUNCTION ronde_gesloten_weigeren() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'consentronde is gesloten' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER ronde_gesloten_onveranderlijk BEFORE UPDATE ON besluitvorming_consentronde
    FOR EACH ROW WHEN (OLD.gesloten_op IS NOT NULL) EXECUTE FUNCTION ronde_gesloten_weigeren();
    """,
    """
    CREATE FUNCTION reactie_in_gesloten_ronde_weigeren() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM besluitvorming_consentronde WHERE id = NEW.ronde_id AND gesloten_op IS NOT NULL)
           OR (TG_OP = 'UPDATE' AND EXISTS (
               SELECT 1 FROM besluitvorming_consentronde WHERE id = OLD.ronde_id AND gesloten_op IS NOT NULL)) THEN
            RAISE EXCEPTION 'consentronde is gesloten' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER reactie_gesloten_ronde BEFORE INSERT OR UPDATE ON besluitvorming_reactie
    FOR EACH ROW EXECUTE FUNCTION reactie_in_gesloten_ronde_weigeren();
    """,
]
POSTGRES_TERUG = [
    "DROP TRIGGER IF EXISTS reactie_gesloten_ronde ON besluitvorming_reactie;",
    "DROP FUNCTION IF EXISTS reactie_in_gesloten_ronde_weigeren();",
    "DROP TRIGGER IF EXISTS ronde_gesloten_onveranderlijk ON besluitvorming_consentronde;",
    "DROP FUNCTION IF EXISTS ronde_gesloten_weigeren();",
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
    dependencies = [("besluitvorming", "0002_consent_en_plan")]

    operations = [migrations.RunPython(maak, verwijder)]
