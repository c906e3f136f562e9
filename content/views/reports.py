"""The admin's "Landing page funnel" report, for editors and hosts.

Each landing page: visits through members' links in a period, then how many
of the visitors who first came in it registered, attended and joined, with
the rate from each step to the next; and the members whose links brought
the most. Editors see every sharer; a host sees the members of the clubs
they host (the page totals are anonymous counts, the same for everyone).
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from clubs.forms.inputs import InputGuard
from clubs.models import Membership, User
from clubs.selectors.clubs import (
    clubs_managed_by,
    sees_all_clubs,
)
from content import selectors
from content.models import LandingPage
from content.services import link_visits_flush

DEFAULT_DAYS = 90
MAX_DAYS = 5 * 366


def may_see_funnel(user) -> bool:
    return sees_all_clubs(user) or clubs_managed_by(user).exists()


class FunnelPeriodForm(InputGuard, forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.ModelChoiceField(
        label=gettext_lazy("Top sharers for"),
        queryset=LandingPage.objects.order_by("title"),
        required=False,
        empty_label=gettext_lazy("All landing pages"),
    )

    def __init__(self, data=None):
        today = timezone.localdate()
        self.default = {"start": today - timedelta(days=DEFAULT_DAYS), "end": today}
        bound = data if data and {"start", "end"} & set(data) else None
        super().__init__(bound, initial=self.default)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise ValidationError(_("The period must start before it ends."))
        if start and end and (end - start).days > MAX_DAYS:
            raise ValidationError(_("Choose a period of five years or less."))
        return cleaned

    def choice(self) -> dict:
        """The chosen period and page, or the last 90 days on bad input."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return {**self.default, "page": None}


class LandingPageFunnelView(WagtailAdminTemplateMixin, View):
    page_title = gettext_lazy("Landing page funnel")
    header_icon = "link"
    template_name = "content/admin/landing_page_funnel.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_funnel(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = FunnelPeriodForm(request.GET)
        chosen = form.choice()
        period = {"start": chosen["start"], "end": chosen["end"]}
        page = chosen["page"]
        link_visits_flush()  # visits still in the cache count too
        rows = selectors.landing_page_funnels(**period)
        totals = selectors.Funnel()
        for row in rows:
            totals.add(row.funnel)
        context = self.get_context_data(
            form=form,
            rows=rows,
            totals=totals,
            sharers=selectors.top_sharers(
                **period,
                page_ids=[page.pk] if page else None,
                members=self._sharers_shown(request.user),
            ),
            chosen_page=page,
            **period,
        )
        return self.render_to_response(context, status=400 if form.errors else 200)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    @staticmethod
    def _sharers_shown(user):
        if sees_all_clubs(user):
            return None
        return User.objects.filter(
            memberships__club__in=clubs_managed_by(user),
            memberships__status=Membership.Status.ACTIVE,
        )
