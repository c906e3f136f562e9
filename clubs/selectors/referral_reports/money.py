"""Money in reports: summed per currency, never added across currencies."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from clubs.models import Club, Referral


@dataclass(frozen=True)
class Money:
    currency: str
    amount: Decimal

    def __str__(self):
        """ "12,500 USD": whole units, grouped as the language groups them,
        and a no-break space so the amount never leaves its currency."""
        whole = self.amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return f"{number_format(whole, 0, force_grouping=True)}\u00a0{self.currency}"


def money_text(money: list[Money]) -> str:
    """Amounts side by side, never added together; a dash for none. Built
    here rather than in a template loop: a leaderboard has a hundred rows."""
    return " · ".join(str(m) for m in money) or "—"


def money_list(totals: dict[str, Decimal]) -> list[Money]:
    """Per-currency totals, largest first; currencies with nothing are left out."""
    kept = [Money(c, a) for c, a in totals.items() if a]
    return sorted(kept, key=lambda m: (-m.amount, m.currency))


def club_currencies(club: Club) -> list[str]:
    """Every currency the club's closed business has been counted in: the
    leaderboard can rank by value in any one of them."""
    return list(
        Referral.objects.filter(club=club, status=Referral.Status.WON)
        .exclude(currency="")
        .order_by("currency")
        .values_list("currency", flat=True)
        .distinct()
    )
