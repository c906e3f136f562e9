"""Paying club dues, and the way to Stripe's customer portal."""

from django.urls import path

from clubs.views import subscriptions

urlpatterns = [
    path("clubs/<slug:slug>/dues/", subscriptions.club_dues_pay, name="club_dues_pay"),
    path("clubs/<slug:slug>/billing/", subscriptions.club_billing, name="club_billing"),
]
