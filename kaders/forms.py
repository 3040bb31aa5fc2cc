from django import forms
from django.utils.translation import gettext_lazy as _

from nieuwe_route.forms import OnceForm, VersionedForm

from .models import Kader, KaderSet


class RedenForm(forms.Form):
    """Adds "Waarom verandert dit?" once the kaders are fixed: everyone sees what changed, and why."""

    def __init__(self, *args, reden_nodig=False, **kwargs):
        super().__init__(*args, **kwargs)
        if reden_nodig:
            self.fields["reden"] = forms.CharField(
                label=_("Waarom verandert dit?"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("De kaders zijn al vastgesteld. Iedereen in het traject ziet wat er verandert, en waarom."),
                error_messages={"required": _("Schrijf kort op waarom dit verandert.")},
            )

    @property
    def reden_tekst(self):
        return self.cleaned_data.get("reden", "")


class KaderVeldenMixin(forms.ModelForm):
    soort = forms.ChoiceField(
        label=_("Soort kader"),
        choices=Kader.Soort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de soort kader.")},
    )

    class Meta:
        model = Kader
        fields = ["soort", "tekst", "toelichting"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3}), "toelichting": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "tekst": _("Kort en concreet, in woorden die de familie gebruikt."),
            "toelichting": _("Waarom geldt dit? Waar komt het vandaan, bijvoorbeeld een uitspraak van de rechter?"),
        }
        error_messages = {"tekst": {"required": _("Schrijf het kader op.")}}

    def kader_gegevens(self):
        return {k: self.cleaned_data[k] for k in ("soort", "tekst", "toelichting")}


class KaderNieuwForm(OnceForm, RedenForm, KaderVeldenMixin):
    pass


class KaderForm(RedenForm, VersionedForm, KaderVeldenMixin):
    pass


class VerwijderForm(RedenForm):
    pass


class InterventieForm(RedenForm, VersionedForm):
    versie_veld = "bewerkversie"

    class Meta:
        model = KaderSet
        fields = ["als_geen_veilig_plan", "wie_grijpt_in"]
        widgets = {"als_geen_veilig_plan": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "als_geen_veilig_plan": _("Beschrijf feitelijk wat er dan gebeurt. Iedereen moet weten waar hij aan toe is."),
            "wie_grijpt_in": _("Naam en rol. Bijvoorbeeld: Bob de Vries, gezinsvoogd."),
        }
        error_messages = {
            "als_geen_veilig_plan": {"required": _("Schrijf op wat er gebeurt als er geen veilig plan komt.")},
            "wie_grijpt_in": {"required": _("Schrijf op wie er dan ingrijpt.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in ("als_geen_veilig_plan", "wie_grijpt_in"):
            self.fields[naam].required = True
