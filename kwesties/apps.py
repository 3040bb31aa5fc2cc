from django.apps import AppConfig


class KwestiesConfig(AppConfig):
    name = "kwesties"
