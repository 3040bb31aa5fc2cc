"""The answer in a consent round, given on someone's own phone: plain words (B1), one question at a time."""

from django import forms
from django.utils.translation import gettext_lazy as _

from besluitvorming import consent
from besluitvorming.forms import BasisReactieForm

TE_LANG = _("Dit is te lang. Gebruik hoogstens %(limit_value)d tekens.")


class AlsNodigVeld(forms.CharField):
    """Needed with one answer only: not labelled "niet verplicht", checked in the form's clean() instead."""

    def validate(self, value):
        pass


def _tekstveld(label, help_text=""):
    return AlsNodigVeld(
        label=label,
        help_text=help_text,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TE_LANG},
    )


class AntwoordForm(BasisReactieForm):
    """Geen bezwaar, zorg (with what to watch) or bezwaar (with why and what must be added); the engine checks again."""

    # The fields belonging to the other answers are hidden, not optional: no browser checks either.
    use_required_attribute = False

    KEUZES = [
        (consent.GEEN_BEZWAAR, _("Geen bezwaar")),
        (consent.ZORG, _("Zorg")),
        (consent.BEZWAAR, _("Bezwaar")),
    ]
    UITLEG = {
        consent.GEEN_BEZWAAR: _("Ik kan hiermee leven en help mee."),
        consent.ZORG: _("Ik doe mee, maar let op: …"),
        consent.BEZWAAR: _("Dit is niet goed of niet veilig genoeg."),
    }

    antwoord = forms.ChoiceField(
        label=_("Wat is jouw antwoord?"),
        choices=KEUZES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een antwoord."), "invalid_choice": _("Kies een van de drie antwoorden.")},
    )
    aandachtspunt = _tekstveld(_("Waar moeten we op letten?"), _("Je zorg wordt een aandachtspunt in het plan."))
    reden = _tekstveld(_("Waarom is het niet goed of niet veilig genoeg?"))
    wat_erbij = _tekstveld(_("Wat moet erbij?"), _("Wat moet er anders of bij, zodat je wel mee kunt gaan?"))

    MELDINGEN = {
        "aandachtspunt": _("Schrijf op waar we op moeten letten."),
        "reden": _("Schrijf op waarom je bezwaar hebt."),
        "wat_erbij": _("Schrijf op wat erbij moet."),
    }

    def keuzes(self):
        """The radio buttons with their plain-language explanation, for the template."""
        return [(radio, self.UITLEG[radio.data["value"]]) for radio in self["antwoord"]]
