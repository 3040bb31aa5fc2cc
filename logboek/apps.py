from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogboekConfig(AppConfig):
    name = "logboek"
    verbose_name = _("Logboek")
