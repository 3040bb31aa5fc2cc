from django.apps import AppConfig
from django.db.models.signals import post_save


class KadersConfig(AppConfig):
    name = "kaders"

    def ready(self):
        from kwesties.models import Traject

        post_save.connect(maak_kaderset, sender=Traject, dispatch_uid="kaders.maak_kaderset")


def maak_kaderset(sender, instance, created, raw=False, **kwargs):
    """Every traject has one kaderset, from its first moment (kwesties does not know kaders)."""
    if created and not raw:
        from .models import KaderSet

        KaderSet.objects.get_or_create(traject=instance)
