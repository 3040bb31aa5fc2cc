"""get_FOO_display without translating every choice of the field on each call."""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class SnelleKeuzes:
    """Mixin for models with choices.

    Django's own get_FOO_display builds a dict of all the field's choices on every call, and hashing each lazily
    translated label translates it: a page listing a kring paid about 2 ms per name. Here the dict is built once
    per field and keeps its labels lazy, so only the label shown is translated, in the language of the request.
    """

    def _get_FIELD_display(self, field):
        keuzes = field.__dict__.get("_snelle_keuzes")
        if keuzes is None:
            keuzes = field._snelle_keuzes = {make_hashable(waarde): label for waarde, label in field.flatchoices}
        waarde = getattr(self, field.attname)
        try:
            return force_str(keuzes.get(make_hashable(waarde), waarde), strings_only=True)
        except TypeError:  # a value that cannot be hashed: Django's way
            return super()._get_FIELD_display(field)
