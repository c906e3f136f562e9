"""Referral reads for the club's hosts (the report, its CSV and its pictures)
and the club totals everyone may see.

The measures, as the report page states them:

- **Given**: referrals created in the period.
- **Won** and **value closed**: referrals whose deal was won in the period
  (by `closed_at`), whenever they were given. Values are summed per currency
  and never added across currencies.
- **Conversion rate** = won / closed, over the referrals closed in the period
  (won, lost or not a fit). Referrals still open count neither way, so a
  quarter full of fresh referrals does not look like a bad quarter.
- **Time to first contact**: the median, over referrals given in the period
  that the receiver has contacted, of `first_contacted_at - created_at`. The
  median, because one referral left for two months would swamp a mean.
- **Visitors brought**: people a member's share link brought to register for
  one of the club's meetings in the period, and guests the member invited who
  came to one; each person once per member (`champions`).

Every figure is an aggregate in SQL: the number of queries stays the same
whatever the number of referrals, members or meetings.

The parts: `periods` (the filters placing rows in a `clubs.periods.Period`),
`money`, `people`, `summary`, `monthly`, `champions`, `asks`, `flows` (the
graph's input), `export` (CSV) and `report` (the whole report, and the club
totals). Import from the package: the names below are its interface.
"""

from clubs.periods import (
    PRESETS,
    Period,
    club_today,
    period_for,
    preset_dates,
)
from clubs.selectors.referral_reports.asks import (
    Ask,
    members_who_never_refer,
)
from clubs.selectors.referral_reports.champions import (
    MEASURES,
    Champion,
    champions_leaderboard,
    visitors_brought,
)
from clubs.selectors.referral_reports.export import (
    CSV_HEADER,
    club_referrals_for_export,
    referral_csv_rows,
)
from clubs.selectors.referral_reports.flows import (
    MAX_GRAPH_PEOPLE,
    Flow,
    graph_people,
    referral_flows,
)
from clubs.selectors.referral_reports.money import (
    Money,
    club_currencies,
    money_list,
    money_text,
)
from clubs.selectors.referral_reports.monthly import (
    MonthRow,
    referrals_by_month,
)
from clubs.selectors.referral_reports.people import (
    Person,
    people_named,
)
from clubs.selectors.referral_reports.report import (
    FLOWS_LISTED,
    ClubReferralTotals,
    ReferralReport,
    club_referral_report,
    club_referral_totals,
)
from clubs.selectors.referral_reports.summary import (
    ReferralSummary,
    referral_summary,
)

__all__ = [
    "CSV_HEADER",
    "FLOWS_LISTED",
    "MAX_GRAPH_PEOPLE",
    "MEASURES",
    "PRESETS",
    "Ask",
    "Champion",
    "ClubReferralTotals",
    "Flow",
    "Money",
    "MonthRow",
    "Period",
    "Person",
    "ReferralReport",
    "ReferralSummary",
    "champions_leaderboard",
    "club_currencies",
    "club_referral_report",
    "club_referral_totals",
    "club_referrals_for_export",
    "club_today",
    "graph_people",
    "members_who_never_refer",
    "money_list",
    "money_text",
    "people_named",
    "period_for",
    "preset_dates",
    "referral_csv_rows",
    "referral_flows",
    "referral_summary",
    "referrals_by_month",
    "visitors_brought",
]
