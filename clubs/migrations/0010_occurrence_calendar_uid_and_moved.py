"""Each meeting keeps the calendar UID its registrants already hold.

Until now the UID was derived from the series and `original_start`, which an
edit of the whole series or "this and following" changed. Existing rows store
the UID they were last sent under; new rows get a random one. `moved` is set
where a row's start differs from its place in the rule, as `is_moved` read.
The column becomes unique in 0011: PostgreSQL refuses to alter a table in the
transaction that just updated its rows ("pending trigger events").
"""

from django.db import migrations, models
from django.db.models import F, Q


def keep_current_identity(apps, schema_editor):
    Occurrence = apps.get_model("clubs", "Occurrence")
    rows = list(
        Occurrence.objects.select_related("series").only(
            "pk", "original_start", "series__uid"
        )
    )
    for row in rows:
        row.calendar_uid = f"{row.series.uid}-{row.original_start:%Y%m%dT%H%M%SZ}"
    Occurrence.objects.bulk_update(rows, ["calendar_uid"], batch_size=500)
    Occurrence.objects.filter(~Q(start=F("original_start"))).update(moved=True)


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0009_person_and_registration_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="calendar_uid",
            field=models.CharField(editable=False, max_length=80, null=True),
        ),
        migrations.AddField(
            model_name="occurrence",
            name="moved",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(keep_current_identity, migrations.RunPython.noop),
    ]
