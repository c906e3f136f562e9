"""Wagtail's users app, with the admin's "Delete user" going through
`clubs.services.erasure` (Wagtail reads its user viewset from this config).

Kept apart from the viewset itself: INSTALLED_APPS imports this module
before any model is ready."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "clubs.viewsets.users.UserViewSet"
