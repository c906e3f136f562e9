"""The club form of the admin: the viewset's fields, with dues typed as money."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images.widgets import AdminImageChooser

from clubs.forms.inputs import InputGuard
from clubs.forms.payments import (
    AmountField,
    CurrencyField,
    amounts_initial,
    amounts_to_minor_units,
)
from clubs.models import Club
from clubs.models.translations import original, translations

# The people-facing text is edited as its English original (`name_en`) here,
# and in each language's panel (CLUB_TRANSLATIONS, clubs/viewsets/clubs.py).
TRANSLATED = ("name", "description", "venue_name")
CLUB_TRANSLATIONS = translations(*TRANSLATED)
CLUB_FIELDS = [
    original("name"),
    "slug",
    original("description"),
    "time_zone",
    original("venue_name"),
    "venue_address",
    "online_url",
    "cover_image",
    "visibility",
    "join_policy",
    "reminder_hours_before",
    "absence_limit",
    "absence_window_months",
    "dues",
    "dues_currency",
    "dues_interval",
    "payment_hold_minutes",
    "waitlist_offer_hours",
    "refund_until_hours",
]


class ClubForm(InputGuard, WagtailAdminModelForm):
    dues = AmountField(
        label=_("Dues"),
        help_text=_("What members pay, e.g. 120.00. Empty: no dues."),
    )
    dues_currency = CurrencyField(label=_("Dues currency"))

    class Meta:
        model = Club
        fields = [*CLUB_FIELDS, *CLUB_TRANSLATIONS]
        # Named here: this form is built before wagtail.images registers
        # its chooser for every image ForeignKey.
        widgets = {"cover_image": AdminImageChooser}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        club = self.instance
        self.initial.update(amounts_initial({"dues": club.dues}, club.dues_currency))

    def clean(self):
        data = super().clean()
        currency = data.get("dues_currency", "")
        amounts_to_minor_units(self, ["dues"], currency, currency_field="dues_currency")
        if data.get("dues") is not None and not data.get("dues_interval"):
            self.add_error("dues_interval", _("Say how often dues are charged."))
        return data
