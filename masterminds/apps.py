from django.apps import AppConfig


class MastermindsConfig(AppConfig):
    name = "masterminds"
    verbose_name = "Masterminds"

    def ready(self):
        # Registers with clubs' registries (clubs never imports masterminds):
        # the seats' Stripe webhook handlers, before any event comes; the
        # member's mastermind sections of the file of their data; and the
        # step that runs when a person's account is deleted.
        from masterminds.selectors import personal_data  # noqa: F401
        from masterminds.services import (  # noqa: F401
            erasure,
            subscriptions,
        )
