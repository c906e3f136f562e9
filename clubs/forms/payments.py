"""Prices as hosts type them: "12.50" in a currency, stored as minor units.

`AmountField` reads a decimal amount; `amounts_to_minor_units` (called from a
form's `clean`) turns the amounts into integers of the currency's smallest
unit, with a message beside each field that cannot be, so bad input is a
form error and never a 500.
"""

from decimal import Decimal

from babel.numbers import get_currency_precision
from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.money import Money
from clubs.validators import currency_codes

# Below PositiveIntegerField's ceiling for every currency's minor units.
LARGEST_AMOUNT = Decimal(1_000_000)


class AmountField(forms.DecimalField):
    """An optional amount of money in major units ("12.50"); empty is free."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("For example 12.50. Empty: free."))
        super().__init__(
            min_value=Decimal(0),
            max_value=LARGEST_AMOUNT,
            max_digits=12,
            decimal_places=3,
            **kwargs,
        )


class CurrencyField(forms.CharField):
    """A three-letter ISO 4217 code, read in any case."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Three letters, e.g. USD or EUR."))
        super().__init__(min_length=3, max_length=3, **kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().upper()

    def validate(self, value):
        super().validate(value)
        if value and value not in currency_codes():
            raise forms.ValidationError(
                _("“%(value)s” is not a currency code. Use one such as USD or EUR."),
                params={"value": value},
                code="invalid_currency",
            )


def amounts_initial(amounts: dict[str, int | None], currency: str) -> dict:
    """Stored minor units shown as the decimal amounts a host types."""
    return {
        name: None if amount is None else Money(amount, currency).as_decimal()
        for name, amount in amounts.items()
    }


def amounts_to_minor_units(
    form: forms.Form, names: list[str], currency: str, *, currency_field=None
) -> None:
    """Replace each typed amount in `form.cleaned_data` by its minor units.
    Without a currency the error goes beside `currency_field`, or beside the
    amount when the form has no currency of its own (a meeting's is its
    series')."""
    data = form.cleaned_data
    for name in names:
        value = data.get(name)
        if value is None:
            continue
        if not currency and currency_field:
            form.add_error(currency_field, _("Say which currency the price is in."))
            return
        if not currency:
            form.add_error(name, _("Give the series a currency first."))
            continue
        try:
            data[name] = Money.from_decimal(value, currency).amount
        except ValueError:
            form.add_error(name, _too_precise(currency))


def _too_precise(currency: str) -> str:
    digits = get_currency_precision(currency)
    if digits == 0:
        return _("%(currency)s amounts have no cents: write a whole number.") % {
            "currency": currency
        }
    return _("%(currency)s amounts have at most %(digits)s decimal places.") % {
        "currency": currency,
        "digits": digits,
    }
