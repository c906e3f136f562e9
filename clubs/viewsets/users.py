"""Wagtail's Users admin, made ours in two ways:

- deleting a user goes the way a member deletes their own account:
  `erase_person` keeps everyone else's records and anonymises what they hold
  of the person, where Wagtail's own delete would cascade through them;
- the create and edit forms carry the site's guard (a name with ESC in it
  would break exports and the referral graph)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from wagtail.users.views import users

from clubs.forms.inputs import guarded
from clubs.services.erasure import erase_person


class UserDeleteView(users.DeleteView):
    def form_valid(self, form):
        try:
            erase_person(person=self.object, by=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect(self.get_success_url())
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class UserViewSet(users.UserViewSet):
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update=False):
        return guarded(super().get_form_class(for_update=for_update))


def bulk_delete_erases(request, action_type, objects, action):
    """The listing's bulk "Delete" erases each person first, so that
    Wagtail's own delete finds nobody left to cascade from. A refusal (a
    club's only organizer) stops the whole action before anyone goes."""
    if action_type != "delete" or action.model is not users.User:
        return None
    try:
        for person in objects:
            erase_person(person=person, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("wagtailusers_users:index")
    return None
