"""The "Clubs" menu in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from clubs.viewsets.agendas import AgendaTemplateViewSet, AgendaViewSet
from clubs.viewsets.clubs import ClubViewSet, MembershipViewSet
from clubs.viewsets.meetings import OccurrenceViewSet, SeriesViewSet
from clubs.viewsets.payment_records import PaymentViewSet, RefundViewSet
from clubs.viewsets.registrations import AttendanceViewSet, RegistrationViewSet


class ClubsViewSetGroup(SnippetViewSetGroup):
    """One "Clubs" menu for everything hosts run."""

    menu_label = _("Clubs")
    menu_icon = "group"
    menu_order = 200
    items = (
        ClubViewSet,
        MembershipViewSet,
        SeriesViewSet,
        OccurrenceViewSet,
        RegistrationViewSet,
        AttendanceViewSet,
        PaymentViewSet,
        RefundViewSet,
        AgendaViewSet,
        AgendaTemplateViewSet,
    )
