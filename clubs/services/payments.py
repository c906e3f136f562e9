"""Writes about what things cost. Prices are set in the admin; checkout,
payments and refunds through Stripe come later (issue 12)."""

from django.db import transaction

from clubs.models import Occurrence
from clubs.services.locks import occurrence_lock


def occurrence_set_prices(
    *, occurrence: Occurrence, member_price: int | None, guest_price: int | None
) -> Occurrence:
    """This date's own prices in its series' currency (None: the series').
    Calendars carry no price, so SEQUENCE stays and nobody is emailed."""
    with transaction.atomic():
        occurrence = occurrence_lock(occurrence)
        occurrence.member_price = member_price
        occurrence.guest_price = guest_price
        occurrence.full_clean(exclude=["series"])
        occurrence.save(update_fields=["member_price", "guest_price", "updated_at"])
    return occurrence
