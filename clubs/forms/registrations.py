from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.models import User


class GuestRegistrationForm(forms.Form):
    """Guests register with a name and an email address, and no account."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    invited_by = forms.ModelChoiceField(
        label=_("Who invited you? (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_by"].queryset = (
            members if members is not None else User.objects.none()
        )


class ResendLinkForm(forms.Form):
    """ "Send me my link again": the address that already has a place."""

    email = forms.EmailField(label=_("Email"))
