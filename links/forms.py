import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nieuwe_route.forms import OnceForm
from voorbereiding.models import Inbreng

LANGSTE_GELDIGHEID = datetime.timedelta(days=366)


def standaard_geldig_tot():
    return timezone.localdate() + datetime.timedelta(days=settings.LINK_GELDIG_DAGEN)


class UitgevenForm(forms.Form):
    """A new personal link; the facilitator may choose until when it works."""

    geldig_tot = forms.DateField(
        label=_("Geldig tot"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 31-12-2026.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["geldig_tot"].initial = standaard_geldig_tot()

    def clean_geldig_tot(self):
        datum = self.cleaned_data.get("geldig_tot")
        if datum is None:
            return None
        vandaag = timezone.localdate()
        if datum <= vandaag:
            raise forms.ValidationError(_("Kies een datum na vandaag."), code="verleden")
        langste = max(LANGSTE_GELDIGHEID, datetime.timedelta(days=settings.LINK_GELDIG_DAGEN))
        if datum > vandaag + langste:
            raise forms.ValidationError(
                _("Een link kan hoogstens %(dagen)d dagen geldig zijn. Kies een eerdere datum.")
                % {"dagen": langste.days},
                code="te_lang",
            )
        return datum

    def verloopt_op(self):
        """The chosen day counts in full: the link works until midnight, local time."""
        datum = self.cleaned_data.get("geldig_tot")
        if datum is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.max))


class InbrengForm(OnceForm, forms.ModelForm):
    """What someone sends in through their own link: an idea, or words for everyone to know."""

    soort = forms.ChoiceField(
        label=_("Wat wil je sturen?"),
        choices=[
            (Inbreng.Soort.IDEE, _("Een idee voor het plan")),
            (Inbreng.Soort.WOORDEN, _("Iets wat ik wil dat iedereen weet")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wat voor bericht het is."),
            "invalid_choice": _("Kies wat voor bericht het is."),
        },
    )
    met_naam = forms.TypedChoiceField(
        label=_("Mag je naam erbij staan?"),
        choices=[("ja", _("Met mijn naam")), ("nee", _("Zonder naam"))],
        coerce=lambda waarde: waarde == "ja",
        initial="ja",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of je naam erbij mag staan."),
            "invalid_choice": _("Kies of je naam erbij mag staan."),
        },
    )

    class Meta:
        model = Inbreng
        fields = ["soort", "tekst", "met_naam", "delen"]
        labels = {
            "tekst": _("Wat wil je zeggen?"),
            "delen": _("De anderen mogen dit al voor de bijeenkomst lezen"),
        }
        help_texts = {
            "tekst": _("Schrijf het zoals je het zelf zou zeggen."),
            "delen": _("Zet je hier geen vinkje? Dan lezen alleen de begeleiders het voor de bijeenkomst."),
        }
        widgets = {"tekst": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "tekst": {
                "required": _("Schrijf eerst iets op."),
                "max_length": _("Je tekst is te lang: %(show_value)d tekens. Maak hem korter dan %(limit_value)d tekens."),
            },
        }

    def __init__(self, *args, betrokkene, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.traject = betrokkene.traject
        self.instance.betrokkene = betrokkene
        self.fields["soort"].initial = Inbreng.Soort.WOORDEN if betrokkene.is_kind else Inbreng.Soort.IDEE

    def save(self):
        self.instance.bron = Inbreng.Bron.LINK
        self.instance.client_token = self.cleaned_data["client_token"]
        return super().save()
