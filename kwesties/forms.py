from django import forms
from django.utils.translation import gettext_lazy as _

from nieuwe_route.forms import OnceForm, VersionedForm
from organisaties.models import Organisatie, User

from .models import KWESTIE_BEGIN, Kwestie, Traject


class TrajectForm(OnceForm, forms.ModelForm):
    organisatie = forms.ModelChoiceField(queryset=Organisatie.objects.none(), label=_("Organisatie"))
    kadersteller = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Kadersteller (meestal de gezinsvoogd)"),
        help_text=_("Deze persoon schrijft de kaders. U kunt dit later ook laten regelen door de beheerder."),
    )

    class Meta:
        model = Traject
        fields = ["label", "organisatie"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisaties = Organisatie.objects.filter(lidmaatschappen__user=user)
        self.fields["organisatie"].queryset = organisaties
        if organisaties.count() == 1:
            self.fields["organisatie"].initial = organisaties.first()
        self.fields["kadersteller"].queryset = (
            User.objects.filter(lidmaatschappen__organisatie__in=organisaties).exclude(pk=user.pk).distinct().order_by("naam")
        )
        self.fields["label"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        org, ks = cleaned.get("organisatie"), cleaned.get("kadersteller")
        if org and ks and not ks.lidmaatschappen.filter(organisatie=org).exists():
            self.add_error("kadersteller", _("Deze persoon hoort niet bij de gekozen organisatie."))
        return cleaned


class KwestieForm(VersionedForm):
    class Meta:
        model = Kwestie
        fields = ["vraag", "beschrijving"]
        widgets = {"vraag": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "vraag": _("Eén brede, neutrale vraag: ‘Wat is ervoor nodig dat …?’"),
            "beschrijving": _("Wat is er aan de hand? Feiten apart van gevoelens, geen schuld, korte zinnen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beschrijving"].widget.attrs["rows"] = 8

    def clean_vraag(self):
        vraag = " ".join(self.cleaned_data["vraag"].split())
        if vraag.rstrip("?. ").lower() == KWESTIE_BEGIN.strip().lower():
            raise forms.ValidationError(_("Maak de vraag af: wat is ervoor nodig dat …?"))
        return vraag
