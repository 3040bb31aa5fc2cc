import hashlib

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from kwesties.kring_forms import KringKeuzes
from kwesties.models import Betrokkene
from nieuwe_route.forms import VersionedForm

from .models import Afspraak, Plan

VOLDOET = "voldoet"
VOLDOET_NIET = "voldoet_niet"
DATUM_ONGELDIG = _("Vul een geldige datum in, bijvoorbeeld 14-03-2026.")
AFSPRAAK_GEWIJZIGD = _(
    "Iemand anders heeft deze afspraak intussen veranderd. Uw invoer staat nog in het formulier. "
    "Kijk wat er nu staat en sla daarna opnieuw op."
)
PLAN_GEWIJZIGD = _("Het plan is intussen veranderd. Kijk opnieuw.")


class WieKeuzes(KringKeuzes):
    """People of this kring by first name, with their relation beside it."""

    def label_from_instance(self, obj):
        return f"{obj.voornaam} ({obj.relatie_tekst})"


def afspraak_stand(afspraak, wie=None, wanneer=None, hoe_weten=None):
    """What the form saw of the agreement: a change by someone else in between is never overwritten unseen."""
    wie = ",".join(sorted(str(b.uuid) for b in (afspraak.wie.all() if wie is None else wie)))
    wanneer = afspraak.wanneer if wanneer is None else wanneer
    hoe_weten = afspraak.hoe_weten if hoe_weten is None else hoe_weten
    tekst = "\x1f".join([str(afspraak.versie_id), wanneer, hoe_weten, wie])
    return hashlib.sha256(tekst.encode()).hexdigest()[:16]


class AfspraakForm(forms.ModelForm):
    """Make a consented agreement concrete: who does it, when, and how we will know it happened."""

    wie = WieKeuzes(
        queryset=Betrokkene.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Wie doet het?"),
        help_text=_("Kies een of meer mensen uit de kring."),
    )
    gezien = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Afspraak
        fields = ["wie", "wanneer", "hoe_weten"]
        labels = {"wanneer": _("Wanneer, of hoe vaak?"), "hoe_weten": _("Hoe weten we dat het gebeurd is?")}
        help_texts = {
            "wanneer": _("Bijvoorbeeld: elke dinsdag, of vóór 1 juni."),
            "hoe_weten": _("Bijvoorbeeld: Sanne en Mark houden een schrift bij."),
        }

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wie"].queryset = traject.betrokkenen.in_kring()
        self.fields["gezien"].initial = afspraak_stand(self.instance)
        for naam in ("wanneer", "hoe_weten"):
            self.fields[naam].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        opgeslagen = Afspraak.objects.get(pk=self.instance.pk)
        actueel = afspraak_stand(opgeslagen)
        # What is saved already says exactly this (a double submit, say): nothing to overwrite.
        zelfde = not self.errors and actueel == afspraak_stand(
            opgeslagen, cleaned.get("wie"), cleaned.get("wanneer"), cleaned.get("hoe_weten")
        )
        if cleaned.get("gezien") != actueel and not zelfde:
            self.data = self.data.copy()
            self.data["gezien"] = actueel
            raise forms.ValidationError(AFSPRAAK_GEWIJZIGD, code="stale")
        return cleaned

    def is_stale(self):
        return any(e.code == "stale" for e in self.non_field_errors().as_data())

    def verandert_iets(self):
        return bool(set(self.changed_data) - {"gezien"})


def voorstel_als_niet_nagekomen(kaderset, wie_houdt_oog):
    """A first text for 'what if an agreement is not kept', tied back to the kaders' 'wie grijpt in'."""
    if wie_houdt_oog.strip():
        zinnen = [gettext("Als een afspraak niet lukt, bespreken we dat met %(wie)s.") % {"wie": wie_houdt_oog.strip()}]
    else:
        zinnen = [gettext("Als een afspraak niet lukt, bespreken we dat samen.")]
    if kaderset is not None and kaderset.heeft_interventie:
        zinnen.append(
            gettext("Is het niet veilig, dan grijpt %(wie)s in: %(wat)s")
            % {"wie": kaderset.wie_grijpt_in.strip(), "wat": kaderset.als_geen_veilig_plan.strip()}
        )
    return " ".join(zinnen)


class VervolgForm(VersionedForm):
    """The vervolgafspraken: when the circle looks again, who keeps an eye, and what if an agreement is not kept."""

    versie_veld = "bewerkversie"

    class Meta:
        model = Plan
        fields = ["evaluatie_op", "wie_houdt_oog", "als_niet_nagekomen"]
        labels = {
            "evaluatie_op": _("Wanneer kijken we samen hoe het gaat?"),
            "wie_houdt_oog": _("Wie houdt een oogje in het zeil?"),
            "als_niet_nagekomen": _("Wat gebeurt er als een afspraak niet lukt?"),
        }
        help_texts = {
            "evaluatie_op": _("Een datum waarop de kring samen kijkt of de afspraken lukken."),
            "wie_houdt_oog": _("Naam en wie het is. Bijvoorbeeld: Ria (oma)."),
            "als_niet_nagekomen": _("Dit hoort bij de kaders: wie grijpt in als het niet veilig is?"),
        }
        widgets = {
            "evaluatie_op": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "wie_houdt_oog": forms.TextInput(attrs={"autocomplete": "off"}),
            "als_niet_nagekomen": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {"evaluatie_op": {"invalid": DATUM_ONGELDIG}}

    def __init__(self, *args, kaderset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.als_niet_nagekomen.strip():
            self.initial["als_niet_nagekomen"] = voorstel_als_niet_nagekomen(kaderset, self.instance.wie_houdt_oog)


class ToelichtingVeld(forms.CharField):
    """Needed only with 'voldoet niet' (the form checks that), so it is not marked 'niet verplicht' either."""

    def __init__(self, **kwargs):
        super().__init__(required=True, **kwargs)

    def validate(self, value):
        pass


class ToetsForm(forms.Form):
    """The kadersteller's check: per kader 'voldoet' or 'voldoet niet', and why when it does not."""

    # A note is asked for only with 'voldoet niet': no browser-side 'required' on it.
    use_required_attribute = False
    plan_stand = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kaders, plan_stand, **kwargs):
        super().__init__(*args, **kwargs)
        self.kaders = kaders
        self.fields["plan_stand"].initial = plan_stand
        kies = _("Kies ‘voldoet’ of ‘voldoet niet’.")
        for kader in kaders:
            self.fields[self._oordeel(kader)] = forms.ChoiceField(
                label=_("Voldoet het plan aan dit kader?"),
                choices=[(VOLDOET, _("Voldoet")), (VOLDOET_NIET, _("Voldoet niet"))],
                widget=forms.RadioSelect,
                error_messages={"required": kies, "invalid_choice": kies},
            )
            self.fields[self._toelichting(kader)] = ToelichtingVeld(
                label=_("Toelichting"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Nodig bij ‘voldoet niet’: de kring leest hier wat er anders moet."),
            )

    @staticmethod
    def _oordeel(kader):
        return f"oordeel_{kader.uuid}"

    @staticmethod
    def _toelichting(kader):
        return f"toelichting_{kader.uuid}"

    def regels(self):
        """(kader, radio field, toelichting field) for the template."""
        return [(k, self[self._oordeel(k)], self[self._toelichting(k)]) for k in self.kaders]

    def clean(self):
        cleaned = super().clean()
        for kader in self.kaders:
            if cleaned.get(self._oordeel(kader)) == VOLDOET_NIET and not cleaned.get(self._toelichting(kader)):
                self.add_error(
                    self._toelichting(kader),
                    _("Schrijf op waarom het plan niet aan dit kader voldoet. De kring leest dit."),
                )
        return cleaned

    def oordelen(self):
        return [
            (k, self.cleaned_data[self._oordeel(k)] == VOLDOET, self.cleaned_data[self._toelichting(k)])
            for k in self.kaders
        ]

    def zie_veranderd(self, stand):
        """The plan changed since the page was opened: say so, and let the next submit go through."""
        self.data = self.data.copy()
        self.data["plan_stand"] = str(stand)
        self.add_error(None, forms.ValidationError(PLAN_GEWIJZIGD, code="stale"))
