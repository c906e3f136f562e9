"""`read_in_language` reads a translated field in SQL exactly as
modeltranslation's descriptor reads it on an instance: the active language,
then its fallbacks, an empty text counting as missing, else the default."""

import itertools

import pytest
from django.utils import translation
from modeltranslation.utils import fallbacks

from clubs.models import Occurrence
from clubs.models.translations import read_in_language
from tests.builders import make_occurrence

TEXTS = ["", "English note"]
LANGUAGES = ["en", "es", "id", "ru"]


@pytest.mark.django_db
@pytest.mark.parametrize("fallbacks_on", [True, False])
def test_each_language_reads_what_an_instance_reads(fallbacks_on):
    occurrence = make_occurrence()
    rows = []
    for english, spanish, indonesian in itertools.product(TEXTS, ["", "Nota"], TEXTS):
        row = Occurrence.objects.get(pk=occurrence.pk)
        row.pk = None
        row.calendar_uid = f"{len(rows)}-{occurrence.calendar_uid}"
        row.original_start = occurrence.original_start.replace(year=2100 + len(rows))
        row.note_en, row.note_es, row.note_ind = english, spanish, indonesian
        row.save()
        rows.append(row.pk)

    for language in LANGUAGES:
        with translation.override(language), fallbacks(fallbacks_on):
            read = dict(
                Occurrence.objects.filter(pk__in=rows)
                .annotate(note_read=read_in_language(Occurrence, "note"))
                .values_list("pk", "note_read")
            )
            instances = Occurrence.objects.filter(pk__in=rows)
            expected = {one.pk: one.note for one in instances}

        assert read == expected, language
