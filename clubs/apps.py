from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = "Clubs"

    def ready(self):
        checks.register(stripe_settings_check, checks.Tags.security)
        # Registers the Stripe webhook handlers (meetings', then dues') before
        # any event comes.
        from clubs import page_invalidation
        from clubs.services import (  # noqa: F401
            stripe_events,
            subscription_refunds,
            subscriptions,
        )

        guard_admin_forms()
        page_invalidation.connect()


GUARDED_APPS = ("clubs", "content", "masterminds")


def guard_admin_forms() -> None:
    """The forms Wagtail builds for our models (snippets, viewsets) start
    from the guarded base form, unless a model names its own or is a page."""
    from django.apps import apps
    from wagtail.models import Page

    from clubs.forms.admin import GuardedAdminModelForm

    for app_label in GUARDED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if issubclass(model, Page) or hasattr(model, "base_form_class"):
                continue
            model.base_form_class = GuardedAdminModelForm


def stripe_settings_check(app_configs, **kwargs):
    """With a secret key, paid places are held and confirmed only by Stripe's
    webhook: without its signing secret, nobody's payment would ever count."""
    if settings.STRIPE_SECRET_KEY and not settings.STRIPE_WEBHOOK_SECRET:
        return [
            checks.Error(
                "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not.",
                hint="Add the webhook endpoint in Stripe (README: Payments) and "
                "set its signing secret, or unset STRIPE_SECRET_KEY.",
                id="clubs.E001",
            )
        ]
    return []
