"""The hosts' referral report, its CSV and its graph.

Every page here answers 404, not 403, to people who don't host the club, so
the URLs don't confirm which clubs exist or what they hold. The period and
the leaderboard's measure come from a GET form, so a report can be
bookmarked and shared between hosts.
"""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clubs import charts, dates
from clubs.forms.periods import ReportPeriodForm
from clubs.models import Club
from clubs.paging import paged
from clubs.selectors import referral_reports as reports
from clubs.selectors.clubs import hosted_club_or_404
from clubs.selectors.referrals import stale_referral_lines
from clubs.views.periods import report_csv, report_page, report_period

STALE_SHOWN = 10
# The report opens on this quarter, and offers the other named periods too.
PERIODS = {"default": "this_quarter", "presets": reports.PRESETS}
GIVEN, WON, ATTENDED = "#0b6e4f", "#f5b700", "#9aa3b2"


class ReferralReportForm(ReportPeriodForm):
    """The period, and the measure the champions are ranked by."""

    rank = forms.ChoiceField(label=gettext_lazy("Rank champions by"), required=False)

    def __init__(self, data=None, *, club: Club, currencies: list[str], **period):
        super().__init__(data, club=club, **period)
        self.fields["rank"].choices = rank_choices(currencies)
        self.initial["rank"] = "given"

    def rank_by(self) -> str:
        valid = self.is_bound and self.is_valid()
        return (self.cleaned_data["rank"] if valid else "") or "given"


def rank_choices(currencies: list[str]) -> list[tuple[str, str]]:
    """Value closed is ranked one currency at a time: dollars and euros are
    never added together."""
    values = [(f"value:{c}", _("Value closed (%s)") % c) for c in currencies]
    return [
        ("given", _("Referrals given")),
        ("won", _("Referrals won")),
        *values,
        ("visitors", _("Visitors brought")),
    ]


@login_required
def club_referrals_report(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    form, report = _report(request, club)
    stale = list(stale_referral_lines(club)[: STALE_SHOWN + 1])
    context = {
        "club": club,
        "form": form,
        "report": report,
        # Ranked over everyone, shown a page at a time (the CSV has them all).
        "champions": paged(
            report.champions, query=request.GET, param="champions", anchor="champions"
        ),
        "asks": paged(
            report.never_refer, query=request.GET, param="asks", anchor="ask"
        ),
        "graph_svg": _inline(_graph(report)),
        "months_svg": _inline(_months_chart(report)),
        "stale": stale[:STALE_SHOWN],
        "more_stale": len(stale) > STALE_SHOWN,
        "query": request.GET.urlencode(),
    }
    return report_page(request, "clubs/referral_reports/club_report.html", context)


@login_required
def club_referrals_csv(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    return report_csv(request, club=club, name="referrals", rows=_csv_rows, **PERIODS)


def _csv_rows(club: Club, period: reports.Period):
    referrals = reports.club_referrals_for_export(club=club, period=period)
    return reports.referral_csv_rows(referrals, zone=period.zone)


@login_required
def club_referrals_graph(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    _form, period = report_period(request, club=club, **PERIODS)
    flows = reports.referral_flows(club=club, period=period)
    svg = _flow_graph(club, period, flows)
    response = HttpResponse(
        charts.to_markup(svg, document=True), content_type="image/svg+xml"
    )
    response["Content-Disposition"] = (
        f'inline; filename="referrals-{club.slug}-{period.start}-to-{period.end}.svg"'
    )
    return response


def _report(request, club: Club):
    currencies = reports.club_currencies(club)
    form, period = report_period(
        request,
        club=club,
        form_class=ReferralReportForm,
        currencies=currencies,
        **PERIODS,
    )
    report = reports.club_referral_report(
        club=club,
        period=period,
        rank_by=form.rank_by(),
        currencies=currencies,
    )
    return form, report


# --- Pictures -----------------------------------------------------------------


def _inline(svg) -> str:
    # ElementTree escaped every name typed by a member: the markup is safe.
    return mark_safe(charts.to_markup(svg))  # noqa: S308


def _graph(report: reports.ReferralReport):
    return _flow_graph(report.club, report.period, report.flows)


def _flow_graph(club: Club, period: reports.Period, flows: list[reports.Flow]):
    people = reports.graph_people(flows)
    drawn = {p.pk for p in people}
    nodes = [
        charts.Node(p.pk, charts.short_name(p.first_name, p.last_name, p.email))
        for p in people
    ]
    edges = [
        charts.Edge(
            f.giver.pk,
            f.receiver.pk,
            f.count,
            _("%(giver)s → %(receiver)s: %(count)s")
            % {"giver": f.giver, "receiver": f.receiver, "count": f.count},
        )
        for f in flows
        if f.giver.pk in drawn and f.receiver.pk in drawn
    ]
    return charts.flow_graph(
        nodes=nodes,
        edges=edges,
        title=_("Who refers whom in %(club)s, %(period)s")
        % {"club": club.name, "period": _period_words(period)},
        description=_graph_description(flows, people),
    )


def _graph_description(flows, people) -> str:
    if not flows:
        return _("No referrals between members in this period.")
    total = sum(f.count for f in flows)
    top = flows[0]
    words = _(
        "%(total)s referrals between %(people)s members. Arrows point from "
        "the giver to the receiver and are thicker for more referrals. "
        "The most: %(giver)s to %(receiver)s, %(count)s."
    ) % {
        "total": total,
        "people": len(people),
        "giver": top.giver,
        "receiver": top.receiver,
        "count": top.count,
    }
    everyone = {p.pk for f in flows for p in (f.giver, f.receiver)}
    if len(everyone) > len(people):
        words += " " + _(
            "%(left)s people with fewer referrals are left out; "
            "the table lists everyone."
        ) % {"left": len(everyone) - len(people)}
    return words


def _months_chart(report: reports.ReferralReport):
    months = report.months
    categories = [_month_label(row.month, i) for i, row in enumerate(months)]
    series = [
        charts.Series(_("Came to meetings"), ATTENDED, [m.attended for m in months]),
        charts.Series(_("Referrals given"), GIVEN, [m.given for m in months]),
        charts.Series(_("Won"), WON, [m.won for m in months]),
    ]
    return charts.grouped_bar_chart(
        categories=categories,
        series=series,
        title=_("Referrals and attendance by month, %(period)s")
        % {"period": _period_words(report.period)},
        description=_(
            "For each month, bars for the people who came to meetings, the "
            "referrals given and the referrals won. The table below has the "
            "same figures."
        ),
        ids="months",
    )


def _month_label(month: date, index: int) -> str:
    """ "Jan", with the year under the first month and under each January."""
    label = dates.format_day(month, "month_short")
    return f"{label}\n{month.year}" if index == 0 or month.month == 1 else label


def _period_words(period: reports.Period) -> str:
    return _("%(start)s to %(end)s") % {
        "start": dates.format_day(period.start, "day_short"),
        "end": dates.format_day(period.end, "day_short"),
    }
