"""Payments and refunds in the admin: read, filter and export.

Money moves only through the payment services (Stripe's webhook, the door
sheet, a host's refund on the meeting's payments page), so the admin never
adds, edits or deletes a payment or a refund. Hosts see those of the clubs
they host."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from clubs.models import Payment, Refund
from clubs.money import Money
from clubs.viewsets.exports import ExportIndexView
from clubs.viewsets.listing import (
    local_start_column,
    meeting_filterset,
    zoned_time_column,
)
from clubs.viewsets.registrations import MeetingRecordViewSet

TO_MEETING = "registration__occurrence__"
TO_MEETING_ZONE = "registration.occurrence."


def _amount(row) -> str:
    return str(Money(row.amount, row.currency))


class PaymentViewSet(MeetingRecordViewSet):
    model = Payment
    name = "payments"
    url_prefix = "clubs/payments"
    icon = "doc-full"
    menu_label = _("Payments")
    club_path = f"{TO_MEETING}series__club"
    index_view_class = ExportIndexView
    list_select_related = ("registration__occurrence__series__club",)
    ordering = "-created_at"
    list_display = [
        Column("name", label=_("Name"), accessor="registration.name"),
        Column("meeting", label=_("Meeting"), accessor="registration.occurrence"),
        local_start_column("registration.occurrence", sort_key=f"{TO_MEETING}start"),
        Column("amount", label=_("Amount"), accessor=_amount, sort_key="amount"),
        "method",
        "status",
        zoned_time_column(
            "paid_at", label=_("Paid"), zone=f"{TO_MEETING_ZONE}series.time_zone"
        ),
    ]
    inspect_view_fields = [
        "registration",
        "amount",
        "currency",
        "method",
        "status",
        "paid_at",
        "recorded_by",
        "stripe_checkout_session_id",
        "stripe_payment_intent_id",
        "created_at",
    ]
    filterset_class = meeting_filterset(
        Payment, to_occurrence=TO_MEETING, status_choices=Payment.Status.choices
    )
    search_fields = ["registration__name", "registration__email"]
    list_export = [
        "registration.occurrence.series.club.name",
        "registration.occurrence.series.title",
        "registration.occurrence.start",
        "registration.name",
        "registration.email",
        "amount",
        "currency",
        "get_method_display",
        "get_status_display",
        "paid_at",
        "stripe_payment_intent_id",
    ]
    export_headings = {
        "registration.occurrence.series.club.name": _("Club"),
        "registration.occurrence.series.title": _("Meeting"),
        "registration.occurrence.start": _("Starts (UTC)"),
        "registration.name": _("Name"),
        "registration.email": _("Email"),
        "amount": _("Amount (minor units)"),
        "get_method_display": _("Method"),
        "get_status_display": _("Status"),
        "stripe_payment_intent_id": _("Stripe payment"),
    }
    export_filename = "payments"


class RefundViewSet(MeetingRecordViewSet):
    model = Refund
    name = "refunds"
    url_prefix = "clubs/refunds"
    icon = "undo"
    menu_label = _("Refunds")
    club_path = f"payment__{TO_MEETING}series__club"
    index_view_class = ExportIndexView
    list_select_related = ("payment__registration__occurrence__series__club",)
    ordering = "-created_at"
    list_display = [
        Column("name", label=_("Name"), accessor="payment.registration.name"),
        Column(
            "meeting", label=_("Meeting"), accessor="payment.registration.occurrence"
        ),
        Column("amount", label=_("Amount"), accessor=_amount, sort_key="amount"),
        "reason",
        "status",
        zoned_time_column(
            "created_at",
            label=_("Requested"),
            zone=f"payment.{TO_MEETING_ZONE}series.time_zone",
        ),
    ]
    inspect_view_fields = [
        "payment",
        "amount",
        "currency",
        "reason",
        "status",
        "stripe_refund_id",
        "requested_by",
        "created_at",
        "updated_at",
    ]
    filterset_class = meeting_filterset(
        Refund,
        to_occurrence=f"payment__{TO_MEETING}",
        status_choices=Refund.Status.choices,
    )
    search_fields = ["payment__registration__name", "payment__registration__email"]
    list_export = [
        "payment.registration.occurrence.series.club.name",
        "payment.registration.occurrence.series.title",
        "payment.registration.name",
        "payment.registration.email",
        "amount",
        "currency",
        "get_reason_display",
        "get_status_display",
        "stripe_refund_id",
        "created_at",
    ]
    export_headings = {
        "payment.registration.occurrence.series.club.name": _("Club"),
        "payment.registration.occurrence.series.title": _("Meeting"),
        "payment.registration.name": _("Name"),
        "payment.registration.email": _("Email"),
        "amount": _("Amount (minor units)"),
        "get_reason_display": _("Reason"),
        "get_status_display": _("Status"),
        "stripe_refund_id": _("Stripe refund"),
    }
    export_filename = "refunds"
