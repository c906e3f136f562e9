"""A site that takes money online must be able to hear Stripe confirm it."""

from clubs.apps import stripe_settings_check


def test_a_secret_key_without_a_webhook_secret_fails_the_checks(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = ""

    assert [error.id for error in stripe_settings_check(None)] == ["clubs.E001"]


def test_both_or_neither_pass(settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "", ""
    assert stripe_settings_check(None) == []
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_x"
    assert stripe_settings_check(None) == []
