"""Today's text becomes the English original of each translated field.

The columns added in 0023 start empty; copying the original column into
`<field>_en` keeps every existing club, series, meeting, agenda and template
reading as before in every language (each falls back to English). Runs in a
fresh clone and in production alike, unlike modeltranslation's
`update_translation_fields` command.
"""

from django.db import migrations
from django.db.models import F, Q

TRANSLATED = {
    "club": ("name", "description", "venue_name"),
    "series": ("title", "description", "venue_name"),
    "occurrence": ("venue_name", "note", "cancel_reason"),
    "agenda": ("intro",),
    "agendaitem": ("title", "notes"),
    "agendatemplate": ("name",),
    "agendatemplateitem": ("title",),
    "category": ("name",),
}


def copy_originals(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("clubs", model_name)
        for field in fields:
            english = f"{field}_en"
            missing = Q(**{f"{english}__isnull": True}) | Q(**{english: ""})
            model.objects.filter(missing).update(**{english: F(field)})


def copy_back(apps, schema_editor):
    """Undoing 0024 leaves the originals where 0023's reversal finds them."""
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("clubs", model_name)
        for field in fields:
            english = f"{field}_en"
            model.objects.exclude(**{f"{english}__isnull": True}).update(
                **{field: F(english)}
            )


class Migration(migrations.Migration):
    dependencies = [("clubs", "0023_translated_text_columns")]

    operations = [migrations.RunPython(copy_originals, copy_back)]
