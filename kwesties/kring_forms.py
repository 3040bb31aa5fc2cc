import uuid

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from nieuwe_route.forms import OnceForm, VersionedForm

from .models import Betrokkene

KIES_UIT_KRING = _("Kies iemand uit de kring.")


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class KringKeuze(forms.ModelChoiceField):
    """One other person of this kring, sent as their uuid; anything else is a form error, never a crash."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="uuid", **kwargs)
        self.error_messages["invalid_choice"] = KIES_UIT_KRING

    def to_python(self, value):
        if value not in self.empty_values and not _is_uuid(value):
            raise forms.ValidationError(KIES_UIT_KRING, code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj):
        return f"{obj.naam} ({obj.relatie_tekst})"


class KringKeuzes(forms.ModelMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="uuid", **kwargs)
        self.error_messages["invalid_choice"] = KIES_UIT_KRING
        self.error_messages["invalid_pk_value"] = KIES_UIT_KRING

    def _check_values(self, value):
        if any(not _is_uuid(v) for v in value):
            raise forms.ValidationError(KIES_UIT_KRING, code="invalid_choice")
        return super()._check_values(value)

    def label_from_instance(self, obj):
        return f"{obj.naam} ({obj.relatie_tekst})"


class BetrokkeneForm(VersionedForm):
    """Only a first name and a relation are required: the method warns against forms that crowd out the story."""

    vertegenwoordigd_door = KringKeuze(
        queryset=Betrokkene.objects.none(),
        required=False,
        label=_("Wie spreekt namens het kind?"),
        empty_label=_("Kies iemand uit de kring"),
        help_text=_("Alleen nodig als iemand anders namens het kind spreekt."),
    )
    niet_samen_met = KringKeuzes(
        queryset=Betrokkene.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Wil niet in dezelfde ruimte zijn met"),
    )

    class Meta:
        model = Betrokkene
        fields = [
            "voornaam",
            "achternaam",
            "relatie",
            "relatie_anders",
            "waarom",
            "is_kind",
            "deelname",
            "vertegenwoordigd_door",
            "email",
            "telefoon",
            "taal",
            "tolk_nodig",
            "niet_samen_met",
            "naast_wie",
            "toegankelijkheid",
            "verborgen_voor_anderen",
        ]
        labels = {
            "waarom": _("Waarom lig je hier wakker van?"),
            "deelname": _("Hoe doet het kind mee?"),
            "toegankelijkheid": _("Wat is er nog meer nodig om mee te kunnen doen?"),
            "naast_wie": _("Wie staat naast hem of haar?"),
            "verborgen_voor_anderen": _("Niet laten zien aan de anderen in de kring"),
        }
        help_texts = {
            "relatie_anders": _("Alleen als u bij relatie ‘Anders’ kiest. Bijvoorbeeld: tante, wijkagent."),
            "waarom": _("In de woorden van deze persoon zelf."),
            "taal": _("Bijvoorbeeld: Arabisch, Pools, Nederlandse Gebarentaal."),
            "toegankelijkheid": _("Bijvoorbeeld: een ruimte zonder trap, niet ’s avonds."),
            "naast_wie": _("Iemand die mee mag komen om naast hem of haar te zitten."),
            "verborgen_voor_anderen": _(
                "Voor de veiligheid: de anderen zien deze persoon dan niet op hun persoonlijke link. "
                "De begeleiders zien hem of haar wel."
            ),
        }
        widgets = {
            "waarom": forms.Textarea(attrs={"rows": 3}),
            "toegankelijkheid": forms.Textarea(attrs={"rows": 2}),
            "deelname": forms.RadioSelect,
            "telefoon": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        error_messages = {
            "voornaam": {"required": _("Vul een voornaam in.")},
            "relatie": {"required": _("Kies wie deze persoon is voor het gezin.")},
            "email": {"invalid": _("Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.nl")},
        }

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.traject = traject
        anderen = traject.betrokkenen.in_kring()
        if self.instance.pk:
            anderen = anderen.exclude(pk=self.instance.pk)
        self.fields["vertegenwoordigd_door"].queryset = anderen
        self.fields["niet_samen_met"].queryset = anderen
        self.fields["relatie"].choices = [("", _("Kies een relatie"))] + list(Betrokkene.Relatie.choices)
        self.fields["deelname"].required = False
        for naam in ("voornaam", "achternaam", "relatie_anders", "email", "telefoon", "taal", "naast_wie"):
            self.fields[naam].widget.attrs["autocomplete"] = "off"
        if self.instance.vertegenwoordigd_door_id:
            # The choices carry uuids, the instance a pk.
            self.initial["vertegenwoordigd_door"] = self.instance.vertegenwoordigd_door.uuid

    def clean(self):
        cleaned = self.cleaned_data
        relatie = cleaned.get("relatie")
        if relatie == Betrokkene.Relatie.ANDERS:
            if not cleaned.get("relatie_anders") and "relatie_anders" not in self.errors:
                self.add_error("relatie_anders", _("Schrijf in eigen woorden wie deze persoon is."))
        elif relatie:
            # Hidden fields that do not apply must not block saving.
            cleaned["relatie_anders"] = ""
            self._errors.pop("relatie_anders", None)
        deelname = Betrokkene.Deelname.AANWEZIG
        if cleaned.get("is_kind"):
            deelname = cleaned.get("deelname") or Betrokkene.Deelname.AANWEZIG
        else:
            self._errors.pop("deelname", None)
        if deelname == Betrokkene.Deelname.VERTEGENWOORDIGD:
            if not cleaned.get("vertegenwoordigd_door") and "vertegenwoordigd_door" not in self.errors:
                self.add_error("vertegenwoordigd_door", _("Kies wie namens het kind spreekt."))
        else:
            cleaned["vertegenwoordigd_door"] = None
            self._errors.pop("vertegenwoordigd_door", None)
        cleaned["deelname"] = deelname
        return super().clean()

    MEER = ("email", "telefoon", "taal", "tolk_nodig", "niet_samen_met", "naast_wie", "toegankelijkheid",
            "verborgen_voor_anderen")

    def meer_open(self):
        """Open the optional part when it holds something or has an error."""
        return any(self[n].errors or self[n].value() for n in self.MEER)

    def save(self):
        betrokkene = super().save(commit=False)
        bestond = betrokkene.pk is not None
        if bestond:
            betrokkene.versie = F("versie") + 1
        betrokkene.save()
        betrokkene.refresh_from_db(fields=["versie"])
        verborgen = list(betrokkene.niet_samen_met.filter(verwijderd_op__isnull=False)) if bestond else []
        betrokkene.niet_samen_met.set([*self.cleaned_data["niet_samen_met"], *verborgen])
        return betrokkene


class NieuweBetrokkeneForm(OnceForm, BetrokkeneForm):
    def save(self):
        self.instance.client_token = self.cleaned_data["client_token"]
        return super().save()
