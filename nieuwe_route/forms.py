"""Form behaviour every screen shares: stale edits and double submits."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Iemand anders heeft dit intussen veranderd. Uw tekst staat nog in het formulier. "
    "Bekijk de nieuwe versie en sla daarna opnieuw op."
)


class VersionedForm(forms.ModelForm):
    """A ModelForm that refuses to overwrite a change someone else made meanwhile.

    The model carries a `versie` counter (or the field named by `versie_veld`);
    the form sends back the number it was rendered with.
    """

    versie_veld = "versie"
    gezien_versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["gezien_versie"].initial = getattr(self.instance, self.versie_veld)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            gezien = cleaned.get("gezien_versie")
            actueel = type(self.instance).objects.filter(pk=self.instance.pk).values_list(self.versie_veld, flat=True)
            actueel = actueel.first()
            if gezien is None or gezien != actueel:
                # The user now sees the saved version beside their text: their next save may go through.
                self.data = self.data.copy()
                self.data[self.add_prefix("gezien_versie")] = actueel
                raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned

    def is_stale(self):
        return any(e.code == "stale" for e in self.non_field_errors().as_data())


class OnceForm(forms.Form):
    """Mixin field: a one-time token so that a double submit creates one object, not two."""

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_token"].initial = uuid.uuid4()


def already_created(model, form, **filters):
    """The object an earlier submit of this very form created, if any."""
    token = form.data.get(form.add_prefix("client_token"))
    try:
        token = uuid.UUID(str(token))
    except (TypeError, ValueError):
        return None
    return model.objects.filter(client_token=token, **filters).first()

