from django.urls import path

from clubs.urls import converters  # noqa: F401  (registers <token:>)
from clubs.views import payment_records

urlpatterns = [
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/payments/",
        payment_records.occurrence_payments,
        name="occurrence_payments",
    ),
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/payments.csv",
        payment_records.occurrence_payments_csv,
        name="occurrence_payments_csv",
    ),
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/payments/<int:payment_pk>/refund/",
        payment_records.payment_refund,
        name="payment_refund",
    ),
    path(
        "clubs/<slug:slug>/payments/",
        payment_records.club_payments,
        name="club_payments",
    ),
    path(
        "clubs/<slug:slug>/payments.csv",
        payment_records.club_payments_csv,
        name="club_payments_csv",
    ),
    path("accounts/payments/", payment_records.my_payments, name="my_payments"),
    path(
        "accounts/payments/<int:pk>/",
        payment_records.my_payment_receipt,
        name="my_payment_receipt",
    ),
    path(
        "registrations/<token:token>/receipt/",
        payment_records.registration_receipt,
        name="registration_receipt",
    ),
]
