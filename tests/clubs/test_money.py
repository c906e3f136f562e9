"""Money is formatted by Babel in the active language, with each currency's
own minor-unit digits."""

from decimal import Decimal

import pytest
from django.utils import translation

from clubs.money import Money


@pytest.mark.parametrize(
    ("language", "money", "shown"),
    [
        ("en", Money(1250, "USD"), "$12.50"),
        ("en", Money(1250, "EUR"), "€12.50"),
        ("en", Money(1200, "JPY"), "¥1,200"),
        ("es", Money(1250, "EUR"), "12,50\xa0€"),
        ("es", Money(1250, "USD"), "12,50\xa0US$"),
        ("es", Money(1200, "JPY"), "1.200\xa0JPY"),
    ],
)
def test_money_is_written_the_way_each_language_writes_it(language, money, shown):
    with translation.override(language):
        assert str(money) == shown


def test_the_decimal_has_the_currencys_own_digits():
    assert Money(1250, "USD").as_decimal() == Decimal("12.50")
    assert str(Money(1500, "EUR").as_decimal()) == "15.00"
    assert str(Money(1200, "JPY").as_decimal()) == "1200"


def test_typed_amounts_become_minor_units_and_refuse_extra_digits():
    assert Money.from_decimal(Decimal("12.5"), "USD") == Money(1250, "USD")
    assert Money.from_decimal(Decimal("1200"), "JPY") == Money(1200, "JPY")
    with pytest.raises(ValueError):
        Money.from_decimal(Decimal("12.505"), "USD")
    with pytest.raises(ValueError):
        Money.from_decimal(Decimal("12.5"), "JPY")
