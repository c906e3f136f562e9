"""allauth's sign-up form, with its honeypot styled by the site's CSS.

allauth hides the honeypot (ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD) with an inline
style, which the site's Content Security Policy refuses: people would see it.
Here it is hidden by a class instead. A separate module from
clubs.forms.accounts, which allauth's forms import while they load."""

from allauth.account.forms import SignupForm

from clubs.forms.registrations import HONEYPOT_CLASS


class HoneypotSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("website")
        if field is not None:
            field.widget.attrs.pop("style", None)
            field.widget.attrs.update(
                {"class": HONEYPOT_CLASS, "autocomplete": "off", "tabindex": "-1"}
            )
