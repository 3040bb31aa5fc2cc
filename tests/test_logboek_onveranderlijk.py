"""The access log is only ever appended to: no model method, no queryset and no SQL UPDATE changes an entry.

The one change the database allows is erasure's: the free text blanked and the IP address emptied, nothing else.
"""

import datetime
import uuid

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from logboek.models import Onveranderlijk, Toegang, wis_persoonsgegevens

# A new value per column, of the column's type, different from the entry's own.
ANDERS = {
    "id": 987654,
    "op": datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
    "traject_uuid": uuid.UUID(int=1),
    "via": "telefoon",
    "link_uuid": uuid.UUID(int=2),
    "betrokkene_uuid": uuid.UUID(int=3),
    "actie": "gewijzigd",
    "weergave": "kwesties:kwestie",
    "methode": "POST",
}


@pytest.fixture
def regel(traject, alice):
    return Toegang.objects.create(
        organisatie=traject.organisatie, traject_uuid=traject.uuid, via="account", gebruiker=alice, actie="bekeken",
        weergave="besluitvorming:console", methode="GET", ip="192.0.2.10", omschrijving="Console van de bijeenkomst",
    )


@pytest.fixture
def andere_regel(mallory_traject, mallory):
    return Toegang.objects.create(
        organisatie=mallory_traject.organisatie, traject_uuid=mallory_traject.uuid, via="account", gebruiker=mallory,
        actie="bekeken", weergave="traject", methode="GET", ip="192.0.2.99", omschrijving="Overzicht van het traject",
    )


def waarde(kolom):
    """ANDERS[kolom] as the database takes it in raw SQL."""
    veld = next(f for f in Toegang._meta.concrete_fields if f.column == kolom)
    return veld.get_db_prep_value(ANDERS[kolom], connection)


def rauw_bijwerken(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Toegang._meta.db_table} SET {sql}", params)


def zoals_het_was(regel):
    opnieuw = Toegang.objects.get(pk=regel.pk)
    return [getattr(opnieuw, f.attname) for f in Toegang._meta.concrete_fields] == [
        getattr(regel, f.attname) for f in Toegang._meta.concrete_fields
    ]


# Through the model: refused before it reaches the database


def test_saving_an_entry_again_is_refused(regel):
    regel.omschrijving = "Iets anders"
    with pytest.raises(Onveranderlijk):
        regel.save()
    regel.refresh_from_db()
    assert regel.omschrijving == "Console van de bijeenkomst"


def test_an_entry_made_with_an_existing_id_is_a_new_insert_not_an_update(regel, alice):
    kopie = Toegang(pk=regel.pk, organisatie=regel.organisatie, via="account", gebruiker=alice, actie="gewijzigd",
                    weergave="x", methode="POST")
    with pytest.raises(IntegrityError), transaction.atomic():
        kopie.save()
    assert zoals_het_was(regel)


def test_deleting_an_entry_is_refused(regel):
    with pytest.raises(Onveranderlijk):
        regel.delete()
    assert Toegang.objects.filter(pk=regel.pk).exists()


@pytest.mark.parametrize("actie", [
    lambda qs: qs.update(omschrijving="x"),
    lambda qs: qs.delete(),
    lambda qs: qs.filter(actie="bekeken").update(ip=None),
    lambda qs: Toegang.objects.bulk_update([qs.get()], ["omschrijving"]),
    lambda qs: Toegang.objects.update_or_create(pk=qs.get().pk, defaults={"omschrijving": "x"}),
])
def test_querysets_neither_update_nor_delete(regel, actie):
    with pytest.raises(Onveranderlijk), transaction.atomic():
        actie(Toegang.objects.all())
    assert zoals_het_was(regel)


# In the database: triggers on SQLite and PostgreSQL


@pytest.mark.parametrize("kolom", sorted(ANDERS))
def test_the_database_refuses_an_update_of_any_column(regel, kolom):
    with pytest.raises(DatabaseError, match="alleen aangevuld"):
        rauw_bijwerken(f"{kolom} = %s", [waarde(kolom)])
    assert zoals_het_was(regel)


def test_every_column_is_tried_above(regel):
    # A new column must be added to the SQLite trigger (migration 0002) and to ANDERS here.
    kolommen = {f.column for f in Toegang._meta.concrete_fields}
    assert kolommen == set(ANDERS) | {"organisatie_id", "gebruiker_id", "omschrijving", "ip"}


def test_the_database_refuses_another_organisation_or_user(regel, other_org, mallory):
    for sql, params in (("organisatie_id = %s", [other_org.pk]), ("gebruiker_id = %s", [mallory.pk])):
        with pytest.raises(DatabaseError, match="alleen aangevuld"):
            rauw_bijwerken(sql, params)
    assert zoals_het_was(regel)


@pytest.mark.parametrize("sql, params", [
    ("omschrijving = %s", ["Iets anders"]),
    ("omschrijving = %s", [""]),  # blanked, but the IP address kept
    ("ip = NULL", []),  # the IP emptied, but the free text kept
    ("ip = %s", ["198.51.100.1"]),
    ("omschrijving = '', ip = NULL, actie = 'gewijzigd'", []),
    ("omschrijving = '', ip = NULL, methode = %s", ["HEAD"]),
])
def test_the_database_refuses_anything_but_the_whole_erasure(regel, sql, params):
    with pytest.raises(DatabaseError, match="alleen aangevuld"):
        rauw_bijwerken(sql, params)
    assert zoals_het_was(regel)


def test_the_database_allows_the_erasure_update(regel):
    rauw_bijwerken("omschrijving = '', ip = NULL WHERE id = %s", [regel.pk])
    opnieuw = Toegang.objects.get(pk=regel.pk)
    assert (opnieuw.omschrijving, opnieuw.ip) == ("", None)
    assert (opnieuw.gebruiker_id, opnieuw.traject_uuid, opnieuw.op, opnieuw.weergave) == (
        regel.gebruiker_id, regel.traject_uuid, regel.op, regel.weergave)


def test_a_delete_is_left_to_the_database(regel):
    # Not refused by a trigger (the test database is emptied with DELETE); no model method or screen does it.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Toegang._meta.db_table} WHERE id = %s", [regel.pk])
    assert not Toegang.objects.filter(pk=regel.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL trigger and its function")
def test_on_postgresql_the_trigger_is_there(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'logboek_toegang'::regclass AND NOT tgisinternal")
        assert [r[0] for r in cursor.fetchall()] == ["toegang_alleen_aanvullen"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite trigger")
def test_on_sqlite_the_trigger_is_there(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'logboek_toegang'")
        assert [r[0] for r in cursor.fetchall()] == ["toegang_alleen_aanvullen"]


# Erasure: the traject's entries keep who, when and what, and lose their free text and IP addresses


def test_erasure_blanks_the_free_text_and_ip_of_that_traject_only(regel, andere_regel, traject, alice):
    tweede = Toegang.objects.create(
        organisatie=traject.organisatie, traject_uuid=traject.uuid, via="link", link_uuid=uuid.uuid4(),
        betrokkene_uuid=uuid.uuid4(), actie="geweigerd", weergave="link:pagina", methode="GET", ip="2001:db8::1",
        omschrijving="Eigen pagina via de link: ingetrokken",
    )
    assert wis_persoonsgegevens(traject.uuid) == 2
    for r in (regel, tweede):
        opnieuw = Toegang.objects.get(pk=r.pk)
        assert (opnieuw.omschrijving, opnieuw.ip) == ("", None)
        assert (opnieuw.via, opnieuw.actie, opnieuw.weergave, opnieuw.op, opnieuw.gebruiker_id, opnieuw.link_uuid) == (
            r.via, r.actie, r.weergave, r.op, r.gebruiker_id, r.link_uuid)
    assert zoals_het_was(andere_regel)


def test_erasure_can_run_twice_and_after_the_traject_is_gone(regel, traject):
    traject_uuid = traject.uuid
    traject.delete()
    assert Toegang.objects.filter(traject_uuid=traject_uuid).count() == 1  # the log outlives the traject
    assert wis_persoonsgegevens(traject_uuid) == 1
    assert wis_persoonsgegevens(traject_uuid) == 1
    assert wis_persoonsgegevens(uuid.uuid4()) == 0


# Who it was is always said, in the way that fits


@pytest.mark.parametrize("velden", [
    {"via": "account"},  # no user
    {"via": "account", "gebruiker": True, "link_uuid": uuid.UUID(int=5)},
    {"via": "link", "betrokkene_uuid": uuid.UUID(int=6)},  # no link
    {"via": "link", "link_uuid": uuid.UUID(int=5)},  # nobody's link
    {"via": "telefoon", "gebruiker": True},
    {"via": "iets", "gebruiker": True},
    {"via": "account", "gebruiker": True, "actie": "verwijderd"},
])
def test_the_database_refuses_an_entry_that_does_not_say_who_properly(traject, alice, velden):
    velden = {**velden}
    if velden.pop("gebruiker", False):
        velden["gebruiker"] = alice
    velden.setdefault("actie", "bekeken")
    with pytest.raises(IntegrityError), transaction.atomic():
        Toegang.objects.create(organisatie=traject.organisatie, traject_uuid=traject.uuid, weergave="traject",
                               methode="GET", **velden)
    assert not Toegang.objects.exists()


def test_a_user_with_entries_in_the_log_cannot_be_deleted(regel, alice):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        alice.delete()
