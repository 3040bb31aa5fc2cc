from django import forms
from django.db.models import F
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from kwesties.kring_forms import KringKeuze, KringKeuzes
from kwesties.models import Betrokkene
from nieuwe_route.forms import OnceForm, VersionedForm

from .models import Gesprek, Inbreng, InformatieVerzoek

GELDIGE_DATUM = _("Dit is geen geldige datum. Bijvoorbeeld: 14-05-2025")


def _datum_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _VasteLijst(ModelChoiceIterator):
    """Choices from a list loaded once per page, so several small forms do not each query the kring."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.lijst:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.lijst) + (self.field.empty_label is not None)

    def __bool__(self):
        return bool(len(self))


def kies_uit(field, mensen):
    """Limit a KringKeuze(s) field to these people: shown from the list, checked against the database."""
    field.lijst = list(mensen)
    field.iterator = _VasteLijst
    # Set last: assigning the queryset hands the widget its choices.
    field.queryset = Betrokkene.objects.filter(pk__in=[b.pk for b in field.lijst])


def _nieuwe_versie(obj, velden):
    obj.versie = F("versie") + 1
    obj.save(update_fields=[*velden, "versie"])
    obj.refresh_from_db(fields=["versie"])


def _behoud_verwijderden(relatie, gekozen):
    """Set a relation to people in the kring, keeping those since removed from it (for their undo)."""
    weg = list(relatie.filter(verwijderd_op__isnull=False))
    relatie.set([*gekozen, *weg])


class VersieForm(VersionedForm):
    """A VersionedForm that lets the very same edit sent twice (a double click) through instead of calling it stale."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as fout:
            if getattr(fout, "code", None) == "stale" and self._zoals_opgeslagen():
                return self.cleaned_data
            raise

    def _zoals_opgeslagen(self):
        opgeslagen = type(self.instance).objects.get(pk=self.instance.pk)
        for naam in self._meta.fields:
            if naam not in self.fields:
                continue
            if naam not in self.cleaned_data:
                return False
            nieuw = self.cleaned_data[naam]
            veld = opgeslagen._meta.get_field(naam)
            if veld.many_to_many:
                oud = set(getattr(opgeslagen, naam).filter(verwijderd_op__isnull=True).values_list("pk", flat=True))
                if oud != {b.pk for b in nieuw}:
                    return False
            elif veld.is_relation:
                if getattr(opgeslagen, veld.attname) != (nieuw.pk if nieuw else None):
                    return False
            elif getattr(opgeslagen, naam) != nieuw:
                return False
        return True


class GesprekForm(VersieForm):
    deelnemers = KringKeuzes(
        queryset=Betrokkene.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Wie waren erbij?"),
        error_messages={"required": _("Kies wie er bij het gesprek waren: minstens één persoon.")},
    )

    class Meta:
        model = Gesprek
        fields = ["datum", "vorm", "deelnemers", "notities_prive", "notities_gedeeld"]
        labels = {
            "datum": _("Datum van het gesprek"),
            "vorm": _("Hoe was het gesprek?"),
            "notities_prive": _("Privé-notities (alleen voor begeleiders)"),
            "notities_gedeeld": _("Notities die gedeeld mogen worden"),
        }
        help_texts = {
            "notities_prive": _("Bijvoorbeeld wat iemand u in vertrouwen vertelde. Dit komt nergens anders terecht."),
            "notities_gedeeld": _("Schrijf zo dat iedereen in de kring het mag lezen: feiten, in korte zinnen, zonder schuld."),
        }
        widgets = {
            "datum": _datum_widget(),
            "vorm": forms.RadioSelect,
            "notities_prive": forms.Textarea(attrs={"rows": 8}),
            "notities_gedeeld": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "datum": {"required": _("Vul de datum van het gesprek in."), "invalid": GELDIGE_DATUM},
            "vorm": {"required": _("Kies hoe het gesprek was.")},
        }

    def __init__(self, *args, traject, kring, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.traject = traject
        kies_uit(self.fields["deelnemers"], kring)

    def save(self):
        gesprek = super().save(commit=False)
        if gesprek.pk:
            _nieuwe_versie(gesprek, ["datum", "vorm", "notities_prive", "notities_gedeeld"])
        else:
            gesprek.save()
        _behoud_verwijderden(gesprek.deelnemers, self.cleaned_data["deelnemers"])
        return gesprek


class GesprekNieuwForm(OnceForm, GesprekForm):
    def save(self, begeleider):
        self.instance.begeleider = begeleider
        self.instance.client_token = self.cleaned_data["client_token"]
        return super().save()


class VerzoekForm(VersieForm):
    class Meta:
        model = InformatieVerzoek
        fields = ["wat", "van_wie", "uiterlijk"]
        labels = {
            "wat": _("Welke informatie is nodig?"),
            "van_wie": _("Van wie moet het komen?"),
            "uiterlijk": _("Wanneer moet het er zijn?"),
        }
        help_texts = {
            "van_wie": _("Een naam, of een instantie. Bijvoorbeeld: Fatima (juf van Noor), de huisarts."),
            "uiterlijk": _("Bijvoorbeeld een week voor de bijeenkomst."),
        }
        widgets = {"wat": forms.Textarea(attrs={"rows": 3}), "uiterlijk": _datum_widget()}
        error_messages = {
            "wat": {"required": _("Schrijf op welke informatie nodig is.")},
            "van_wie": {"required": _("Schrijf op van wie de informatie moet komen.")},
            "uiterlijk": {"invalid": GELDIGE_DATUM},
        }

    def __init__(self, *args, traject, gesprek=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.traject = traject
        if gesprek is not None:
            self.instance.gesprek = gesprek
        self.fields["van_wie"].widget.attrs["autocomplete"] = "off"

    def save(self):
        verzoek = super().save(commit=False)
        _nieuwe_versie(verzoek, ["wat", "van_wie", "uiterlijk"])
        return verzoek


class VerzoekNieuwForm(OnceForm, VerzoekForm):
    def save(self, door):
        verzoek = forms.ModelForm.save(self, commit=False)
        verzoek.aangemaakt_door = door
        verzoek.client_token = self.cleaned_data["client_token"]
        verzoek.save()
        return verzoek


class AntwoordForm(VersieForm):
    class Meta:
        model = InformatieVerzoek
        fields = ["antwoord"]
        labels = {"antwoord": _("Het antwoord")}
        help_texts = {"antwoord": _("Wat kwam er terug? Kort en feitelijk.")}
        widgets = {"antwoord": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"antwoord": {"required": _("Schrijf het antwoord op.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antwoord"].required = True

    def save(self):
        self.instance.beantwoorden(self.cleaned_data["antwoord"])
        return self.instance


class BehoefteForm(VersieForm):
    """What one person needs to take part in the meeting, and feel safe enough there."""

    niet_samen_met = KringKeuzes(
        queryset=Betrokkene.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Wil niet in dezelfde ruimte zijn met"),
    )
    vertegenwoordigd_door = KringKeuze(
        queryset=Betrokkene.objects.none(),
        required=False,
        label=_("Wie spreekt namens het kind?"),
        empty_label=_("Kies iemand uit de kring"),
    )

    class Meta:
        model = Betrokkene
        fields = ["tolk_nodig", "taal", "naast_wie", "niet_samen_met", "toegankelijkheid", "deelname", "vertegenwoordigd_door"]
        labels = {
            "tolk_nodig": _("Heeft een tolk nodig"),
            "taal": _("Taal"),
            "naast_wie": _("Wie staat naast hem of haar?"),
            "toegankelijkheid": _("Wat is er nog meer nodig?"),
            "deelname": _("Hoe doet het kind mee?"),
        }
        help_texts = {
            "taal": _("Bijvoorbeeld: Arabisch, Pools, Nederlandse Gebarentaal."),
            "naast_wie": _("Iemand die mee mag komen om naast hem of haar te zitten."),
            "toegankelijkheid": _("Bijvoorbeeld: een ruimte zonder trap, niet ’s avonds."),
        }
        widgets = {"toegankelijkheid": forms.Textarea(attrs={"rows": 2}), "deelname": forms.RadioSelect}

    def __init__(self, *args, kring, **kwargs):
        super().__init__(*args, **kwargs)
        betrokkene = self.instance
        anderen = [b for b in kring if b.pk != betrokkene.pk]
        kies_uit(self.fields["niet_samen_met"], anderen)
        for naam in ("taal", "naast_wie"):
            self.fields[naam].widget.attrs["autocomplete"] = "off"
        if not betrokkene.is_kind:
            del self.fields["deelname"], self.fields["vertegenwoordigd_door"]
            return
        self.fields["deelname"].required = False
        self.fields["deelname"].choices = [
            (Betrokkene.Deelname.AANWEZIG, _("Is er zelf bij")),
            (Betrokkene.Deelname.VERTEGENWOORDIGD, _("Iemand anders spreekt namens het kind")),
            (Betrokkene.Deelname.INBRENG_VOORAF, _("De stem van het kind komt er op een andere manier in, vooraf")),
        ]
        kies_uit(self.fields["vertegenwoordigd_door"], anderen)
        # The choices carry uuids, the instance a pk.
        door = next((b for b in anderen if b.pk == betrokkene.vertegenwoordigd_door_id), None)
        self.initial["vertegenwoordigd_door"] = door.uuid if door else None

    def clean(self):
        cleaned = self.cleaned_data
        if self.instance.is_kind:
            deelname = cleaned.get("deelname") or Betrokkene.Deelname.AANWEZIG
            if deelname == Betrokkene.Deelname.VERTEGENWOORDIGD:
                if not cleaned.get("vertegenwoordigd_door") and "vertegenwoordigd_door" not in self.errors:
                    self.add_error("vertegenwoordigd_door", _("Kies wie namens het kind spreekt."))
            else:
                cleaned["vertegenwoordigd_door"] = None
                self._errors.pop("vertegenwoordigd_door", None)
            cleaned["deelname"] = deelname
        return super().clean()

    def save(self):
        betrokkene = super().save(commit=False)
        velden = [n for n in self._meta.fields if n in self.fields and n != "niet_samen_met"]
        _nieuwe_versie(betrokkene, velden)
        _behoud_verwijderden(betrokkene.niet_samen_met, self.cleaned_data["niet_samen_met"])
        return betrokkene


class IdeeForm(OnceForm, forms.ModelForm):
    betrokkene = KringKeuze(
        queryset=Betrokkene.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Van wie komt dit?"),
        error_messages={"required": _("Kies van wie dit komt.")},
    )
    met_naam = forms.TypedChoiceField(
        choices=[("True", _("Met naam")), ("False", _("Anoniem"))],
        coerce=lambda waarde: waarde == "True",
        initial="True",
        widget=forms.RadioSelect,
        label=_("Mag de naam erbij staan?"),
        help_text=_("Anoniem: de anderen in de kring zien niet van wie dit komt. De begeleiders weten het wel."),
        error_messages={"required": _("Kies: met naam of anoniem.")},
    )

    class Meta:
        model = Inbreng
        fields = ["soort", "tekst", "betrokkene", "met_naam", "delen"]
        labels = {
            "soort": _("Wat is het?"),
            "tekst": _("Het idee of de woorden"),
            "delen": _("De anderen in de kring mogen dit vooraf lezen"),
        }
        help_texts = {
            "tekst": _("Zo veel mogelijk in de woorden van deze persoon zelf."),
        }
        widgets = {"soort": forms.RadioSelect, "tekst": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "soort": {"required": _("Kies: een idee of eigen woorden.")},
            "tekst": {"required": _("Schrijf het idee of de woorden op.")},
        }

    def __init__(self, *args, deelnemers, **kwargs):
        super().__init__(*args, **kwargs)
        kies_uit(self.fields["betrokkene"], deelnemers)
        if len(deelnemers) == 1:
            self.initial["betrokkene"] = deelnemers[0].uuid

    def save(self, gesprek):
        inbreng = super().save(commit=False)
        inbreng.traject = gesprek.traject
        inbreng.gesprek = gesprek
        inbreng.bron = Inbreng.Bron.GESPREK
        inbreng.client_token = self.cleaned_data["client_token"]
        inbreng.save()
        return inbreng
