from django import forms
from django.utils.translation import gettext_lazy as _

from kwesties.models import Traject

from .models import Verwijdering


class AfsluitenForm(forms.Form):
    klaar = forms.BooleanField(
        label=_("Het traject is klaar: het plan is uitgevoerd of geëvalueerd"),
        error_messages={"required": _("Vink aan dat het traject klaar is. Anders blijft het open.")},
    )


class WissenForm(forms.Form):
    """The beheerder's confirmation: why, optionally a few words more, and the traject's name typed again."""

    reden = forms.ChoiceField(
        label=_("Waarom wordt dit traject gewist?"),
        choices=Verwijdering.Reden.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies waarom het traject gewist wordt."), "invalid_choice": _("Kies een reden uit de lijst.")},
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Deze toelichting blijft bewaard. Schrijf er geen namen of andere gegevens over het gezin in, "
            "bijvoorbeeld: ‘Verzoek ontvangen per brief op 3 maart’."
        ),
        error_messages={"max_length": _("Schrijf hooguit %(limit_value)d tekens (nu %(show_value)d).")},
    )
    label = forms.CharField(
        label=_("Typ ter bevestiging de naam van het traject"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Typ de naam van het traject om te bevestigen.")},
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.traject = traject
        self.fields["label"].help_text = _("Typ precies: %(label)s") % {"label": traject.label}

    def clean_toelichting(self):
        return self.cleaned_data["toelichting"].strip()

    def clean_label(self):
        getypt = " ".join(self.cleaned_data["label"].split())
        if getypt != " ".join(self.traject.label.split()):
            raise forms.ValidationError(
                _("Dit is niet de naam van dit traject. Typ precies: %(label)s"), params={"label": self.traject.label}
            )
        return getypt

    def clean(self):
        cleaned = super().clean()
        reden = cleaned.get("reden")
        if reden == Verwijdering.Reden.ANDERS and not cleaned.get("toelichting"):
            self.add_error("toelichting", _("Schrijf bij ‘anders’ kort waarom, zonder namen."))
        if reden == Verwijdering.Reden.BEWAARTERMIJN and not _verstreken(self.traject):
            self.add_error("reden", _("De bewaartermijn van dit traject is nog niet verstreken. Kies een andere reden."))
        return cleaned


def _verstreken(traject):
    return Traject.objects.bewaartermijn_verstreken(traject.organisatie).filter(pk=traject.pk).exists()
