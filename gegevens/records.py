"""Every record that belongs to a traject, found the way its deletion cascades.

The export and the counts before an erasure both read this, so a model added later under a traject is
exported and counted without anyone listing it here. Each model is read along its shortest chain of
CASCADE foreign keys to the traject: one query per model, whatever the size of the traject.
tests/test_gegevens_export.py checks that this finds exactly the rows Django's deletion Collector removes.
"""

import functools

from django.db.models import CASCADE
from django.db.models.deletion import get_candidate_relations_to_delete

from kwesties.models import Traject


@functools.cache
def cascade_paden():
    """{model: lookup from the model to its traject's pk} for every model that erasing a traject removes."""
    paden = {Traject: "pk"}
    rij = [Traject]
    # Breadth first: the first path found to a model is a shortest one.
    while rij:
        ouder = rij.pop(0)
        for rel in get_candidate_relations_to_delete(ouder._meta):
            kind = rel.related_model
            if rel.on_delete is not CASCADE or kind in paden:
                continue
            paden[kind] = f"{rel.field.name}__{paden[ouder]}"
            rij.append(kind)
    return paden


def records_van(traject):
    """[(model, queryset)] of everything under the traject, the traject first, each ordered by pk."""
    return [
        (model, model._base_manager.filter(**{pad: traject.pk}).order_by("pk"))
        for model, pad in cascade_paden().items()
    ]


def aantal(model, traject):
    return model._base_manager.filter(**{cascade_paden()[model]: traject.pk}).count()
