import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwesties.models import Traject
from organisaties.models import User

from .models import Toegang

# Not a member: every use of a personal link or a phone in the room.
KRING = "kring"
VROEGST = datetime.date(2000, 1, 1)
LAATST = datetime.date(2999, 12, 31)


def _datumveld(label):
    # A text field, not type=date: a browser empties a date field it cannot read, and what was typed would be lost.
    return forms.DateField(
        label=label,
        required=False,
        help_text=_("Bijvoorbeeld 31-12-2026"),
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"autocomplete": "off", "size": 10}),
        error_messages={"invalid": _("Deze datum klopt niet. Schrijf hem als dag-maand-jaar.")},
    )


class LogboekFilter(forms.Form):
    """The beheerder's filter over the organisation's log: a period, who, and part of a traject's name."""

    van = _datumveld(_("Van"))
    tot = _datumveld(_("Tot en met"))
    wie = forms.ChoiceField(
        label=_("Wie"),
        required=False,
        error_messages={"invalid_choice": _("Kies iemand uit de lijst.")},
    )
    traject = forms.CharField(
        label=_("Traject"),
        required=False,
        max_length=60,
        help_text=_("Een deel van de naam is genoeg."),
        error_messages={"max_length": _("Gebruik hoogstens %(limit_value)d tekens.")},
    )

    def __init__(self, data, organisatie):
        super().__init__(data)
        self.organisatie = organisatie
        # The members of now: someone who left is still in the log, found by period or traject.
        self.leden = {
            str(u.uuid): u
            for u in User.objects.filter(lidmaatschappen__organisatie=organisatie).only("id", "uuid", "naam").order_by("naam", "id")
        }
        self.fields["wie"].choices = [
            ("", _("Iedereen")),
            (KRING, _("Persoonlijke links en telefoons")),
            *((uuid, u.naam) for uuid, u in self.leden.items()),
        ]

    def _datum(self, naam):
        datum = self.cleaned_data.get(naam)
        if datum is not None and not VROEGST <= datum <= LAATST:
            raise forms.ValidationError(_("Vul een datum in tussen het jaar 2000 en 3000."), code="bereik")
        return datum

    def clean_van(self):
        return self._datum("van")

    def clean_tot(self):
        return self._datum("tot")

    def clean_traject(self):
        # A NUL cannot be typed, and PostgreSQL refuses it in a query: dropped, not a 500.
        return self.cleaned_data["traject"].replace("\x00", "").strip()

    def clean(self):
        van, tot = self.cleaned_data.get("van"), self.cleaned_data.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", _("Deze datum ligt voor de datum bij ‘Van’. Kies een latere datum."))
        return self.cleaned_data

    def filter(self, regels):
        """The entries that pass the filter (call after is_valid)."""
        c = self.cleaned_data
        if c["van"]:
            regels = regels.filter(op__gte=_middernacht(c["van"]))
        if c["tot"]:
            regels = regels.filter(op__lt=_middernacht(c["tot"] + datetime.timedelta(days=1)))
        if c["wie"] == KRING:
            regels = regels.filter(~Q(via=Toegang.Via.ACCOUNT))
        elif c["wie"]:
            regels = regels.filter(gebruiker_id=self.leden[c["wie"]].pk)
        if c["traject"]:
            labels = Traject.objects.filter(organisatie=self.organisatie, label__icontains=c["traject"])
            regels = regels.filter(traject_uuid__in=labels.values("uuid"))
        return regels

    def beschrijving(self):
        """The filter in words, in Dutch, for the log's own entry (what was looked at or exported)."""
        c = self.cleaned_data
        delen = []
        if c["van"]:
            delen.append(f"van {c['van']:%d-%m-%Y}")
        if c["tot"]:
            delen.append(f"tot en met {c['tot']:%d-%m-%Y}")
        if c["wie"] == KRING:
            delen.append("persoonlijke links en telefoons")
        elif c["wie"]:
            delen.append(self.leden[c["wie"]].naam)
        if c["traject"]:
            delen.append(f"traject “{c['traject']}”")
        return ", ".join(delen)


def _middernacht(datum):
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min))
