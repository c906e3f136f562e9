"""The demo's clubs, series, agendas, templates, categories and reward
programs read in Spanish, Indonesian and Russian, and seeding twice
changes none of it."""

import pytest
from django.core.management import call_command
from django.utils import translation

from clubs.models import (
    Agenda,
    AgendaTemplate,
    AgendaTemplateItem,
    Category,
    Club,
    RewardProgram,
    Series,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["es", "ind", "ru"]  # modeltranslation's column suffixes


def translated_text():
    rows = []
    for model, field in [
        (Club, "name"),
        (Club, "description"),
        (Series, "title"),
        (AgendaTemplate, "name"),
        (AgendaTemplateItem, "title"),
        (Category, "name"),
    ]:
        columns = [f"{field}_en", *(f"{field}_{code}" for code in LANGUAGES)]
        rows += list(model.objects.order_by("pk").values_list(*columns))
    return rows


def test_every_demo_text_has_its_three_translations():
    call_command("seed_demo")
    first = translated_text()
    call_command("seed_demo")

    assert translated_text() == first
    untranslated = [row for row in first if row[0] and not all(row[1:])]
    assert untranslated == []
    # The breakfast's published running order; a mastermind session's
    # hot-seat titles name members and follow the catalogues instead.
    (breakfast_agenda,) = Agenda.objects.filter(
        live=True, occurrence__series__club__slug="northside-breakfast"
    )
    assert breakfast_agenda.intro_ru == "Возьмите с собой двадцать визиток."
    items = breakfast_agenda.items.all()
    assert items and all(item.title_es and item.title_ind for item in items)
    with translation.override("ru"):
        breakfast = Club.objects.get(slug="northside-breakfast")
        assert breakfast.name == "Деловой завтрак Northside"
    programs = RewardProgram.objects.values_list("locale__language_code", flat=True)
    assert sorted(programs) == ["en", "es", "id", "ru"]
