from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from content.views.reports import LandingPageFunnelView, may_see_funnel
from content.viewsets import ReferralProgramViewSetGroup

register_snippet(ReferralProgramViewSetGroup)


@hooks.register("register_admin_urls")
def register_funnel_report_url():
    return [
        path(
            "reports/landing-page-funnel/",
            LandingPageFunnelView.as_view(),
            name="landing_page_funnel",
        )
    ]


class FunnelMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_funnel(request.user)


@hooks.register("register_reports_menu_item")
def register_funnel_report_menu_item():
    return FunnelMenuItem(
        _("Landing page funnel"),
        reverse("landing_page_funnel"),
        icon_name="link",
        order=50,
    )
