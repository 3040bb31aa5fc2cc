"""Everything about one traject in one ZIP, for an inzageverzoek: traject.json, every plan's PDF, LEESMIJ.txt.

The records are found the way erasing the traject would find them (records.py), so a model added later is
exported without a change here. Secrets stay out: link and phone token hashes, the room's join code, form
tokens, and the stored PDF bytes (the PDFs themselves are in the ZIP as files). The ZIP is written into a
spooled temporary file (memory up to 16 MB, then disk) and the JSON one model at a time, in chunks, so a
large traject does not build up in memory.
"""

import io
import itertools
import json
import tempfile
import zipfile

from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation

from besluitvorming.models import Plan
from besluitvorming.pdf import plan_pdf_bytes
from organisaties.models import User

from .records import records_van

CHUNK = 500
IN_GEHEUGEN = 16 * 1024 * 1024
# Field names that hold a secret or a one-time form token, in whatever model: never exported.
GEHEIME_NAMEN = ("token", "secret", "password", "wachtwoord", "meedoen_code")


def is_geheim(field):
    return isinstance(field, models.BinaryField) or any(naam in field.name for naam in GEHEIME_NAMEN)


def velden(model):
    """The names of the model's own fields that go into the export (m2m links come as their own records)."""
    return [f.name for f in model._meta.concrete_model._meta.local_fields if f.serialize and not is_geheim(f)]


def _gebruikers(model):
    return [f.attname for f in model._meta.local_fields if f.is_relation and f.related_model is User]


def schrijf_json(traject, uit):
    """traject.json into the text stream `uit`: {"traject", "gemaakt_op", "records": [...], "medewerkers": [...]}."""
    python = serializers.get_serializer("python")()
    medewerkers = set()
    gemaakt_op = timezone.now().isoformat(timespec="seconds")
    uit.write(f'{{\n"traject": "{traject.uuid}",\n"gemaakt_op": "{gemaakt_op}",\n"records": [\n')
    eerste = True
    for model, queryset in records_van(traject):
        namen, gebruikers = velden(model), _gebruikers(model)
        rijen = queryset.iterator(chunk_size=CHUNK)
        while chunk := list(itertools.islice(rijen, CHUNK)):
            for obj in chunk:
                medewerkers.update(getattr(obj, a) for a in gebruikers if getattr(obj, a) is not None)
            for record in python.serialize(chunk, fields=namen):
                uit.write(("" if eerste else ",\n") + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False))
                eerste = False
    # Who did what: the professionals the records point at, by name only.
    namen = list(User.objects.filter(pk__in=medewerkers).order_by("pk").values("pk", "naam"))
    uit.write('\n],\n"medewerkers": ' + json.dumps(namen, ensure_ascii=False) + "\n}\n")


def vastgestelde_plannen(traject):
    return Plan.objects.filter(traject=traject, status=Plan.Status.VASTGESTELD, inhoud__isnull=False).defer(
        "inhoud"
    ).order_by("versie")


def maak_zip(traject, basis_url):
    """The ZIP as an open file, positioned at its start. basis_url: the address of /controle/ for the PDFs' footer."""
    # Left open on purpose: the response streams it and closes it.
    bestand = tempfile.SpooledTemporaryFile(max_size=IN_GEHEUGEN, dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
    with zipfile.ZipFile(bestand, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        with (
            zip_.open("traject.json", "w", force_zip64=True) as ruw,
            io.TextIOWrapper(ruw, encoding="utf-8", newline="\n") as tekst,
        ):
            schrijf_json(traject, tekst)
        pdfs = []
        for plan in vastgestelde_plannen(traject):
            naam = f"plan-v{plan.versie}.pdf"
            # The same PDF as the download on the plan's page: the stored one, else rendered (and stored) now.
            zip_.writestr(naam, plan_pdf_bytes(plan, basis_url=basis_url), compress_type=zipfile.ZIP_STORED)
            pdfs.append((naam, plan.versie))
        with translation.override("nl"):
            leesmij = render_to_string("gegevens/leesmij.txt", {"traject": traject, "pdfs": pdfs,
                                                                 "gemaakt_op": timezone.localtime()})
        zip_.writestr("LEESMIJ.txt", leesmij.replace("\n", "\r\n"))
    bestand.seek(0)
    return bestand
