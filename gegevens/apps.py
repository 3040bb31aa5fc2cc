from django.apps import AppConfig


class GegevensConfig(AppConfig):
    name = "gegevens"
    verbose_name = "Gegevens: inzage, bewaartermijn en wissen"
