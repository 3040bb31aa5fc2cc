from django.apps import AppConfig


class AccountConfig(AppConfig):
    """Logging in and staying logged in: the login steps, two-step verification, the session, 'Mijn account'."""

    name = "account"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import bij_inloggen

        user_logged_in.connect(bij_inloggen, dispatch_uid="account.bij_inloggen")
