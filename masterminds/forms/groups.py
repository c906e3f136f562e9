"""Forms for the facilitators' side of the Wagtail admin (masterminds/viewsets.py)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from clubs.forms.inputs import InputGuard
from clubs.forms.payments import (
    AmountField,
    CurrencyField,
    amounts_initial,
    amounts_to_minor_units,
)
from clubs.models import AgendaTemplate, Club, Series
from masterminds.models import MastermindGroup

GROUP_RULES = ["seat_limit", "one_member_per_category", "hot_seats_per_session"]


class MastermindCreateForm(InputGuard, WagtailAdminModelForm):
    """The group's rules, plus what its club needs: `mastermind_create` makes
    both, so the form itself saves nothing."""

    name = Club._meta.get_field("name").formfield()
    slug = Club._meta.get_field("slug").formfield()
    time_zone = Club._meta.get_field("time_zone").formfield()
    description = Club._meta.get_field("description").formfield()

    class Meta:
        model = MastermindGroup
        fields = GROUP_RULES

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Club.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another club or group uses this address."))
        return slug


class MastermindEditForm(InputGuard, WagtailAdminModelForm):
    """The group's rules, what its sessions run on, and what a seat costs.
    Series and templates are offered from the group's own club, and trainings
    from public clubs."""

    seat_price = AmountField(
        label=_("Price of a seat"),
        help_text=_("What each member pays, e.g. 150.00. Empty: seats are free."),
    )
    seat_currency = CurrencyField(label=_("Seat currency"))
    days_to_pay = forms.IntegerField(
        label=_("Days to pay for a seat"),
        required=False,
        min_value=1,
        max_value=30,
        help_text=_(
            "With a seat price and online payment, an approved applicant's seat "
            "is held this long while they pay. Empty: as it was (7 at first)."
        ),
    )

    class Meta:
        model = MastermindGroup
        fields = [
            *GROUP_RULES,
            "session_series",
            "training_series",
            "agenda_template",
            "seat_price",
            "seat_currency",
            "seat_interval",
            "days_to_pay",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.instance
        price = {"seat_price": group.seat_price}
        self.initial.update(amounts_initial(price, group.seat_currency))
        club = self.instance.club_id
        self.fields["session_series"].queryset = Series.objects.filter(club=club)
        self.fields["training_series"].queryset = Series.objects.filter(
            club__visibility=Club.Visibility.PUBLIC, guests_allowed=True
        ).select_related("club")
        self.fields["agenda_template"].queryset = AgendaTemplate.objects.filter(
            Q(club=club) | Q(club__isnull=True)
        )

    def clean(self):
        data = super().clean()
        currency = data.get("seat_currency", "")
        amounts_to_minor_units(
            self, ["seat_price"], currency, currency_field="seat_currency"
        )
        if data.get("seat_price") is not None and not data.get("seat_interval"):
            self.add_error("seat_interval", _("Say how often a seat is charged."))
        if data.get("days_to_pay") is None and "days_to_pay" not in self.errors:
            data["days_to_pay"] = self.instance.days_to_pay
        return data
