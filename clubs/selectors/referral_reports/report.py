"""The hosts' whole report, and the club totals every member may see."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Sum

from clubs.models import Club, Referral
from clubs.periods import Period, club_today, period_for
from clubs.selectors.referral_reports.asks import (
    Ask,
    asks_named,
    meetings_without_referrals,
)
from clubs.selectors.referral_reports.champions import (
    Champion,
    champion_scores,
    champions_ranked,
)
from clubs.selectors.referral_reports.flows import (
    Flow,
    flow_counts,
    flows_named,
    people_in_flows,
)
from clubs.selectors.referral_reports.money import (
    Money,
    money_list,
)
from clubs.selectors.referral_reports.monthly import (
    MonthRow,
    referrals_by_month,
)
from clubs.selectors.referral_reports.people import people_named
from clubs.selectors.referral_reports.periods import given_in, won_in
from clubs.selectors.referral_reports.summary import (
    ReferralSummary,
    summary_of_months,
)

FLOWS_LISTED = 50  # the graph's table: the busiest pairs; the CSV has them all


@dataclass(frozen=True)
class ReferralReport:
    club: Club
    period: Period
    rank_by: str
    summary: ReferralSummary
    months: list[MonthRow]
    champions: list[Champion]
    never_refer: list[Ask]
    flows: list[Flow]

    @property
    def flows_listed(self) -> list[Flow]:
        return self.flows[:FLOWS_LISTED]

    @property
    def flows_not_listed(self) -> int:
        return max(len(self.flows) - FLOWS_LISTED, 0)

    @cached_property  # read on every row of the leaderboard
    def shows_visitors(self) -> bool:
        """The visitors column shows only when there is something to show."""
        return self.rank_by == "visitors" or any(c.visitors for c in self.champions)


def club_referral_report(
    *, club: Club, period: Period, rank_by: str, currencies: list[str]
) -> ReferralReport:
    """Every part of the report; the people its parts name are read once."""
    months = referrals_by_month(club=club, period=period)
    scores = champion_scores(club=club, period=period, currencies=currencies)
    asks = meetings_without_referrals(club=club, period=period)
    pairs = flow_counts(club=club, period=period)
    names = people_named({*scores, *(pk for pk, _ in asks), *people_in_flows(pairs)})
    return ReferralReport(
        club=club,
        period=period,
        rank_by=rank_by,
        summary=summary_of_months(months, club=club, period=period),
        months=months,
        champions=champions_ranked(
            scores, names=names, rank_by=rank_by, currencies=currencies
        ),
        never_refer=asks_named(asks, names=names),
        flows=flows_named(pairs, names=names),
    )


@dataclass(frozen=True)
class ClubReferralTotals:
    year: int
    given: int
    won: int
    value_closed: list[Money]


def club_referral_totals(club: Club) -> ClubReferralTotals:
    """This calendar year in the club's time zone: referrals given, deals won
    and business closed per currency. Aggregates only, never a referral: any
    member may see these (DOMAIN.md, privacy). One query."""
    today = club_today(club)
    period = period_for(club, start=today.replace(month=1, day=1), end=today)
    rows = (
        Referral.objects.filter(given_in(period) | won_in(period), club=club)
        .order_by()
        .values("currency")
        .annotate(
            given=Count("pk", filter=given_in(period)),
            won=Count("pk", filter=won_in(period)),
            value=Sum("value", filter=won_in(period)),
        )
    )
    rows = list(rows)
    return ClubReferralTotals(
        year=today.year,
        given=sum(r["given"] for r in rows),
        won=sum(r["won"] for r in rows),
        value_closed=money_list(
            {r["currency"]: r["value"] for r in rows if r["value"]}
        ),
    )
