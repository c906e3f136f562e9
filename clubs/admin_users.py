"""Wagtail's users app, with our user viewset (`clubs.viewsets.users`): the
admin's "Delete user" goes through `clubs.services.erasure`, and its forms
carry the site's input guard. Wagtail reads the viewset from this config.

Kept apart from the viewset itself: INSTALLED_APPS imports this module
before any model is ready."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "clubs.viewsets.users.UserViewSet"
