"""Where each translated field's languages live (see clubs/translation.py).

django-modeltranslation keeps the original in `<field>_en` and a column per
other language (`_es`, `_ind` for Indonesian, `_ru`). The admin edits the
original under the field's own label and each language in a collapsed panel
of its own, so a host never writes a translation by browsing in Spanish.
"""

from django.conf import settings
from django.db.models import F, Model, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import NONE
from modeltranslation.thread_context import fallbacks_enabled
from modeltranslation.utils import build_localized_fieldname, resolution_order
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

ORIGINAL = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def translation_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != ORIGINAL]


def original(field: str) -> str:
    """The column holding the original: `title` -> `title_en`."""
    return build_localized_fieldname(field, ORIGINAL)


def translations(*fields: str) -> list[str]:
    """Every translation column of `fields`: `title_es`, `title_ind`, ..."""
    return [
        build_localized_fieldname(field, code)
        for code in translation_languages()
        for field in fields
    ]


def language_name(code: str) -> str:
    """ "Español", "Bahasa Indonesia", "Русский": as their readers write them."""
    name = get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def translation_panels(*fields: str) -> list[MultiFieldPanel]:
    """One collapsed panel per language with that language's columns."""
    return [
        MultiFieldPanel(
            [FieldPanel(build_localized_fieldname(field, code)) for field in fields],
            heading=language_name(code),
            classname="collapsed",
        )
        for code in translation_languages()
    ]


def inline_translation_panel(*fields: str) -> MultiFieldPanel:
    """Every language's columns of an inline child (an agenda item) in one
    collapsed panel inside the child, so they travel with it."""
    return MultiFieldPanel(
        [FieldPanel(name) for name in translations(*fields)],
        heading=_("Translations"),
        classname="collapsed",
    )


def in_every_language(field: str, text) -> dict[str, str]:
    """`field`'s columns for a text our catalogues translate: a lazy gettext
    string, or a function that builds it in the active language. English is
    the original; a language whose catalogue has no translation yet gets ""
    (so it reads the original, and no stale translation stays behind)."""

    def written(code: str) -> str:
        with translation.override(code):
            return str(text() if callable(text) else text)

    english = written(ORIGINAL)
    columns = {original(field): english}
    for code in translation_languages():
        translated = written(code)
        column = build_localized_fieldname(field, code)
        columns[column] = translated if translated != english else ""
    return columns


def read_in_language(model: type[Model], field: str) -> Coalesce:
    """`instance.<field>` as modeltranslation reads it, written in SQL: the
    active language's column, else each fallback's in turn, a missing text
    being NULL or `fallback_undefined`; else the fallback value or the
    field's default. For a read of hundreds of rows as values, where a model
    instance and a descriptor call per row and field cost more than the rest.
    tests/clubs/test_translations_read_in_language.py holds it to the
    descriptor."""
    descriptor = getattr(model, field)
    default = descriptor.field.get_default()
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = default
    if fallbacks_enabled() and descriptor.fallback_value is not NONE:
        default = descriptor.fallback_value
    columns = {one.attname for one in model._meta.concrete_fields}
    languages = resolution_order(
        translation.get_language(), descriptor.fallback_languages
    )
    readings = [
        F(column) if undefined is None else NullIf(F(column), Value(undefined))
        for column in (build_localized_fieldname(field, code) for code in languages)
        # A language without a column reads as missing, as getattr's None.
        if column in columns
    ]
    return Coalesce(*readings, Value(default), output_field=TextField())
