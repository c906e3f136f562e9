"""Forms for the clubs admin: each one collects what a host means, and the
admin views hand it to a service (clubs/services/), never to `form.save()`."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from clubs.forms.inputs import InputGuard
from clubs.models import (
    AgendaTemplate,
    Occurrence,
    Series,
    User,
)
from clubs.selectors.clubs import (
    clubs_managed_by,
    sees_all_clubs,
)
from clubs.services.agendas import agenda_check_fits, agenda_templates_for


class AgendaFromTemplateForm(InputGuard, WagtailAdminModelForm):
    template = forms.ModelChoiceField(
        label=_("Agenda template"), queryset=AgendaTemplate.objects.none()
    )

    class Meta:
        model = Occurrence
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = agenda_templates_for(self.instance)


class AgendaAdminForm(InputGuard, WagtailAdminModelForm):
    """The agenda snippet's form: only meetings of the host's clubs, without
    an agenda yet, can be picked. Publishing a running order that overruns
    the meeting is refused beside "Publish anyway" until the host ticks it:
    hosts do run long on purpose, but never by accident. Drafts may overrun
    (the edit page warns)."""

    publish_anyway = forms.BooleanField(
        label=_("Publish anyway"),
        required=False,
        help_text=_(
            "Tick this to publish a running order that runs past the end of "
            "the meeting."
        ),
    )

    def __init__(self, *args, publishing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.publishing = publishing
        if "occurrence" in self.fields:
            field = self.fields["occurrence"]
            field.queryset = _agenda_occurrences(self.for_user, self.instance)
            field.label_from_instance = lambda o: f"{o.series.club}: {o}"

    def clean(self):
        data = super().clean()
        occurrence = data.get("occurrence") or self.instance_occurrence()
        if not self.publishing or data.get("publish_anyway") or occurrence is None:
            return data
        minutes = self.item_minutes()
        if minutes is None:
            return data  # the items have errors of their own to show
        try:
            agenda_check_fits(occurrence=occurrence, minutes=minutes)
        except ValidationError as error:
            hint = _("Shorten the items, or tick this box to publish it as it is.")
            self.add_error("publish_anyway", [*error.messages, hint])
        return data

    def instance_occurrence(self) -> Occurrence | None:
        if self.instance.occurrence_id is None:
            return None
        return self.instance.occurrence

    def item_minutes(self) -> list[int] | None:
        items = self.formsets.get("items")
        if items is None or not items.is_valid():
            return None
        return [
            form.cleaned_data["minutes"]
            for form in items.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def _agenda_occurrences(user: User, agenda) -> QuerySet[Occurrence]:
    free = Q(agenda__isnull=True, end__gte=timezone.now()) & ~Q(
        status=Occurrence.Status.CANCELLED
    )
    if agenda.pk:
        free |= Q(pk=agenda.occurrence_id)
    return (
        Occurrence.objects.filter(series__club__in=clubs_managed_by(user))
        .filter(free)
        .select_related("series__club")
        .order_by("start")
    )


class AgendaTemplateAdminForm(InputGuard, WagtailAdminModelForm):
    """Hosts keep templates for their clubs; editors may also share one with
    every club by leaving the club empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "club" in self.fields and self.for_user is not None:
            self.fields["club"].queryset = clubs_managed_by(self.for_user)
            self.fields["club"].required = not sees_all_clubs(self.for_user)
        if "series" in self.fields and self.for_user is not None:
            self.fields["series"].queryset = Series.objects.filter(
                club__in=clubs_managed_by(self.for_user)
            ).select_related("club")

    def clean(self):
        data = super().clean()
        club, series = data.get("club"), data.get("series") or []
        others = [s for s in series if club is None or s.club_id != club.pk]
        if others:
            self.add_error(
                "series",
                _("Choose only series of the template's club: %(series)s.")
                % {"series": ", ".join(str(s) for s in others)},
            )
        return data
