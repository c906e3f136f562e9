"""The domain text hosts and editors translate (django-modeltranslation).

Each field listed here gets a column per language (`title_es`, `title_id`,
`title_ru`) beside the original (`title_en`), and `series.title` reads the
active language's, falling back to English when a translation is empty, so
pages, emails and feeds follow the reader's language without a join.

Registered: what people read about a club and its meetings. Left out: what
people write about themselves (names, referrals, applications, commitments,
notes to one person), addresses (a street is not translated), and the
reward programs, which are Wagtail snippets with one row per locale.
"""

from modeltranslation.translator import TranslationOptions, register

from clubs.models import (
    Agenda,
    AgendaItem,
    AgendaTemplate,
    AgendaTemplateItem,
    Category,
    Club,
    Occurrence,
    Series,
)


class Translated(TranslationOptions):
    # An empty translation is missing: the reader gets the original.
    fallback_undefined = ""
    # The original (`_en`) is required where the field itself is; every
    # translation is optional.
    required_languages = ("en",)


@register(Club)
class ClubTranslation(Translated):
    fields = ("name", "description", "venue_name")


@register(Series)
class SeriesTranslation(Translated):
    fields = ("title", "description", "venue_name")


@register(Occurrence)
class OccurrenceTranslation(Translated):
    fields = ("venue_name", "note", "cancel_reason")


@register(Agenda)
class AgendaTranslation(Translated):
    fields = ("intro",)


@register(AgendaItem)
class AgendaItemTranslation(Translated):
    fields = ("title", "notes")


@register(AgendaTemplate)
class AgendaTemplateTranslation(Translated):
    fields = ("name",)


@register(AgendaTemplateItem)
class AgendaTemplateItemTranslation(Translated):
    fields = ("title",)


@register(Category)
class CategoryTranslation(Translated):
    fields = ("name",)
