from django.apps import AppConfig


class VoorbereidingConfig(AppConfig):
    name = "voorbereiding"
    verbose_name = "Voorbereidende gesprekken"
