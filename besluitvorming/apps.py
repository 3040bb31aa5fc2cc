from django.apps import AppConfig


class BesluitvormingConfig(AppConfig):
    name = "besluitvorming"
