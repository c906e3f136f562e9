import json
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from clubs.forms.accounts import AccountDeleteForm, ProfileForm
from clubs.forms.errors import form_errors
from clubs.ratelimits import limit
from clubs.selectors.personal_data import personal_data
from clubs.services.erasure import erase_person
from clubs.services.languages import person_language_changed


@login_required
def profile_edit(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=request.user)
    else:
        form = ProfileForm(instance=request.user)
    if form.is_bound and form.is_valid():
        person = form.save()
        if "language" in form.changed_data:
            person_language_changed(person=person)
        messages.success(request, _("Your profile is saved."))
        return redirect("profile_edit")
    return TemplateResponse(request, "clubs/profile_edit.html", {"form": form})


@login_required
@limit("personal_data_download", key="user", method="GET")
def personal_data_download(request):
    """The file of everything the site keeps about the member, as JSON.
    Signed in, so PersonalNoStoreMiddleware keeps it out of every cache."""
    data = personal_data(person=request.user)
    day = data["generated_at"].astimezone(ZoneInfo(request.user.time_zone)).date()
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"{slugify(settings.WAGTAIL_SITE_NAME)}-data-{day:%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@limit("account_delete", key="user")
def account_delete(request):
    """ "Delete my account": what goes and what stays, then the password (or
    the address) again. The account is erased, the person signed out."""
    data = request.POST if request.method == "POST" else None
    form = AccountDeleteForm(data, person=request.user)
    if form.is_bound and form.is_valid():
        try:
            erase_person(person=request.user, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            logout(request)
            return redirect("account_deleted")
    return TemplateResponse(request, "clubs/account_delete.html", {"form": form})


@never_cache
def account_deleted(request):
    return TemplateResponse(request, "clubs/account_deleted.html", {})
