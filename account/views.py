"""Logging in (password, then a code), setting up two-step verification, and 'Mijn account'."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from nieuwe_route.auth import LoginForm

from . import tweestaps
from .forms import AppCodeForm, CodeForm
from .middleware import tweestaps_verplicht

# The password was right, the code is still to come: {"user": pk, "backend": path, "tijd": seconds}.
WACHT = "_tweestaps_wacht"
WACHT_SECONDEN = 5 * 60
# The secret of the app being linked, until its first code fits.
SLEUTEL = "_tweestaps_sleutel"
# New recovery codes, until the page that shows them (once).
TONEN = "_herstelcodes_tonen"
# Below this many recovery codes left, the login says so.
WEINIG_HERSTELCODES = 3


def _volgende(request):
    """The page to go on to afterwards, if it is a page of this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return ""


def _met_volgende(url, volgende):
    return f"{url}?{urlencode({'next': volgende})}" if volgende else url


class Inloggen(auth_views.LoginView):
    """Step one: email address and password. Who has an app (or recovery codes) gives a code in step two."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        volgende = self.get_redirect_url()
        if tweestaps.kan_code_geven(user):
            # Not logged in yet: only the code makes this a login. A new session key for the half-way state.
            self.request.session.cycle_key()
            self.request.session[WACHT] = {"user": user.pk, "backend": user.backend, "tijd": int(time.time())}
            return redirect(_met_volgende(reverse("login_code"), volgende))
        auth_login(self.request, user)
        if tweestaps_verplicht(self.request):
            return redirect(_met_volgende(reverse("account:instellen"), volgende))
        return HttpResponseRedirect(volgende or resolve_url(settings.LOGIN_REDIRECT_URL))


def _wachtende(request):
    """The user whose password was right a moment ago, or None (also when that was too long ago)."""
    wacht = request.session.get(WACHT)
    if not isinstance(wacht, dict):
        return None
    if int(time.time()) - wacht.get("tijd", 0) > WACHT_SECONDEN:
        del request.session[WACHT]
        messages.info(request, _("Dat duurde te lang. Vul uw e-mailadres en wachtwoord opnieuw in."))
        return None
    return get_user_model().objects.filter(pk=wacht.get("user"), is_active=True).first()


@never_cache
def login_code(request):
    """Step two: the code from the app, or a recovery code."""
    user = _wachtende(request)
    if user is None:
        return redirect("login")
    volgende = _volgende(request)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device, fout = tweestaps.controleer(user, form.cleaned_data["code"])
        if device is not None:
            backend = request.session.pop(WACHT)["backend"]
            auth_login(request, user, backend=backend)
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                _herstelcode_gebruikt(request, user)
            return HttpResponseRedirect(volgende or resolve_url(settings.LOGIN_REDIRECT_URL))
        form.add_error("code", fout)
    return render(request, "registration/login_code.html", {"form": form, "next": volgende})


def _herstelcode_gebruikt(request, user):
    over = tweestaps.herstelcodes_over(user)
    bericht = ngettext(
        "U bent ingelogd met een herstelcode. Die code werkt nu niet meer. U hebt nog %(aantal)s herstelcode.",
        "U bent ingelogd met een herstelcode. Die code werkt nu niet meer. U hebt nog %(aantal)s herstelcodes.",
        over,
    ) % {"aantal": over}
    if over <= WEINIG_HERSTELCODES:
        bericht += " " + _("Maak nieuwe herstelcodes bij ‘Mijn account’.")
    messages.warning(request, bericht)


def geblokkeerd(request, response=None, credentials=None, *args, **kwargs):
    """django-axes' lock-out, as the login page with a message instead of a bare error page."""
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    minuten = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"form": form, "geblokkeerd": minuten, "next": _volgende(request)}
    return render(request, "registration/login.html", context, status=429)


@login_required
@require_safe
def mijn_account(request):
    return _account(request)


def _account(request, herstel_form=None, uitzetten_form=None):
    user = request.user
    app = tweestaps.app_van(user)
    context = {
        "app": app,
        "herstelcodes_over": tweestaps.herstelcodes_over(user) if app else 0,
        "redenen": user.tweestaps_redenen(),
        "lidmaatschappen": list(user.lidmaatschappen.select_related("organisatie").order_by("organisatie__naam")),
        "herstel_form": herstel_form or CodeForm(prefix="herstel"),
        "uitzetten_form": uitzetten_form or CodeForm(prefix="uitzetten"),
    }
    return render(request, "account/mijn_account.html", context)


@login_required
@never_cache
def instellen(request):
    """Link an authenticator app: scan the QR code, type the first code. Also to move to another phone."""
    user = request.user
    heeft_al = tweestaps.heeft_tweestaps(user)
    if heeft_al and not user.is_verified():
        # This session only knows the password: it may not replace the app.
        messages.error(request, _("Log opnieuw in met uw code om een andere telefoon in te stellen."))
        return redirect("account:mijn_account")
    sleutel = request.session.get(SLEUTEL)
    if not sleutel:
        sleutel = request.session[SLEUTEL] = tweestaps.nieuwe_sleutel()
    volgende = _volgende(request)
    form = AppCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device, codes = tweestaps.koppel_app(user, sleutel, form.cleaned_data["code"])
        if device is not None:
            del request.session[SLEUTEL]
            request.session.cycle_key()
            otp_login(request, device)
            request.session[TONEN] = codes
            messages.success(
                request, _("Tweestapsverificatie staat aan. Vanaf nu logt u in met uw wachtwoord en een code uit de app.")
            )
            return redirect(_met_volgende(reverse("account:herstelcodes"), volgende))
        form.add_error(
            "code",
            _("Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien. Klopt het nog niet, kijk dan of de tijd op uw telefoon goed staat."),
        )
    nieuw = tweestaps.nog_te_koppelen(user, sleutel)
    context = {
        "form": form,
        "qr": tweestaps.qr_svg(nieuw, _("QR-code om Nieuwe Route toe te voegen aan uw authenticator-app")),
        "sleutel": tweestaps.sleutel_in_letters(nieuw),
        "moet_eerst": not user.is_verified() and tweestaps_verplicht(request),
        "heeft_al": heeft_al,
        "next": volgende,
    }
    return render(request, "account/instellen.html", context)


@login_required
@require_safe
@never_cache
def herstelcodes(request):
    """The new recovery codes, shown once: reloading the page shows them no more."""
    codes = request.session.pop(TONEN, None)
    if not codes:
        return redirect("account:mijn_account")
    context = {
        "codes": [tweestaps.toon(c) for c in codes],
        "verder": _volgende(request) or resolve_url(settings.LOGIN_REDIRECT_URL),
    }
    return render(request, "account/herstelcodes.html", context)


@login_required
@require_POST
def nieuwe_herstelcodes(request):
    user = request.user
    if not tweestaps.heeft_tweestaps(user):
        messages.info(request, _("Stel eerst tweestapsverificatie in. Dan krijgt u ook herstelcodes."))
        return redirect("account:mijn_account")
    form = CodeForm(request.POST, prefix="herstel")
    if form.is_valid():
        device, fout = tweestaps.controleer(user, form.cleaned_data["code"])
        if device is not None:
            request.session[TONEN] = tweestaps.nieuwe_herstelcodes(user)
            return redirect(_met_volgende(reverse("account:herstelcodes"), reverse("account:mijn_account")))
        form.add_error("code", fout)
    return _account(request, herstel_form=form)


@login_required
@require_POST
def uitzetten(request):
    """Back to the password alone: only for who is not required to use two steps, and with a code."""
    user = request.user
    if user.tweestaps_redenen():
        messages.error(request, _("U kunt tweestapsverificatie niet uitzetten: voor u is het verplicht."))
        return redirect("account:mijn_account")
    if not tweestaps.heeft_tweestaps(user):
        messages.info(request, _("Tweestapsverificatie stond al uit."))
        return redirect("account:mijn_account")
    form = CodeForm(request.POST, prefix="uitzetten")
    if form.is_valid():
        device, fout = tweestaps.controleer(user, form.cleaned_data["code"])
        if device is not None:
            tweestaps.uitzetten(user)
            messages.success(request, _("Tweestapsverificatie staat uit. U logt nu in met alleen uw wachtwoord."))
            return redirect("account:mijn_account")
        form.add_error("code", fout)
    return _account(request, uitzetten_form=form)
