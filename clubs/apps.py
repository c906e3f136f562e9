from django.apps import AppConfig


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = "Clubs"

    def ready(self):
        # Registers the dues' Stripe webhook handlers before any event comes.
        from clubs.services import subscriptions  # noqa: F401
