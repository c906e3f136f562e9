"""Registrations, attendance, payments, memberships, meetings and the other
records are no longer in Wagtail's reference index (their models say
`wagtail_reference_index_ignore`): every save of one queued a task that wrote
a row nobody reads. This removes the rows those tasks left behind, from and
to these models; the index of pages, images, documents, clubs and series
stays as it is."""

from django.db import migrations

RECORDS = [
    "registration",
    "attendance",
    "membership",
    "occurrence",
    "payment",
    "refund",
    "stripeevent",
    "attribution",
    "reward",
    "referral",
    "referralstep",
    "thankyou",
    "subscription",
]


def forget_records(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    types = ContentType.objects.filter(app_label="clubs", model__in=RECORDS)
    ReferenceIndex.objects.filter(base_content_type__in=types).delete()
    ReferenceIndex.objects.filter(to_content_type__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0027_payment_for_a_place_already_held"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(forget_records, migrations.RunPython.noop)]
