"""Applications, hot seats, absence notices and commitments are no longer in
Wagtail's reference index (see clubs' migration 0026): this removes the rows
their saves left behind."""

from django.db import migrations

RECORDS = ["application", "hotseat", "absencenotice", "commitment"]


def forget_records(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    types = ContentType.objects.filter(app_label="masterminds", model__in=RECORDS)
    ReferenceIndex.objects.filter(base_content_type__in=types).delete()
    ReferenceIndex.objects.filter(to_content_type__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("masterminds", "0005_training_series_purpose"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(forget_records, migrations.RunPython.noop)]
