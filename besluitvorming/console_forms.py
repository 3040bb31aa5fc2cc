"""Forms of the facilitator's console on the meeting day: presence, proposals and answers in a round."""

import uuid

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from kwesties.kring_forms import KringKeuzes
from nieuwe_route.forms import OnceForm

from . import consent
from .forms import BasisReactieForm
from .models import Aanwezigheid

ER, NAMENS, NIET = "er", "namens", "niet"
STATUS_VAN_KEUZE = {
    ER: Aanwezigheid.Status.AANWEZIG,
    NAMENS: Aanwezigheid.Status.VERTEGENWOORDIGD,
    NIET: Aanwezigheid.Status.AFWEZIG,
}
KEUZE_VAN_STATUS = {status: keuze for keuze, status in STATUS_VAN_KEUZE.items()}


def is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class AanwezigheidForm(forms.Form):
    """Who is there, a row per person in the kring: er, namens iemand die er is, of niet."""

    def __init__(self, *args, kring, bestaand, **kwargs):
        super().__init__(*args, **kwargs)
        self.kring = list(kring)
        self.per_uuid = {str(b.uuid): b for b in self.kring}
        for b in self.kring:
            keuze, namens = self._begin(b, bestaand.get(b.id))
            self.fields[f"status_{b.uuid}"] = forms.ChoiceField(
                label=f"{b.voornaam} ({b.relatie_tekst})",
                choices=[
                    (ER, _("Is er")),
                    (NAMENS, _("Iemand anders spreekt namens hem of haar")),
                    (NIET, _("Is er niet")),
                ],
                widget=forms.RadioSelect,
                initial=keuze,
                error_messages={
                    "required": _("Kies of %(naam)s er is.") % {"naam": b.voornaam},
                    "invalid_choice": _("Kies of %(naam)s er is.") % {"naam": b.voornaam},
                },
            )
            self.fields[f"namens_{b.uuid}"] = forms.ChoiceField(
                label=_("Wie spreekt namens %(naam)s?") % {"naam": b.voornaam},
                choices=[("", _("Kies iemand die er is"))]
                + [(str(a.uuid), f"{a.voornaam} ({a.relatie_tekst})") for a in self.kring if a.pk != b.pk],
                required=False,
                initial=str(namens.uuid) if namens else "",
                error_messages={"invalid_choice": _("Kies iemand uit de kring.")},
            )

    @staticmethod
    def _begin(betrokkene, aanwezigheid):
        """What the form starts with: this meeting's record, else how the person said they would take part."""
        if aanwezigheid is not None:
            return KEUZE_VAN_STATUS[aanwezigheid.status], aanwezigheid.vertegenwoordiger
        if betrokkene.deelname == betrokkene.Deelname.AANWEZIG:
            return ER, None
        if betrokkene.deelname == betrokkene.Deelname.VERTEGENWOORDIGD and betrokkene.vertegenwoordigd_door_id:
            return NAMENS, betrokkene.vertegenwoordigd_door
        return NIET, None

    def rijen(self):
        """(betrokkene, status field, namens field) for the template, in kring order."""
        return [(b, self[f"status_{b.uuid}"], self[f"namens_{b.uuid}"]) for b in self.kring]

    def clean(self):
        cleaned = super().clean()
        for b in self.kring:
            keuze = cleaned.get(f"status_{b.uuid}")
            veld = f"namens_{b.uuid}"
            if keuze != NAMENS:
                cleaned[veld] = None
                self._errors.pop(veld, None)
                continue
            if veld in self.errors:
                continue
            gekozen = cleaned.get(veld)
            if not gekozen:
                self.add_error(veld, gettext("Kies wie namens %(naam)s spreekt.") % {"naam": b.voornaam})
                continue
            # Oneself is not among the choices: nobody speaks for themselves.
            vertegenwoordiger = self.per_uuid[gekozen]
            if cleaned.get(f"status_{vertegenwoordiger.uuid}") != ER:
                self.add_error(
                    veld,
                    gettext("%(wie)s is er niet zelf. Kies iemand die er is.") % {"wie": vertegenwoordiger.voornaam},
                )
            else:
                cleaned[veld] = vertegenwoordiger
        return cleaned

    def uitkomst(self):
        """[(betrokkene, status, vertegenwoordiger)] to save."""
        return [
            (b, STATUS_VAN_KEUZE[self.cleaned_data[f"status_{b.uuid}"]], self.cleaned_data[f"namens_{b.uuid}"])
            for b in self.kring
        ]


class VoorstelDetails(forms.Form):
    """Who, when and how we will know: optional while proposing, made concrete in the presentatie."""

    wie = KringKeuzes(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Wie doet het?"),
    )
    wanneer = forms.CharField(
        label=_("Wanneer, of hoe vaak?"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: elk tweede weekend, of vóór de zomervakantie."),
        error_messages={"max_length": _("Houd het korter: hoogstens %(limit_value)d tekens.")},
    )
    hoe_weten = forms.CharField(
        label=_("Hoe weten we dat het gebeurd is?"),
        max_length=500,
        required=False,
        error_messages={"max_length": _("Houd het korter: hoogstens %(limit_value)d tekens.")},
    )

    def __init__(self, *args, kring, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wie"].queryset = kring
        self.fields["wie"].label_from_instance = lambda b: f"{b.voornaam} ({b.relatie_tekst})"
        for naam in ("wanneer", "hoe_weten"):
            self.fields[naam].widget.attrs["autocomplete"] = "off"


TEKST = forms.CharField(
    label=_("Het voorstel"),
    max_length=3000,
    widget=forms.Textarea(attrs={"rows": 5}),
    help_text=_("In gewone woorden: wat gaan we doen?"),
    error_messages={
        "required": _("Schrijf op wat het voorstel is."),
        "max_length": _("Houd het korter: hoogstens %(limit_value)d tekens."),
    },
)


class VoorstelForm(OnceForm, VoorstelDetails):
    titel = forms.CharField(
        label=_("Korte titel"),
        max_length=200,
        help_text=_(
            "Een paar woorden, zodat iedereen weet over welk voorstel het gaat. Bijvoorbeeld: Weekend bij papa."
        ),
        error_messages={
            "required": _("Geef het voorstel een korte titel."),
            "max_length": _("Houd de titel korter: hoogstens %(limit_value)d tekens."),
        },
    )
    tekst = TEKST

    field_order = ["titel", "tekst", "wie", "wanneer", "hoe_weten"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titel"].widget.attrs["autocomplete"] = "off"


class VersieForm(OnceForm, VoorstelDetails):
    tekst = TEKST
    aanleiding = forms.CharField(
        label=_("Wat is er veranderd, en waarom?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zo kan iedereen later zien waarom er een nieuwe versie kwam."),
        error_messages={"max_length": _("Houd het korter: hoogstens %(limit_value)d tekens.")},
    )

    field_order = ["tekst", "aanleiding", "wie", "wanneer", "hoe_weten"]


def _antwoordtekst(label):
    """A short text that only a zorg or a bezwaar needs: BasisReactieForm says when it is missing."""
    return forms.CharField(
        label=label,
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Houd het korter: hoogstens %(limit_value)d tekens.")},
    )


class ReactieForm(BasisReactieForm):
    """One person's answer as the facilitator records it; what each answer must carry, in the method's words."""

    antwoord = forms.ChoiceField(
        choices=[(consent.GEEN_BEZWAAR, _("Geen bezwaar")), (consent.ZORG, _("Zorg")), (consent.BEZWAAR, _("Bezwaar"))],
        error_messages={
            "required": _("Kies geen bezwaar, zorg of bezwaar."),
            "invalid_choice": _("Kies geen bezwaar, zorg of bezwaar."),
        },
    )
    aandachtspunt = _antwoordtekst(_("Laten we dan wel hierop letten:"))
    reden = _antwoordtekst(_("Waarom?"))
    wat_erbij = _antwoordtekst(_("Dit moet erbij:"))
    # The answer's version the form showed: someone else's answer in between is not overwritten unseen.
    versie = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), _("Deze pagina was niet meer actueel. Kies het antwoord opnieuw.")
        ),
    )

    MELDINGEN = {
        "aandachtspunt": _("Schrijf op waar we dan wel op letten."),
        "reden": _("Schrijf op waarom dit een bezwaar is."),
        "wat_erbij": _("Schrijf op wat erbij moet om mee te kunnen gaan."),
    }

