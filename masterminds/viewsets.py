"""The facilitators' side in the Wagtail admin: groups, applications, hot seats.

Every view is scoped to the groups a person facilitates (clubs'
`ClubScopedViewSetMixin`: another group's rows answer 404), and every change
goes through a service, whose ValidationError is shown as it is written:
approving over the seat limit or into a taken category changes nothing.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from clubs.models import Agenda
from clubs.selectors.clubs import clubs_managed_by
from clubs.viewsets.listing import local_start_column
from clubs.viewsets.scoping import ClubScopedViewSetMixin, ServiceFormMixin
from masterminds.forms.applications import DecisionForm
from masterminds.forms.groups import (
    MastermindCreateForm,
    MastermindEditForm,
)
from masterminds.forms.sessions import HotSeatSwapForm
from masterminds.models import Application, HotSeat, MastermindGroup
from masterminds.selectors import sessions
from masterminds.services import agendas
from masterminds.services import applications as decisions
from masterminds.services.applications import waitlist_fill
from masterminds.services.groups import mastermind_create
from masterminds.services.sessions import hot_seat_swap, hot_seats_propose

DECIDE = {
    "approve": (decisions.application_approve, gettext_lazy("{person} is approved.")),
    "waitlist": (
        decisions.application_waitlist,
        gettext_lazy("{person} is on the waitlist."),
    ),
    "decline": (decisions.application_decline, gettext_lazy("{person} is declined.")),
}


def _managed_groups(request):
    return MastermindGroup.objects.filter(club__in=clubs_managed_by(request.user))


# --- Groups ------------------------------------------------------------------------


class GroupCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        group = mastermind_create(by=self.request.user, **data)
        # Saved by the service, so Wagtail's own entry is written here.
        log(group, "wagtail.create", user=self.request.user)
        return group


class GroupEditView(ServiceFormMixin, generic.EditView):
    @cached_property
    def header_more_buttons(self):
        next_session = sessions(self.object).filter(start__gt=timezone.now()).first()
        if next_session is None:
            return super().header_more_buttons
        url = reverse("mastermind_groups:next_session", args=[self.object.pk])
        return [
            *super().header_more_buttons,
            Button(_("Next session"), url=url, icon_name="date"),
        ]

    def save_instance(self):
        group = super().save_instance()
        # A raised seat limit seats the waitlist.
        waitlist_fill(group=group, by=self.request.user)
        return group


class NextSessionView(generic.InspectView):
    """The next session's hot seats, with the buttons that propose them and
    build the agenda from the group's template."""

    template_name = "masterminds/admin/next_session.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.object
        upcoming = sessions(group).filter(start__gt=timezone.now()).first()
        agenda = Agenda.objects.filter(occurrence=upcoming).first()
        context.update(
            group=group,
            session=upcoming,
            hot_seats=upcoming.hot_seats.select_related("member") if upcoming else [],
            agenda=agenda,
            agenda_edit_url=agenda
            and reverse(Agenda.snippet_viewset.get_url_name("edit"), args=[agenda.pk]),
            swap_url_name="mastermind_hot_seats:edit",
        )
        return context

    def get_page_subtitle(self):
        return _("Next session of %(group)s") % {"group": self.object}

    def get_fields(self):
        return []

    def post(self, request, *args, **kwargs):
        group = get_object_or_404(MastermindGroup, pk=kwargs["pk"])
        upcoming = sessions(group).filter(start__gt=timezone.now()).first()
        try:
            if upcoming is None:
                raise ValidationError(_("The group has no session on the calendar."))
            if request.POST.get("action") == "agenda":
                agendas.session_agenda_build(occurrence=upcoming, user=request.user)
                messages.success(request, _("The agenda draft is ready to publish."))
            else:
                hot_seats_propose(occurrence=upcoming)
                messages.success(request, _("Hot seats proposed by the rotation."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("mastermind_groups:next_session", group.pk)


class MastermindGroupViewSet(ClubScopedViewSetMixin, ModelViewSet):
    model = MastermindGroup
    name = "mastermind_groups"
    url_prefix = "masterminds/groups"
    icon = "group"
    menu_label = gettext_lazy("Groups")
    club_path = "club"
    omit_views = ("delete", "copy")
    copy_view_enabled = False
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    list_select_related = ("club", "session_series")
    list_display = ["__str__", "seat_limit", "hot_seats_per_session", "session_series"]
    search_fields = ["club__name"]

    def get_form_class(self, for_update=False):
        return MastermindEditForm if for_update else MastermindCreateForm

    def get_urlpatterns(self):
        view = self.construct_view(
            NextSessionView,
            **self.get_inspect_view_kwargs(template_name=NextSessionView.template_name),
        )
        return [
            *super().get_urlpatterns(),
            path("next-session/<int:pk>/", view, name="next_session"),
        ]


# --- Applications --------------------------------------------------------------


class ApplicationFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Group"), queryset=_managed_groups
    )

    class Meta:
        model = Application
        fields = ["group", "status"]


class ApplicationInspectView(generic.InspectView):
    template_name = "masterminds/admin/application_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision_form"] = DecisionForm()
        context["decide_url"] = reverse(
            "mastermind_applications:decide", args=[self.object.pk]
        )
        context["is_open"] = self.object.status in Application.OPEN
        return context


class ApplicationDecideView(View):
    """Approve, waitlist or decline through the services; their refusal is the
    message the facilitator reads, and nothing changes."""

    def post(self, request, pk):
        application = get_object_or_404(Application, pk=pk)
        form = DecisionForm(request.POST)
        inspect = reverse("mastermind_applications:inspect", args=[pk])
        if not form.is_valid():
            messages.error(request, _("Choose approve, waitlist or decline."))
            return redirect(inspect)
        service, done = DECIDE[form.cleaned_data["decision"]]
        try:
            service(
                application=application,
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(inspect)
        messages.success(request, str(done).format(person=application.person))
        return redirect("mastermind_applications:index")


class ApplicationViewSet(ClubScopedViewSetMixin, ModelViewSet):
    model = Application
    name = "mastermind_applications"
    url_prefix = "masterminds/applications"
    icon = "form"
    menu_label = gettext_lazy("Applications")
    club_path = "group__club"
    omit_views = ("add", "edit", "delete", "copy")
    form_fields = []  # Wagtail builds the views it omits; none is routed
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ApplicationInspectView
    inspect_template_name = "masterminds/admin/application_inspect.html"
    list_select_related = ("group__club", "person", "category")
    ordering = "-created_at"
    list_display = ["person", "group", "category", "status", "created_at"]
    inspect_view_fields = [
        "person",
        "group",
        "business",
        "category",
        "wants",
        "training",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "note",
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["person__first_name", "person__last_name", "business"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "decide/<int:pk>/",
                self.construct_view(ApplicationDecideView),
                name="decide",
            ),
        ]


# --- Hot seats -----------------------------------------------------------------


class HotSeatSwapView(ServiceFormMixin, generic.EditView):
    page_title = gettext_lazy("Swap a hot seat")
    submit_button_label = gettext_lazy("Swap")
    success_message = gettext_lazy("The hot seat is swapped.")

    def save_instance(self):
        return hot_seat_swap(
            hot_seat=self.object,
            member=self.form.cleaned_data["member"],
            by=self.request.user,
        )

    def get_success_url(self):
        return reverse("mastermind_hot_seats:index")


class HotSeatIndexView(generic.IndexView):
    def get_base_queryset(self):
        upcoming = super().get_base_queryset()
        return upcoming.filter(occurrence__end__gt=timezone.now())


class HotSeatViewSet(ClubScopedViewSetMixin, ModelViewSet):
    """Hot seats of sessions to come; editing one is a swap."""

    model = HotSeat
    name = "mastermind_hot_seats"
    url_prefix = "masterminds/hot-seats"
    icon = "user"
    menu_label = gettext_lazy("Hot seats")
    club_path = "occurrence__series__club"
    omit_views = ("add", "delete", "copy")
    copy_view_enabled = False
    edit_view_class = HotSeatSwapView
    list_select_related = ("occurrence__series__club", "member")
    ordering = ["occurrence__start", "position"]
    list_display = [
        "member",
        "occurrence",
        local_start_column("occurrence", sort_key="occurrence__start"),
        "position",
    ]

    index_view_class = HotSeatIndexView

    def get_form_class(self, for_update=False):
        return HotSeatSwapForm


class MastermindsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Masterminds")
    menu_icon = "group"
    menu_order = 220
    items = (MastermindGroupViewSet, ApplicationViewSet, HotSeatViewSet)
