from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the app (6 digits) or a recovery code; whether it fits is up to the view."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off", "spellcheck": "false"}),
        error_messages={"required": _("Vul de code in."), "max_length": _("Deze code is te lang. Een code heeft 6 cijfers, een herstelcode 8 tekens.")},
    )


class AppCodeForm(forms.Form):
    """The first code of an app that is being linked: only 6 digits will do."""

    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=20,
        help_text=_("6 cijfers. De code verandert elke 30 seconden."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Vul de code uit de app in."), "max_length": _("Een code uit de app heeft 6 cijfers.")},
    )
