from io import BytesIO
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from clubs.forms.inputs import InputGuard
from clubs.models import User
from clubs.validators import time_zone_names


class SignupForm(InputGuard, forms.Form):
    """Extra fields on allauth's sign-up form: people meet by name here."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(InputGuard, forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"))

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "business_name",
            "category",
            "phone",
            "website",
            "bio",
            "photo",
            "time_zone",
            "language",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["business_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["language"].required = False
        self.fields["time_zone"].choices = [
            (name, name.replace("_", " ")) for name in sorted(time_zone_names())
        ]

    def clean_language(self):
        """Left out of the form, the member's language stays as it was."""
        return self.cleaned_data["language"] or self.instance.language

    def clean_photo(self):
        """A new photo is kept as a small square: faces are shown at 40 px, and
        a phone should not fetch a 5 MB original for each of them."""
        photo = self.cleaned_data["photo"]
        if isinstance(photo, UploadedFile):
            try:
                return square_photo(photo)
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                # A file that passed Django's check and still won't decode.
                raise forms.ValidationError(
                    _("This photo could not be read. Please upload another one."),
                    code="invalid_image",
                ) from error
        return photo


PHOTO_SIDE = 256  # pixels: sharp at 40 px on a 3x screen, and in the admin


def square_photo(upload: UploadedFile) -> SimpleUploadedFile:
    """The upload turned upright (its camera's EXIF orientation), cropped to a
    centred square, scaled to PHOTO_SIDE and stored as a JPEG."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
    image = ImageOps.fit(image, (PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
    out = BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    name = Path(upload.name).with_suffix(".jpg").name
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


class AccountDeleteForm(InputGuard, forms.Form):
    """Deleting one's account: the password again, or, for an account that
    signs in by emailed codes and has none, the email address typed out."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    email = forms.CharField(
        label=_("Type your email address to confirm"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if person.has_usable_password():
            del self.fields["email"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["email"].required = True

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.person.email.lower():
            raise forms.ValidationError(_("That is not your email address."))
        return email


class ProspectEraseForm(InputGuard, forms.Form):
    """A host erases a prospect's details, at the prospect's request."""

    confirm = forms.BooleanField(
        label=_("The prospect asked to be forgotten; erase their details"),
        required=True,
    )
