"""clubsite.permissions: a person's permissions in one query, the same set
Django's ModelBackend reads in two."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from clubs.models import User
from clubsite.permissions import PermissionsBackend
from tests.builders import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _perm(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


@pytest.fixture
def editor():
    person = make_user()
    group = Group.objects.create(name="Permissions test")
    group.permissions.add(_perm("access_admin"), _perm("add_club"))
    person.groups.add(group)
    person.user_permissions.add(_perm("add_club"), _perm("change_club"))
    return person


def _fresh(person) -> User:
    return User.objects.get(pk=person.pk)  # no permission cached yet


def test_the_same_permissions_as_django_in_one_query(editor, django_assert_num_queries):
    expected = ModelBackend().get_all_permissions(_fresh(editor))
    person = _fresh(editor)
    with django_assert_num_queries(1):
        assert PermissionsBackend().get_all_permissions(person) == expected
        assert person.has_perm("wagtailadmin.access_admin")
        assert not person.has_perm("clubs.delete_club")
        assert person.get_all_permissions() == expected
    assert expected == {
        "wagtailadmin.access_admin",
        "clubs.add_club",
        "clubs.change_club",
    }


def test_superusers_have_all_and_the_inactive_none(editor):
    boss = make_user(is_superuser=True)
    everything = ModelBackend().get_all_permissions(_fresh(boss))
    assert PermissionsBackend().get_all_permissions(_fresh(boss)) == everything
    editor.is_active = False
    assert PermissionsBackend().get_all_permissions(editor) == set()
    assert not PermissionsBackend().has_perm(editor, "wagtailadmin.access_admin")


def test_it_signs_nobody_in_and_sessions_keep_their_backend(client, editor):
    assert PermissionsBackend().authenticate(None, email=editor.email) is None
    assert client.login(email=editor.email, password=PASSWORD)
    assert (
        client.session[BACKEND_SESSION_KEY] != "clubsite.permissions.PermissionsBackend"
    )
    client.logout()
    client.force_login(editor)
    assert client.session[BACKEND_SESSION_KEY] == (
        "django.contrib.auth.backends.ModelBackend"
    )
