from django.apps import AppConfig


class MastermindsConfig(AppConfig):
    name = "masterminds"
    verbose_name = "Masterminds"

    def ready(self):
        # Registers the seats' Stripe webhook handlers with clubs' registry
        # (clubs never imports masterminds), before any event comes.
        from masterminds.services import subscriptions  # noqa: F401
