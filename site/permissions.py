"""A person's permissions in one query, for the authentication backends.

Django's ModelBackend reads a person's own permissions and their groups' in
two queries, and every signed-in page asks (the header's Admin link, the
Wagtail userbar). `PermissionsBackend` comes first in AUTHENTICATION_BACKENDS
and reads both at once into the cache the backends after it share
(`_perm_cache`), so they find them there and ask nothing more. It signs
nobody in and loads nobody from a session: those stay with the backends
after it (and Django's test client, looking for the first backend that loads
users, passes it by)."""

from django.contrib.auth.models import Permission


class PermissionsBackend:
    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        """As ModelBackend.get_all_permissions: every permission for an
        active superuser, their own and their groups' for anyone else
        active, none for the inactive, the anonymous or an object."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in _rows(user_obj)
            }
        return user_obj._perm_cache

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)


def _rows(user_obj):
    fields = ("content_type__app_label", "codename")
    if user_obj.is_superuser:
        return Permission.objects.values_list(*fields).order_by()
    own = Permission.objects.filter(user=user_obj)
    groups = Permission.objects.filter(group__user=user_obj)
    return (
        own.values_list(*fields)
        .order_by()
        .union(groups.values_list(*fields).order_by(), all=True)
    )
