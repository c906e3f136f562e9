"""The guard reaches the forms the site does not write itself: those Wagtail
builds for our models (snippets, viewsets) and allauth's own. Each is found
from where it is configured, so a new one is checked as it comes; and bad
input posted to them is refused beside the field, never a 500, nothing
written."""

import inspect
import re

import pytest
from allauth.account import app_settings, views
from allauth.utils import get_form_class
from django.urls import get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from clubs.forms.inputs import InputGuard
from clubs.models import Category, User
from tests.builders import make_user

OUR_APPS = ("clubs", "content", "masterminds")
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63, "e" * 55])
ESC, NUL, HUGE = "Gus\x1b Guest", "Gus\x00Guest", "x" * 10_000


def allauth_form_keys() -> set[str]:
    """Every form allauth's views look up in ACCOUNT_FORMS."""
    source = inspect.getsource(views)
    return set(re.findall(r'app_settings\.FORMS,\s*"(\w+)"', source))


def test_every_form_allauth_lets_us_replace_is_guarded():
    keys = allauth_form_keys()
    assert {"login", "reset_password", "request_login_code"} <= keys

    unguarded = sorted(
        key
        for key in keys
        if not issubclass(get_form_class(app_settings.FORMS, key, None), InputGuard)
    )

    assert not unguarded, f"Guard these allauth forms (ACCOUNT_FORMS): {unguarded}"


def _admin_viewsets():
    assert get_resolver().url_patterns  # the admin registers every viewset
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if (
            isinstance(viewset, ModelViewSet)
            and model is not None
            and model._meta.app_label in OUR_APPS
            and not issubclass(model, Page)
        ):
            routed = {pattern.name for pattern in viewset.get_urlpatterns()}
            if routed & {"add", "edit"}:
                yield viewset


def test_every_admin_form_for_our_models_is_guarded():
    found = list(_admin_viewsets())
    assert Category in {viewset.model for viewset in found}

    unguarded = sorted(
        viewset.model.__name__
        for viewset in found
        for for_update in (False, True)
        if not issubclass(viewset.get_form_class(for_update=for_update), InputGuard)
    )

    assert not unguarded, f"Admin forms without the guard: {unguarded}"


# --- Bad input, posted --------------------------------------------------------


@pytest.fixture
def editor(db, client):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", [ESC, NUL, HUGE], ids=["esc", "nul", "huge"])
def test_a_category_with_bad_text_is_refused_beside_the_field(editor, name):
    url = reverse(Category.snippet_viewset.get_url_name("add"))

    response = editor.post(url, {"name_en": name})

    assert response.status_code == 200
    assert response.context["form"].errors["name_en"]
    assert not Category.objects.exists()


ACCOUNT_FORMS = [
    ("account_login", "login", {"password": "correct horse"}),
    ("account_reset_password", "email", {}),
    ("account_request_login_code", "email", {}),
]


@pytest.mark.django_db
@pytest.mark.usefixtures("no_rate_limits")
@pytest.mark.parametrize(("url_name", "field", "rest"), ACCOUNT_FORMS)
@pytest.mark.parametrize(
    "value",
    [LONG_EMAIL, f"{ESC}@example.com", f"{NUL}@example.com", HUGE + "@example.com"],
    ids=["312-char email", "esc", "nul", "huge"],
)
def test_allauths_forms_refuse_bad_input_beside_the_field(
    client, url_name, field, rest, value
):
    users = User.objects.count()

    response = client.post(reverse(url_name), {field: value, **rest})

    assert response.status_code == 400  # allauth's answer to a form in error
    assert response.context["form"].errors[field]
    assert User.objects.count() == users


@pytest.mark.django_db
def test_the_users_admin_refuses_a_name_with_esc(editor):
    person = make_user(first_name="Ola")
    url = reverse("wagtailusers_users:edit", args=[person.pk])

    response = editor.post(
        url, {"email": person.email, "first_name": ESC, "last_name": "Lee"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["first_name"]
    person.refresh_from_db()
    assert person.first_name == "Ola"
