from django.apps import AppConfig


class MastermindsConfig(AppConfig):
    name = "masterminds"
    verbose_name = "Masterminds"

    def ready(self):
        # Registers the seats' Stripe webhook handlers with clubs' registry
        # (clubs never imports masterminds), before any event comes.
        # Its step when a person's account is deleted, with clubs' registry.
        from masterminds.services import (
            erasure,  # noqa: F401
            subscriptions,  # noqa: F401
        )
