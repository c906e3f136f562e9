"""Reading a report's period from the query string, the same way for every
report page, download and picture.

A wrong period never fails a report: the page shows the default period with
the form saying why, and answers 400; a download answers 400 with the reason
in one line, as there is no form to show it beside."""

from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.template.response import TemplateResponse

from clubs import spreadsheets
from clubs.forms.periods import ReportPeriodForm
from clubs.models import Club
from clubs.periods import Period


def report_period(
    request, *, club: Club, form_class=ReportPeriodForm, **options
) -> tuple[ReportPeriodForm, Period]:
    """The period the query string asks for, and the form that read it (the
    default period when the form refused the query)."""
    form = form_class(request.GET, club=club, **options)
    return form, form.period()


def report_page(request, template: str, context: dict) -> TemplateResponse:
    status = 400 if context["form"].errors else 200
    return TemplateResponse(request, template, context, status=status)


def report_csv(
    request,
    *,
    club: Club,
    name: str,
    rows: Callable[[Club, Period], Iterable[list]],
    **options,
) -> HttpResponse:
    """The CSV of `rows(club, period)`, named after the report, the club and
    the period the query string asks for."""
    form, period = report_period(request, club=club, **options)
    if form.errors:
        return HttpResponse(form.refusal(), status=400, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{club.slug}-{period.start}-to-{period.end}.csv"'
    )
    spreadsheets.csv_writer(response).writerows(rows(club, period))
    return response
