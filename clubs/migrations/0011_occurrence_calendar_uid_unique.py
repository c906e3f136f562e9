"""Every meeting has its calendar UID now (0010): new ones get a random one,
and no two share it."""

from django.db import migrations, models

import clubs.models.meetings


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0010_occurrence_calendar_uid_and_moved"),
    ]

    operations = [
        migrations.AlterField(
            model_name="occurrence",
            name="calendar_uid",
            field=models.CharField(
                default=clubs.models.meetings.new_occurrence_uid,
                editable=False,
                max_length=80,
                unique=True,
            ),
        ),
    ]
