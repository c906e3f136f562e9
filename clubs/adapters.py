from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.validators import MaxLengthValidator
from django.utils import translation

from clubs.cookies import touch_from_request
from clubs.forms.inputs import EMAIL_MAX_LENGTH
from clubs.notifications.email import email_enqueue
from clubs.services.attribution import attribution_signed_up


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        """Every address allauth takes (sign-up, adding or changing one) fits
        its column: allauth's own form fields allow 320 characters."""
        email = super().clean_email(email)
        MaxLengthValidator(EMAIL_MAX_LENGTH)(email)
        return email

    def send_mail(self, template_prefix, email, context):
        """Render allauth's emails (verification, login code, password reset) in
        the request, and leave the sending to the task worker."""
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        email_enqueue(self.render_mail(template_prefix, email, context))

    def save_user(self, request, user, form, commit=True):
        """A visitor who followed a member's share link and signs up is
        credited to that member (never rewarded for signing up alone)."""
        # Emails from now on are written in the language they signed up in.
        user.language = translation.get_language()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            attribution_signed_up(touch=touch_from_request(request), person=user)
        return user
