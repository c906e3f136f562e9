"""Stripe's webhook: outside the language prefixes, at one fixed address."""

from django.urls import path

from clubs.views import payments

urlpatterns = [
    path("payments/stripe/webhook/", payments.stripe_webhook, name="stripe_webhook"),
]
