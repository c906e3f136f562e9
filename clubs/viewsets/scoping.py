"""Hosts who are not superusers or editors see only the clubs they host, and
only those clubs' rows: every view of a club-scoped viewset checks the row in
its URL, and every listing filters its rows (`ClubScopedViewSetMixin`). Edits
that must go through a service say so with `ServiceFormMixin`."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from wagtail.admin.views import generic

from clubs.selectors.clubs import (
    clubs_managed_by,
    sees_all_clubs,
)

# --- Scoping to the clubs a person runs --------------------------------------


def scope_to_clubs(queryset: QuerySet, user, club_path: str) -> QuerySet:
    if sees_all_clubs(user):
        return queryset
    return queryset.filter(**{f"{club_path}__in": clubs_managed_by(user)})


class ClubScopedViewMixin:
    """Answer 404 for any row (its pk in the URL) outside the user's clubs,
    as if it did not exist: other clubs' rows are none of a host's business."""

    club_path = "club"
    scope_model = None

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs:
            rows = self.scope_model._default_manager.filter(
                pk=unquote(str(kwargs["pk"]))
            )
            if not scope_to_clubs(rows, request.user, self.club_path).exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class ClubScopedListingMixin(ClubScopedViewMixin):
    list_select_related = ()
    list_prefetch_related = ()

    def get_base_queryset(self):
        queryset = (
            super()
            .get_base_queryset()
            .select_related(*self.list_select_related)
            .prefetch_related(*self.list_prefetch_related)
        )
        return scope_to_clubs(queryset, self.request.user, self.club_path)


class ClubScopedViewSetMixin:
    """Wrap every view of the viewset, Wagtail's own and ours, in the scope.

    Overriding each view class one by one would leave the next view Wagtail
    adds (revisions, usage, locking...) unguarded."""

    club_path = "club"
    list_select_related = ()
    list_prefetch_related = ()
    omit_views = ()  # views that would bypass the services: never routed

    def construct_view(self, view_class, **kwargs):
        scope = ClubScopedViewMixin
        if issubclass(view_class, generic.IndexView):
            scope = ClubScopedListingMixin
        scoped = type(
            view_class.__name__,
            (scope, view_class),
            {
                "club_path": self.club_path,
                "scope_model": self.model,
                "list_select_related": self.list_select_related,
                "list_prefetch_related": self.list_prefetch_related,
            },
        )
        return super().construct_view(scoped, **kwargs)

    def get_common_view_kwargs(self, **kwargs):
        omitted = {f"{name}_url_name": None for name in self.omit_views}
        return super().get_common_view_kwargs(**{**omitted, **kwargs})

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in self.omit_views
        ]

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        if "edit" in self.omit_views:
            finder.edit_url_name = self.get_url_name("inspect")
        return finder


class ServiceFormMixin:
    """Create and edit views that save through a service: the service's
    ValidationError shows beside the fields, and nothing is saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


def add_service_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
