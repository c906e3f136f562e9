"""The hosts' referral report, its CSV and its graph.

Every page here answers 404, not 403, to people who don't host the club, so
the URLs don't confirm which clubs exist or what they hold. The period and
the leaderboard's measure come from a GET form, so a report can be
bookmarked and shared between hosts.
"""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clubs import charts, spreadsheets
from clubs.models import Club
from clubs.selectors import referral_reports as reports
from clubs.selectors.clubs import hosted_club_or_404
from clubs.selectors.referrals import stale_referrals

MAX_REPORT_DAYS = 5 * 366
STALE_SHOWN = 10
PERIOD_CHOICES = [
    ("this_quarter", gettext_lazy("This quarter")),
    ("last_quarter", gettext_lazy("Last quarter")),
    ("last_12_months", gettext_lazy("Last 12 months")),
    ("custom", gettext_lazy("The dates below")),
]
GIVEN, WON, ATTENDED = "#0b6e4f", "#f5b700", "#9aa3b2"


class ReferralPeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"), choices=PERIOD_CHOICES, required=False
    )
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Used when the period is “The dates below”."),
    )

    def __init__(self, data=None, *, club: Club, **kwargs):
        self.today = reports.club_today(club)
        start, end = reports.preset_dates("this_quarter", self.today)
        # Only a query string with the form's fields binds it: a bare visit
        # shows this quarter, not "this field is required".
        bound = data if data and (set(self.base_fields) & set(data)) else None
        if bound is not None and bound.get("period", "") in ("", *reports.PRESETS):
            bound = self._with_preset_dates(bound)
        initial = {
            "period": "this_quarter",
            "start": start,
            "end": end,
            "rank": "given",
        }
        super().__init__(bound, initial=initial, **kwargs)

    def _with_preset_dates(self, data):
        """Show a preset's dates in From and To, so switching to "The dates
        below" starts from the period on screen."""
        data = data.copy()
        preset = data.get("period") or "this_quarter"
        start, end = reports.preset_dates(preset, self.today)
        data["start"], data["end"] = start.isoformat(), end.isoformat()
        return data

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") != "custom":
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if not (start and end):
            raise ValidationError(_("Give both dates, or choose a period."))
        if start > end:
            raise ValidationError(_("The period must start before it ends."))
        if (end - start).days > MAX_REPORT_DAYS:
            raise ValidationError(_("Choose a period of five years or less."))
        return cleaned

    def dates(self) -> tuple[date, date]:
        """The chosen period, or this quarter when the input is missing or
        wrong (the page then shows why beside the form)."""
        if not (self.is_bound and self.is_valid()):
            return reports.preset_dates("this_quarter", self.today)
        if self.cleaned_data["period"] == "custom":
            return self.cleaned_data["start"], self.cleaned_data["end"]
        preset = self.cleaned_data["period"] or "this_quarter"
        return reports.preset_dates(preset, self.today)


class ReferralReportForm(ReferralPeriodForm):
    """The period, and the measure the champions are ranked by."""

    rank = forms.ChoiceField(label=gettext_lazy("Rank champions by"), required=False)

    def __init__(self, data=None, *, club: Club, currencies: list[str]):
        super().__init__(data, club=club)
        self.fields["rank"].choices = rank_choices(currencies)

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
    stale = list(stale_referrals(club)[: STALE_SHOWN + 1])
    context = {
        "club": club,
        "form": form,
        "report": report,
        "graph_svg": _inline(_graph(report)),
        "months_svg": _inline(_months_chart(report)),
        "stale": stale[:STALE_SHOWN],
        "more_stale": len(stale) > STALE_SHOWN,
        "query": request.GET.urlencode(),
    }
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "clubs/referral_reports/club_report.html", context, status=status
    )


@login_required
def club_referrals_csv(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    form = ReferralPeriodForm(request.GET, club=club)
    if form.is_bound and not form.is_valid():
        message = " ".join(form.non_field_errors()) or _("Check the period.")
        return HttpResponse(message, status=400, content_type="text/plain")
    start, end = form.dates()
    period = reports.period_for(club, start=start, end=end)
    referrals = reports.club_referrals_for_export(club=club, period=period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    spreadsheets.csv_writer(response).writerows(
        reports.referral_csv_rows(referrals, zone=period.zone)
    )
    response["Content-Disposition"] = (
        f'attachment; filename="referrals-{club.slug}-{start}-to-{end}.csv"'
    )
    return response


@login_required
def club_referrals_graph(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    start, end = ReferralPeriodForm(request.GET, club=club).dates()
    period = reports.period_for(club, start=start, end=end)
    flows = reports.referral_flows(club=club, period=period)
    svg = _flow_graph(club, period, flows)
    response = HttpResponse(
        charts.to_markup(svg, document=True), content_type="image/svg+xml"
    )
    response["Content-Disposition"] = (
        f'inline; filename="referrals-{club.slug}-{start}-to-{end}.svg"'
    )
    return response


def _report(request, club: Club):
    currencies = reports.club_currencies(club)
    form = ReferralReportForm(request.GET, club=club, currencies=currencies)
    start, end = form.dates()
    report = reports.club_referral_report(
        club=club,
        period=reports.period_for(club, start=start, end=end),
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
    label = date_format(month, "M")
    return f"{label}\n{month.year}" if index == 0 or month.month == 1 else label


def _period_words(period: reports.Period) -> str:
    return _("%(start)s to %(end)s") % {
        "start": date_format(period.start, "j M Y"),
        "end": date_format(period.end, "j M Y"),
    }
