"""Mark every group's training series as a training, so that the club it is
held at no longer shows it as its "next meeting"."""

from django.db import migrations


def mark_trainings(apps, schema_editor):
    Series = apps.get_model("clubs", "Series")
    MastermindGroup = apps.get_model("masterminds", "MastermindGroup")
    trainings = MastermindGroup.objects.exclude(training_series=None).values(
        "training_series"
    )
    Series.objects.filter(pk__in=trainings).update(purpose="training")


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0018_series_purpose"),
        ("masterminds", "0004_seat_holds"),
    ]

    operations = [migrations.RunPython(mark_trainings, migrations.RunPython.noop)]
