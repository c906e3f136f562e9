"""Forms for referral slips. They check the shape of the input and offer only
sensible choices (the club's members, its recent meetings, the next steps);
the services in clubs/services/referrals.py decide what is allowed."""

from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from clubs import dates
from clubs.forms.inputs import InputGuard
from clubs.models import Club, Referral, User
from clubs.selectors.referrals import (
    next_meetings,
    referral_clubs_for,
    referral_meetings,
    referral_receivers,
)
from clubs.services import referrals as rules
from clubs.services.referrals import RANK


class MemberChoiceField(forms.ModelChoiceField):
    """Members by name, with their business to tell two Marias apart."""

    def label_from_instance(self, person: User) -> str:
        name = person.get_full_name() or str(person)
        return f"{name} ({person.business_name})" if person.business_name else name


class MeetingChoiceField(forms.ModelChoiceField):
    """Meetings by their local date and title."""

    def label_from_instance(self, occurrence) -> str:
        zone = ZoneInfo(occurrence.series.time_zone)
        day = dates.format_day(occurrence.start, "weekday_short", time_zone=zone)
        return f"{day}, {occurrence.series.title}"


class ReferralForm(InputGuard, forms.Form):
    """A slip, quick to fill in on a phone: who it is for, who the prospect
    is, how to reach them, what they need, how warm, and their consent."""

    club = forms.ModelChoiceField(
        queryset=Club.objects.none(),
        to_field_name="slug",
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("You are no longer an active member of that club.")
        },
    )
    receiver = MemberChoiceField(
        label=_("For member"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose a member"),
        error_messages={"invalid_choice": _("Choose a member of this club.")},
    )
    prospect_name = forms.CharField(
        label=_("Prospect's name"),
        max_length=150,
        error_messages={"required": rules.NO_NAME},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    prospect_email = forms.EmailField(
        label=_("Their email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    prospect_phone = forms.CharField(
        label=_("Their phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    need = forms.CharField(
        label=_("What they need"),
        max_length=1000,
        error_messages={"required": rules.NO_NEED},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    temperature = forms.ChoiceField(
        label=_("How warm"),
        choices=Referral.Temperature.choices,
        initial=Referral.Temperature.WARM,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("They agreed to be contacted"),
        error_messages={"required": rules.NO_CONSENT},
    )
    prospect_company = forms.CharField(
        label=_("Company"), max_length=150, required=False
    )
    occurrence = MeetingChoiceField(
        label=_("Passed at meeting"),
        queryset=None,
        required=False,
        empty_label=_("Not at a meeting"),
    )
    partner_name = forms.CharField(
        label=_("Partner business"), max_length=150, required=False
    )
    partner_contact = forms.CharField(
        label=_("Partner contact (name, email or phone)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, giver: User, club: Club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = referral_clubs_for(giver)
        self.fields["receiver"].queryset = referral_receivers(club=club, giver=giver)
        # Read by static/js/member-filter.js, which adds a search box.
        self.fields["receiver"].widget.attrs.update(
            {
                "data-member-filter": _("Find a member by name"),
                "data-member-filter-matches": _("Members matching: %(count)s"),
            }
        )
        self.fields["occurrence"].queryset = referral_meetings(club)
        self.fields["need"].help_text = _("A few words: e.g. “a new roof by spring”.")
        self.fields["prospect_email"].help_text = _("Email, phone, or both.")

    def clean(self):
        """The service says the same, but only once the rest is right; saying
        it here shows every mistake on the first try."""
        cleaned = super().clean()
        if not cleaned.get("receiver") and not cleaned.get("partner_name"):
            if "receiver" not in self.errors:
                self.add_error("receiver", rules.NO_RECEIVER)
        email_ok = cleaned.get("prospect_email") or "prospect_email" in self.errors
        if not email_ok and not cleaned.get("prospect_phone"):
            self.add_error("prospect_email", rules.UNREACHABLE)
        return cleaned


class ReferralMoveForm(InputGuard, forms.Form):
    """The receiver's next step; a value and currency only when it is won."""

    status = forms.ChoiceField(
        label=_("New status"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("That step is not open from where the referral is.")
        },
    )
    value = forms.DecimalField(
        label=_("Value of the business closed"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Only for Won."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("Three letters, e.g. USD."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 4}),
    )
    note = forms.CharField(
        label=_("Note for the giver (optional)"), max_length=500, required=False
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = next_statuses(referral)


def next_statuses(referral: Referral) -> list[tuple[str, str]]:
    """The steps a referral may take from where it is (see the services)."""
    if referral.status in Referral.CLOSED:
        return []
    here = RANK[referral.status]
    return [
        (status, label)
        for status, label in Referral.Status.choices
        if RANK[status] > here
    ]


class ThankYouForm(InputGuard, forms.Form):
    note = forms.CharField(
        label=_("Your thank-you"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Emailed to the giver. Hosts may read it out at the next meeting."),
    )


class AgendaMeetingForm(InputGuard, forms.Form):
    """A host picks the coming meeting to read a thank-you out at."""

    occurrence = MeetingChoiceField(
        label=_("Read it out at"), queryset=None, empty_label=None
    )

    def __init__(self, *args, club: Club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].queryset = next_meetings(club)
