"""allauth's own forms with the site's guard mixed in (control characters,
emails at most 254 characters). `settings.ACCOUNT_FORMS` names one here for
every form allauth lets a site replace; a test reads allauth's views for
the names it looks up, so a form a new allauth version adds fails the test
until it is guarded here. (Sign-up is guarded through
ACCOUNT_SIGNUP_FORM_CLASS, its base: `clubs.forms.signup`.)"""

from allauth.account import forms as allauth_forms

from clubs.forms.inputs import guarded

LoginForm = guarded(allauth_forms.LoginForm)
ReauthenticateForm = guarded(allauth_forms.ReauthenticateForm)
AddEmailForm = guarded(allauth_forms.AddEmailForm)
ChangeEmailForm = guarded(allauth_forms.ChangeEmailForm)
ChangePasswordForm = guarded(allauth_forms.ChangePasswordForm)
SetPasswordForm = guarded(allauth_forms.SetPasswordForm)
ResetPasswordForm = guarded(allauth_forms.ResetPasswordForm)
ResetPasswordKeyForm = guarded(allauth_forms.ResetPasswordKeyForm)
UserTokenForm = guarded(allauth_forms.UserTokenForm)
RequestLoginCodeForm = guarded(allauth_forms.RequestLoginCodeForm)
ConfirmLoginCodeForm = guarded(allauth_forms.ConfirmLoginCodeForm)
VerifyPhoneForm = guarded(allauth_forms.VerifyPhoneForm)
ChangePhoneForm = guarded(allauth_forms.ChangePhoneForm)
ConfirmEmailVerificationCodeForm = guarded(
    allauth_forms.ConfirmEmailVerificationCodeForm
)
ConfirmPasswordResetCodeForm = guarded(allauth_forms.ConfirmPasswordResetCodeForm)
