"""Forms for the clubs admin: each one collects what a host means, and the
admin views hand it to a service (clubs/services/), never to `form.save()`."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from clubs.models import (
    AgendaTemplate,
    Occurrence,
    User,
)
from clubs.selectors.clubs import (
    clubs_managed_by,
    sees_all_clubs,
)
from clubs.services.agendas import agenda_templates_for


class AgendaFromTemplateForm(WagtailAdminModelForm):
    template = forms.ModelChoiceField(
        label=_("Agenda template"), queryset=AgendaTemplate.objects.none()
    )

    class Meta:
        model = Occurrence
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = agenda_templates_for(self.instance)


class AgendaAdminForm(WagtailAdminModelForm):
    """The agenda snippet's form: only meetings of the host's clubs, without
    an agenda yet, can be picked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "occurrence" in self.fields:
            field = self.fields["occurrence"]
            field.queryset = _agenda_occurrences(self.for_user, self.instance)
            field.label_from_instance = lambda o: f"{o.series.club}: {o}"


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


class AgendaTemplateAdminForm(WagtailAdminModelForm):
    """Hosts keep templates for their clubs; editors may also share one with
    every club by leaving the club empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "club" in self.fields and self.for_user is not None:
            self.fields["club"].queryset = clubs_managed_by(self.for_user)
            self.fields["club"].required = not sees_all_clubs(self.for_user)
