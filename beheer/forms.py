from django import forms
from django.utils.translation import gettext_lazy as _

from kwesties.models import TrajectRol

from organisaties.models import BEWAARTERMIJN_MAX, BEWAARTERMIJN_MIN, Organisatie, User

# Short role names for sentences ("Alice is nu facilitator.").
ROL_NAMEN = {TrajectRol.Rol.FACILITATOR: _("facilitator"), TrajectRol.Rol.KADERSTELLER: _("kadersteller")}


class LidForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul een e-mailadres in."), "invalid": _("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")},
    )
    naam = forms.CharField(
        label=_("Naam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Voornaam en achternaam. Heeft deze persoon al een account, dan blijft de naam van dat account staan."),
        error_messages={"required": _("Vul een naam in.")},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_naam(self):
        naam = " ".join(self.cleaned_data["naam"].split())
        if not naam:
            raise forms.ValidationError(_("Vul een naam in."))
        return naam


class BeheerderForm(forms.Form):
    """Sets beheerder to the value on the button, so pressing it twice changes nothing more."""

    is_beheerder = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class TweestapsForm(forms.Form):
    """Two-step verification for every member, set to the value on the button (pressing twice changes nothing more)."""

    tweestaps_voor_iedereen = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class RolForm(forms.Form):
    lid = forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="uuid",
        label=_("Wie?"),
        empty_label=_("Kies een lid van de organisatie"),
        error_messages={
            "required": _("Kies wie deze rol krijgt."),
            "invalid_choice": _("Kies iemand uit de lijst. Alleen leden van deze organisatie kunnen een rol krijgen."),
        },
    )
    rol = forms.ChoiceField(
        choices=TrajectRol.Rol.choices,
        widget=forms.RadioSelect,
        label=_("Welke rol?"),
        error_messages={"required": _("Kies een rol."), "invalid_choice": _("Kies een rol uit de lijst.")},
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.traject = traject
        self.fields["lid"].queryset = User.objects.filter(lidmaatschappen__organisatie=traject.organisatie).order_by("naam")

    def clean(self):
        cleaned = super().clean()
        lid, rol = cleaned.get("lid"), cleaned.get("rol")
        if lid and rol:
            # The method: the facilitator is independent of the case, so never also the one who sets the kaders.
            andere = TrajectRol.Rol.KADERSTELLER if rol == TrajectRol.Rol.FACILITATOR else TrajectRol.Rol.FACILITATOR
            if TrajectRol.objects.filter(traject=self.traject, user=lid, rol=andere).exists():
                if andere == TrajectRol.Rol.FACILITATOR:
                    bericht = _("%(naam)s is facilitator in dit traject. Een facilitator is onafhankelijk en kan niet ook kadersteller zijn.")
                else:
                    bericht = _("%(naam)s is kadersteller in dit traject. Een facilitator is onafhankelijk en kan niet ook kadersteller zijn.")
                self.add_error("rol", bericht % {"naam": lid.naam})
        return cleaned


class DrempelForm(forms.ModelForm):
    """From which share of bezwaren the circle counts as split: then the conversation first, then a new round."""

    class Meta:
        model = Organisatie
        fields = ["splitsingsdrempel"]
        labels = {"splitsingsdrempel": _("Wanneer is de kring verdeeld?")}
        help_texts = {
            "splitsingsdrempel": _(
                "Kies vanaf hoeveel bezwaren de kring verdeeld is. "
                "Hebben zoveel mensen bezwaar, dan voert de kring eerst het gesprek en komt er daarna een nieuwe ronde. "
                "Hebben minder mensen bezwaar, dan vraagt de begeleider hen wat erbij moet."
            )
        }
        widgets = {"splitsingsdrempel": forms.RadioSelect}
        error_messages = {
            "splitsingsdrempel": {
                "required": _("Kies wanneer de kring verdeeld is."),
                "invalid_choice": _("Kies een van de mogelijkheden uit de lijst."),
            }
        }


class BewaartermijnForm(forms.ModelForm):
    """How many months a closed traject is kept before it is erased; empty: the app's standard term."""

    class Meta:
        model = Organisatie
        fields = ["bewaartermijn_maanden"]
        labels = {"bewaartermijn_maanden": _("Hoeveel maanden bewaren?")}
        widgets = {"bewaartermijn_maanden": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}

    def __init__(self, *args, standaard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bewaartermijn_maanden"].help_text = _(
            "Zo lang blijft een afgesloten traject bewaard; daarna wordt het gewist. "
            "Laat leeg voor de standaardtermijn: %(standaard)s. "
            "Kies alleen een kortere termijn als de wet dat voor uw organisatie toestaat."
        ) % {"standaard": standaard}
        fout = _("Vul een aantal maanden in van %(min)s tot en met %(max)s, of laat het leeg.") % {
            "min": BEWAARTERMIJN_MIN, "max": BEWAARTERMIJN_MAX}
        self.fields["bewaartermijn_maanden"].error_messages.update(invalid=fout, min_value=fout, max_value=fout)
