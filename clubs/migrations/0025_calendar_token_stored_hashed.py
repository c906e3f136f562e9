"""Feed tokens are stored hashed: each member's current token becomes its
SHA-256, so every calendar already subscribed keeps working (the address
still carries the token, which now is hashed to be looked up), and the
tokens themselves leave the database."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    User = apps.get_model("clubs", "User")
    for pk, token in User.objects.values_list("pk", "calendar_token").iterator():
        digest = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
        User.objects.filter(pk=pk).update(calendar_token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0024_translated_text_originals"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="calendar_token_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, unique=True
            ),
        ),
        # Irreversible by nature: a hash gives no token back.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="user", name="calendar_token"),
    ]
