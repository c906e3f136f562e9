"""Replace Wagtail's placeholder root page with our HomePage, and point the
default Site at it, so a fresh install serves a real home page."""

import uuid

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("content.HomePage")

    # Wagtail's own first page ("Welcome to your new Wagtail site!"); deleting it
    # also deletes the Site that points at it.
    Page.objects.filter(
        content_type__app_label="wagtailcore",
        content_type__model="page",
        slug="home",
        depth=2,
    ).delete()

    content_type, _ = ContentType.objects.get_or_create(
        app_label="content", model="homepage"
    )
    locale = Locale.objects.order_by("pk").first()
    homepage = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        hero_heading="Grow your business through people who know you",
        hero_text=(
            "Meet local business owners every month, pass each other good "
            "referrals, and track the business they bring."
        ),
    )
    root = Page.objects.get(depth=1)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost", port=80, root_page=homepage, is_default_site=True
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("content.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_homepage, remove_homepage),
    ]
