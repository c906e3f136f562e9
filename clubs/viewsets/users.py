"""Wagtail's Users admin, its create and edit forms with the site's guard
(a name with ESC in it would break exports and the referral graph)."""

from wagtail.users.views.users import UserViewSet

from clubs.forms.inputs import guarded


class GuardedUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return guarded(super().get_form_class(for_update=for_update))
