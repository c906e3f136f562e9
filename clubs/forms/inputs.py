"""What every form of the site checks before its own rules: text without
control characters, and emails that fit the columns (254 characters, the
limit of RFC 5321's path), and how views read numbers and slugs from a query
string.

Every form class of the site mixes in `InputGuard` (a test walks them all),
so a new field is guarded without anyone remembering to."""

import re
from functools import cache

from django import forms
from django.core.validators import MaxLengthValidator

from clubs.control_characters import (
    validate_multi_line_text,
    validate_single_line_text,
)

EMAIL_MAX_LENGTH = 254  # the email columns, and what a mail server accepts
ID_MAX = 2**31 - 1  # the largest id an integer column holds everywhere
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


class InputGuard:
    """Mix into a form (first, before `forms.Form` or a model form) to guard
    every text field it has, its own and those a base class adds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            guard_field(field)


@cache
def guarded(form_class: type) -> type:
    """`form_class` with the guard mixed in, under its own name: for forms a
    library defines (allauth's, Wagtail's users)."""
    name = form_class.__name__
    return type(
        name,
        (InputGuard, form_class),
        {"__module__": form_class.__module__, "__qualname__": name},
    )


def guard_field(field: forms.Field) -> None:
    if isinstance(field, forms.EmailField):
        _limit_email(field)
    if not isinstance(field, forms.CharField) or isinstance(
        field.widget, forms.PasswordInput
    ):
        return
    multi_line = isinstance(field.widget, forms.Textarea)
    validator = validate_multi_line_text if multi_line else validate_single_line_text
    if validator not in field.validators:
        field.validators.append(validator)


def _limit_email(field: forms.EmailField) -> None:
    if field.max_length is not None and field.max_length <= EMAIL_MAX_LENGTH:
        return
    field.max_length = EMAIL_MAX_LENGTH
    field.validators.append(MaxLengthValidator(EMAIL_MAX_LENGTH))
    field.widget.attrs["maxlength"] = str(EMAIL_MAX_LENGTH)


def query_id(value) -> int | None:
    """An id from a query string or hidden field, or None for anything that
    is not a plain positive number a column can hold (`"²".isdigit()` is
    true, yet `int("²")` fails)."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= ID_MAX else None


def query_slug(value) -> str | None:
    """A slug from a query string, or None for anything that cannot be one
    (PostgreSQL refuses a NUL byte in a query outright)."""
    if isinstance(value, str) and _SLUG.fullmatch(value):
        return value
    return None
