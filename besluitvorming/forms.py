from urllib.parse import urlsplit

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from nieuwe_route.forms import VersionedForm

from . import consent

from .models import Bijeenkomst

EEN_PUNT_PER_REGEL = _("Eén punt per regel.")
TIJD_ONGELDIG = _("Vul een tijd in, bijvoorbeeld 10:00.")
LINK_ONGELDIG = _("Vul een volledige link in die begint met https://, bijvoorbeeld https://meet.jit.si/familie-j.")


class PlannenForm(VersionedForm):
    """When and where the meeting is, its agenda in the three parts of the method, and the ground rules."""

    videolink = forms.URLField(
        label=_("Videolink"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Alleen als mensen via video meedoen."),
        error_messages={"invalid": LINK_ONGELDIG},
    )

    class Meta:
        model = Bijeenkomst
        fields = [
            "datum",
            "begintijd",
            "eindtijd",
            "plaats",
            "videolink",
            "agenda_informatief",
            "agenda_besluitvormend",
            "agenda_presentatie",
            "afspraken",
        ]
        labels = {
            "datum": _("Datum"),
            "begintijd": _("Begintijd"),
            "eindtijd": _("Eindtijd"),
            "plaats": _("Plaats"),
            "agenda_informatief": _("Informatief deel"),
            "agenda_besluitvormend": _("Besluitvormend deel"),
            "agenda_presentatie": _("Presentatie"),
            "afspraken": _("Afspraken voor de bijeenkomst"),
        }
        help_texts = {
            "plaats": _("Adres of naam van de ruimte. Bijvoorbeeld: Buurthuis De Linde, Lindelaan 4, Deventer."),
            "agenda_informatief": EEN_PUNT_PER_REGEL,
            "agenda_besluitvormend": EEN_PUNT_PER_REGEL,
            "agenda_presentatie": EEN_PUNT_PER_REGEL,
            "afspraken": EEN_PUNT_PER_REGEL,
        }
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "begintijd": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "eindtijd": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda_informatief": forms.Textarea(attrs={"rows": 6}),
            "agenda_besluitvormend": forms.Textarea(attrs={"rows": 4}),
            "agenda_presentatie": forms.Textarea(attrs={"rows": 4}),
            "afspraken": forms.Textarea(attrs={"rows": 7}),
        }
        error_messages = {
            "datum": {
                "required": _("Vul een datum in."),
                "invalid": _("Vul een geldige datum in, bijvoorbeeld 14-03-2026."),
            },
            "begintijd": {"invalid": TIJD_ONGELDIG},
            "eindtijd": {"invalid": TIJD_ONGELDIG},
            "agenda_informatief": {"required": _("Schrijf minstens één punt op voor het informatieve deel.")},
            "agenda_besluitvormend": {"required": _("Schrijf minstens één punt op voor het besluitvormende deel.")},
            "agenda_presentatie": {"required": _("Schrijf minstens één punt op voor de presentatie.")},
            "afspraken": {"required": _("Schrijf minstens één afspraak op.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model allows a meeting without a date while it is being prepared; planning it needs one.
        self.fields["datum"].required = True
        self.fields["plaats"].widget.attrs["autocomplete"] = "off"
        self.fields["videolink"].widget.attrs["autocomplete"] = "off"

    def clean_videolink(self):
        link = self.cleaned_data["videolink"]
        if link and urlsplit(link).scheme.lower() not in ("http", "https"):
            raise forms.ValidationError(LINK_ONGELDIG, code="invalid")
        return link

    def clean(self):
        cleaned = self.cleaned_data
        if not cleaned.get("plaats", "").strip() and not cleaned.get("videolink") and "videolink" not in self.errors:
            self.add_error("plaats", _("Vul een plaats of een videolink in."))
        begin, eind = cleaned.get("begintijd"), cleaned.get("eindtijd")
        if eind and not begin and "begintijd" not in self.errors:
            self.add_error("begintijd", _("Vul ook een begintijd in."))
        elif begin and eind and eind <= begin:
            self.add_error("eindtijd", _("De eindtijd moet na de begintijd liggen."))
        return super().clean()

    def save(self):
        bijeenkomst = super().save(commit=False)
        bijeenkomst.versie = F("versie") + 1
        # Only the planning: a start in the meantime must not be undone by this save.
        bijeenkomst.save(update_fields=[*self._meta.fields, "versie"])
        bijeenkomst.refresh_from_db(fields=["versie"])
        return bijeenkomst


class BasisReactieForm(forms.Form):
    """What every answer form checks, on the facilitator's laptop and on a phone alike.

    Subclasses declare the fields (antwoord, aandachtspunt, reden, wat_erbij) in their own words and
    MELDINGEN: the message beside each part the method asks of a zorg or a bezwaar.
    """

    MELDINGEN = {}
    TEKSTEN = ("aandachtspunt", "reden", "wat_erbij")

    def clean(self):
        cleaned = super().clean()
        # Every missing part at once, not one per submit; a field that already has an error keeps that one.
        for veld in consent.ontbrekend(cleaned.get("antwoord"), *(cleaned.get(n, "") for n in self.TEKSTEN)):
            if veld not in self.errors:
                self.add_error(veld, self.MELDINGEN[veld])
        return cleaned

    def reactie(self):
        """The answer as keyword arguments for ConsentRonde.reageer()."""
        return {k: self.cleaned_data.get(k, "") for k in ("antwoord",) + self.TEKSTEN}
