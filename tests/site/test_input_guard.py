"""The one guard every form of the site goes through (control characters,
email length), how views read numbers and slugs from a query string, and the
writers of SVG and .ics that drop what their format cannot hold."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import get_resolver, reverse

from clubs.control_characters import (
    icalendar_bytes,
    validate_multi_line_text,
    validate_single_line_text,
    xml_text,
)
from clubs.forms.inputs import InputGuard, query_id, query_slug
from tests.builders import make_club, make_occurrence

OURS = ("clubs.", "content.", "masterminds.", "clubsite.")


def _form_classes(cls=forms.BaseForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def test_every_form_of_the_site_goes_through_the_guard():
    assert get_resolver().url_patterns  # imports every view, and so every form
    ours = {cls for cls in _form_classes() if cls.__module__.startswith(OURS)}

    assert len(ours) > 25
    unguarded = sorted(
        cls.__qualname__ for cls in ours if not issubclass(cls, InputGuard)
    )
    assert not unguarded, f"Mix InputGuard into: {unguarded}"


class Sample(InputGuard, forms.Form):
    name = forms.CharField(max_length=150)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Gus\x1b Guest"}, "name"),
        ({"name": "Gus\nGuest"}, "name"),
        ({"name": "Gus\x85Guest"}, "name"),
        ({"name": "Gus\u2028Guest"}, "name"),
        ({"name": "Gus\ufffe"}, "name"),
        ({"name": "Gus", "notes": "line\x07"}, "notes"),
        (
            {
                "name": "Gus",
                "email": "a" * 64 + "@" + "b" * 63 + "." + "c" * 130 + ".com",
            },
            "email",
        ),
    ],
)
def test_the_guard_refuses_beside_the_field(data, field):
    form = Sample(data)

    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_the_guard_keeps_what_people_really_type():
    form = Sample(
        {
            "name": "Zoë O'Brien-Søren 李 🙂",
            "notes": "First line\r\nSecond\tline",
            "email": "zoe@example.com",
            "password": "pa\x1bss",  # passwords are not text to show
        }
    )

    assert form.is_valid(), form.errors
    assert form.fields["email"].widget.attrs["maxlength"] == "254"


def test_the_validators_on_their_own():
    validate_multi_line_text("a\nb\tc\r\n")
    with pytest.raises(ValidationError):
        validate_single_line_text("a\tb")
    with pytest.raises(ValidationError):
        validate_multi_line_text("a\x00b")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12", 12),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("0", None),
        ("99999999999999999999", None),
        (" 12", None),
        ("", None),
        (None, None),
    ],
)
def test_ids_from_a_query_string(typed, read):
    assert query_id(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [("breakfast-club", "breakfast-club"), ("b\x00", None), ("", None), (None, None)],
)
def test_slugs_from_a_query_string(typed, read):
    assert query_slug(typed) == read


def test_xml_and_icalendar_lose_what_they_cannot_hold():
    assert xml_text("Gina\x1b\x07 <Giver>\t\n") == "Gina <Giver>\t\n"
    assert (
        icalendar_bytes("SUMMARY:Caf\x1bé\r\n".encode()) == "SUMMARY:Café\r\n".encode()
    )


@pytest.mark.django_db
def test_a_meeting_title_typed_before_the_guard_makes_a_valid_ics(client):
    club = make_club(slug="breakfast")
    occurrence = make_occurrence(club, title="Break\x1bfast\x07")

    response = client.get(reverse("occurrence_ics", args=["breakfast", occurrence.pk]))

    assert response.status_code == 200
    assert b"\x1b" not in response.content and b"\x07" not in response.content
    assert b"Breakfast" in response.content
