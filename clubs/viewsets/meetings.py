"""Series and their meetings; every edit goes through the scheduling services."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton, ListingButton
from wagtail.log_actions import log

from clubs.audit import log_edit, snapshot
from clubs.forms.agendas import AgendaFromTemplateForm
from clubs.forms.meetings import (
    OccurrenceCancelForm,
    OccurrenceForm,
)
from clubs.forms.series import SeriesForm
from clubs.models import (
    Agenda,
    Occurrence,
    Registration,
    Series,
)
from clubs.services.agendas import agenda_from_template
from clubs.services.meetings import (
    occurrence_cancel,
    occurrence_move,
    occurrence_set_capacity,
    occurrence_set_note,
    occurrence_set_translations,
    series_create,
)
from clubs.services.payments import occurrence_set_prices
from clubs.services.series import series_split, series_update
from clubs.viewsets.listing import (
    CLUB,
    SeriesFilterSet,
    local_start_column,
    meeting_filterset,
)
from clubs.viewsets.scoping import ClubScopedViewSetMixin, ServiceFormMixin

# --- Series and their meetings --------------------------------------------------


class SeriesCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        series = series_create(**self.form.create_kwargs())
        log(series, "wagtail.create", user=self.request.user)
        return series


class SeriesEditView(ServiceFormMixin, generic.EditView):
    def save_instance(self):
        before = snapshot(self.object)
        series = series_update(series=self.object, **self.form.changes())
        log_edit(series, by=self.request.user, before=before)
        return series


def _repeats(series: Series) -> str:
    return "; ".join(rule.to_text() for rule in series.recurrence.rrules)


class SeriesViewSet(ClubScopedViewSetMixin, ModelViewSet):
    model = Series
    name = "club_series"
    url_prefix = "clubs/series"
    icon = "repeat"
    menu_label = _("Series")
    omit_views = ("delete", "copy")
    copy_view_enabled = False
    add_view_class = SeriesCreateView
    edit_view_class = SeriesEditView
    list_select_related = ("club",)
    list_display = [
        "title",
        "club",
        Column("repeats", label=_("Repeats"), accessor=_repeats),
        "start_time",
        "time_zone",
        "first_date",
        "ends_on",
    ]
    filterset_class = SeriesFilterSet
    search_fields = ["title", "club__name"]

    def get_form_class(self, for_update=False):
        return SeriesForm


CANCEL_THIS_MEETING = _("Cancel this meeting")


def with_next(url: str, next_url: str | None) -> str:
    """`url`, told to come back to `next_url` (Wagtail's `next` parameter)."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class ReturnToListingMixin:
    """Edit and action views that send the host back where they came from:
    the listing page, filters and sort order in `next`, which the listing
    puts on its links. Without it, Wagtail returns to the listing's first
    page, far from the meeting just edited."""

    def get_next_url(self) -> str | None:
        # Wagtail's check lets through a `next` with no slash ("not-a-url"),
        # which `redirect` then takes for a view's name: a 500. Only a path
        # on this site is followed.
        next_url = get_valid_next_url_from_request(self.request)
        return next_url if next_url.startswith("/") else None

    def get_edit_url(self):
        return with_next(super().get_edit_url(), self.get_next_url())

    def get_success_url(self):
        return self.get_next_url() or super().get_success_url()


class OccurrenceActionsMixin:
    """Links from one meeting to what hosts do with it. Cancelling is a
    button of its own, where it can be seen; the rest are in "More"."""

    cancel_url_name = None
    following_url_name = None
    agenda_url_name = None

    def cancel_url(self, occurrence: Occurrence, next_url: str | None) -> str | None:
        if occurrence.is_cancelled:
            return None
        url = reverse(self.cancel_url_name, args=[occurrence.pk])
        return with_next(url, next_url)

    def occurrence_actions(self, occurrence: Occurrence) -> list[tuple[str, str, str]]:
        actions = []
        if occurrence.start > timezone.now():
            url = reverse(self.following_url_name, args=[occurrence.pk])
            actions.append((_("Change this and following"), url, "repeat"))
        agenda = getattr(occurrence, "agenda", None)
        if agenda is not None:
            url = reverse(Agenda.snippet_viewset.get_url_name("edit"), args=[agenda.pk])
            actions.append((_("Agenda"), url, "list-ol"))
        else:
            url = reverse(self.agenda_url_name, args=[occurrence.pk])
            actions.append((_("Create agenda from template"), url, "list-ol"))
        return actions


def upcoming_first(queryset, now):
    """Meetings not yet over, soonest first, then past ones, latest first:
    what a host opens the list for is at the top of page 1."""
    over = Case(
        When(end__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    upcoming_start = Case(When(end__gte=now, then=F("start")))
    return queryset.order_by(over, upcoming_start.asc(), "-start", "pk")


class OccurrenceIndexView(OccurrenceActionsMixin, generic.IndexView):
    @cached_property
    def listing_url(self) -> str:
        """This page of the listing, as the host sees it (filters, sort order,
        page), for the edit and cancel links to come back to."""
        query = self.request.GET.urlencode()
        return f"{self.index_url}?{query}" if query else self.index_url

    def get_base_queryset(self):
        waitlisted = Q(registrations__status=Registration.Status.WAITLISTED)
        return (
            super()
            .get_base_queryset()
            .annotate(waitlisted=Count("registrations", filter=waitlisted))
        )

    def order_queryset(self, queryset):
        if self.ordering:
            return super().order_queryset(queryset)
        return upcoming_first(queryset, timezone.now())

    def get_edit_url(self, instance):
        url = super().get_edit_url(instance)
        return with_next(url, self.listing_url) if url else url

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if url := self.cancel_url(instance, self.listing_url):
            label = f"{CANCEL_THIS_MEETING}: {instance}"
            buttons.append(
                ListingButton(
                    CANCEL_THIS_MEETING,
                    url=url,
                    icon_name="cross",
                    # On a phone the title column is narrow: keep the label whole
                    # (Wagtail's `.button` outranks its own nowrap utility).
                    attrs={"aria-label": label, "style": "white-space: nowrap"},
                    priority=5,
                )
            )
        for priority, (label, url, icon) in enumerate(
            self.occurrence_actions(instance)
        ):
            buttons.append(
                MenuItem(label, url=url, icon_name=icon, priority=40 + priority)
            )
        return buttons


class OccurrenceEditView(
    OccurrenceActionsMixin, ReturnToListingMixin, ServiceFormMixin, generic.EditView
):
    """Move, re-seat or annotate one meeting, each through its service, so
    people registered are told and calendars see a new SEQUENCE."""

    def save_instance(self):
        before = snapshot(self.object)
        occurrence = self.save_changes()
        log_edit(occurrence, by=self.request.user, before=before)
        return occurrence

    def save_changes(self) -> Occurrence:
        occurrence, form = self.object, self.form
        if (move := form.move()) is not None:
            occurrence = occurrence_move(occurrence=occurrence, **move)
        if form.capacity_changed():
            capacity = form.cleaned_data["capacity"]
            occurrence = occurrence_set_capacity(
                occurrence=occurrence, capacity=capacity
            )
        if form.note_changed():
            note = form.cleaned_data["note"]
            occurrence = occurrence_set_note(occurrence=occurrence, note=note)
        if (prices := form.prices()) is not None:
            occurrence = occurrence_set_prices(occurrence=occurrence, **prices)
        if (translated := form.translations()) is not None:
            occurrence = occurrence_set_translations(
                occurrence=occurrence, **translated
            )
        return occurrence

    @cached_property
    def header_buttons(self):
        url = self.cancel_url(self.object, self.get_next_url())
        if url is None:
            return []
        return [HeaderButton(CANCEL_THIS_MEETING, url=url, icon_name="cross")]

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *(
                Button(label, url=url, icon_name=icon, priority=40 + priority)
                for priority, (label, url, icon) in enumerate(
                    self.occurrence_actions(self.object)
                )
            ),
        ]


class OccurrenceCancelView(ReturnToListingMixin, ServiceFormMixin, generic.EditView):
    page_title = _("Cancel meeting")
    submit_button_label = CANCEL_THIS_MEETING
    success_message = _(
        "%(model_name)s '%(object)s' cancelled; everyone registered is told."
    )

    def get_edit_url(self):
        return with_next(self.request.path, self.get_next_url())

    def get_success_buttons(self):
        return []  # the meeting is cancelled: there is nothing left to edit here

    def save_instance(self):
        reason = self.form.cleaned_data["cancel_reason"]
        return occurrence_cancel(
            occurrence=self.object, reason=reason, by=self.request.user
        )


class SeriesSplitView(ServiceFormMixin, generic.EditView):
    """Change a meeting and every one after it: a new series from that date."""

    model = Series
    page_title = _("Change this and following meetings")
    success_message = _("The meetings from this date on follow the new schedule.")

    def get_object(self, queryset=None):
        self.occurrence = get_object_or_404(Occurrence, pk=self.kwargs["pk"])
        return self.occurrence.series

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "split_from": self.occurrence}

    def get_page_subtitle(self):
        return str(self.occurrence)

    def get_edit_url(self):
        return self.request.path

    def get_success_buttons(self):
        return []

    def save_instance(self):
        changes, old = self.form.changes(), self.object
        before = snapshot(old)
        series = series_split(series=old, from_occurrence=self.occurrence, **changes)
        log_edit(old, by=self.request.user, before=before)
        if series.pk != old.pk:
            log(series, "wagtail.create", user=self.request.user)
        return series


class AgendaFromTemplateView(ServiceFormMixin, generic.EditView):
    page_title = _("Create agenda from template")
    submit_button_label = _("Create draft agenda")
    permission_required = None
    success_message = _("Draft agenda created for '%(object)s'.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("clubs.add_agenda"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_edit_url(self):
        return self.request.path

    def get_success_buttons(self):
        return []

    def save_instance(self):
        self.agenda = agenda_from_template(
            occurrence=self.object,
            template=self.form.cleaned_data["template"],
            user=self.request.user,
        )
        return self.object

    def get_success_url(self):
        edit = Agenda.snippet_viewset.get_url_name("edit")
        return reverse(edit, args=[self.agenda.pk])


def confirmed_of_capacity(occurrence: Occurrence) -> str:
    """ "12 / 40", or "12" when seats are unlimited."""
    if occurrence.capacity is None:
        return str(occurrence.confirmed_count)
    return f"{occurrence.confirmed_count} / {occurrence.capacity}"


class OccurrenceViewSet(ClubScopedViewSetMixin, ModelViewSet):
    model = Occurrence
    name = "club_meetings"
    url_prefix = "clubs/meetings"
    icon = "date"
    menu_label = _("Meetings")
    club_path = "series__club"
    omit_views = ("add", "delete", "copy")
    copy_view_enabled = False
    index_view_class = OccurrenceIndexView
    edit_view_class = OccurrenceEditView
    list_select_related = ("series__club", "agenda")
    ordering = None  # upcoming first (OccurrenceIndexView), until a column is sorted
    list_display = [
        "__str__",
        Column("club", label=CLUB, accessor="series.club", sort_key="series__club"),
        local_start_column(),
        "status",
        Column(
            "confirmed",
            label=_("Confirmed"),
            accessor=confirmed_of_capacity,
            sort_key="confirmed_count",
        ),
        Column("waitlisted", label=_("Waitlist"), sort_key="waitlisted"),
    ]
    filterset_class = meeting_filterset(
        Occurrence, to_occurrence="", status_choices=Occurrence.Status.choices
    )
    search_fields = ["series__title", "series__club__name"]

    def get_form_class(self, for_update=False):
        return OccurrenceForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            cancel_url_name=self.get_url_name("cancel"),
            following_url_name=self.get_url_name("following"),
            agenda_url_name=self.get_url_name("agenda"),
            **kwargs,
        )

    def action_view(self, view_class, form_class, **kwargs):
        return self.construct_view(
            view_class,
            **self.get_edit_view_kwargs(form_class=form_class, **kwargs),
            history_url_name=None,
            usage_url_name=None,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "cancel/<int:pk>/",
                self.action_view(OccurrenceCancelView, OccurrenceCancelForm),
                name="cancel",
            ),
            path(
                "following/<int:pk>/",
                self.action_view(SeriesSplitView, SeriesForm, model=Series),
                name="following",
            ),
            path(
                "agenda/<int:pk>/",
                self.action_view(AgendaFromTemplateView, AgendaFromTemplateForm),
                name="agenda",
            ),
        ]
