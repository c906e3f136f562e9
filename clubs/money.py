"""Money: an amount in a currency's minor units, formatted by Babel.

Prices are stored as integers of the currency's smallest unit (cents for USD,
yen for JPY), so no float ever rounds a price. Formatting goes through Babel
in the active Django language, so "12,50 €" and "$12.50" each come out the
way their readers write them. (Referral reports sum Decimals of closed
business instead: clubs/selectors/referral_reports/money.py.)
"""

from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision
from django.utils import translation


def _babel_locale(language: str | None) -> Locale:
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass(frozen=True)
class Money:
    amount: int  # minor units: cents for USD, yen for JPY
    currency: str  # ISO 4217, e.g. "USD"

    @classmethod
    def from_decimal(cls, value: Decimal, currency: str) -> "Money":
        """`value` in major units ("12.50"); refuses more digits than the
        currency has."""
        digits = get_currency_precision(currency)
        minor = Decimal(value).scaleb(digits)
        if minor != minor.to_integral_value():
            raise ValueError(f"{value} has more than {digits} decimal places")
        return cls(int(minor), currency)

    def as_decimal(self) -> Decimal:
        """The amount in major units with the currency's own digits: 12.50, 1200."""
        digits = get_currency_precision(self.currency)
        return Decimal(self.amount).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))

    def format(self, language: str | None = None) -> str:
        locale = _babel_locale(language or translation.get_language())
        return format_currency(self.as_decimal(), self.currency, locale=locale)

    def __str__(self) -> str:
        return self.format()
