from django.apps import AppConfig


class MastermindsConfig(AppConfig):
    name = "masterminds"
    verbose_name = "Masterminds"
