from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from clubs.forms.accounts import ProfileForm
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
