import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone. Pick one such as America/Chicago."),
            params={"value": value},
            code="invalid_time_zone",
        )


validate_phone = RegexValidator(
    r"^\+?[0-9 ().\-]{6,24}(\s*(x|ext\.?)\s*[0-9]{1,6})?$",
    _("Enter a phone number with digits, spaces, +, -, ( ) and an optional “ext”."),
    code="invalid_phone",
)


def validate_photo_size(photo) -> None:
    limit_mb = 5
    if photo.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The photo is larger than %(limit)s MB. Please upload a smaller one."),
            params={"limit": limit_mb},
            code="photo_too_large",
        )


@cache
def currency_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def validate_currency(value: str) -> None:
    if value not in currency_codes():
        raise ValidationError(
            _("“%(value)s” is not a currency code. Use one such as USD or EUR."),
            params={"value": value},
            code="invalid_currency",
        )
