"""Media on S3-compatible object storage (clubsite.settings, when
AWS_STORAGE_BUCKET_NAME is set), against moto's S3 emulator run as a
separate process on a free port: a member's photo and a Wagtail image go in
through the real forms, land in the bucket, and the pages point at the
bucket's (or the CDN's) address; Wagtail's renditions land there too."""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from clubs.models import Club
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.builders import make_registration as register

pytestmark = pytest.mark.django_db

BUCKET = "club-media"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server, its own process on a free port."""
    port = _free_port()
    server = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **{k.upper(): v for k, v in KEYS.items()}},
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket, and the site's settings as the environment would set
    them (see site/settings.py)."""
    s3 = boto3.resource("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    existing = s3.Bucket(BUCKET)
    if existing.creation_date:
        existing.objects.all().delete()
    else:
        s3.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_ACCESS_KEY_ID = KEYS["aws_access_key_id"]
    settings.AWS_S3_SECRET_ACCESS_KEY = KEYS["aws_secret_access_key"]
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.AWS_S3_CUSTOM_DOMAIN = None
    yield existing
    settings.AWS_STORAGE_BUCKET_NAME = ""


def keys(bucket) -> set[str]:
    return {o.key for o in bucket.objects.all()}


def png(name="me.png", size=(600, 400)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_members_photo_lands_in_the_bucket_and_the_page_points_there(
    client, bucket, s3_endpoint, settings
):
    club = make_club(slug="breakfast")
    occurrence = make_occurrence(club)
    ana = make_user(email="ana@example.com", first_name="Ana")
    make_membership(club, ana)
    register(occurrence, person=ana)
    client.force_login(ana)

    response = client.post(
        reverse("profile_edit"),
        {
            "first_name": "Ana",
            "last_name": "Diaz",
            "time_zone": "UTC",
            "photo": png(),
        },
    )

    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.photo.name in keys(bucket)
    assert not (Path(settings.MEDIA_ROOT) / ana.photo.name).exists()
    page = client.get(
        reverse("occurrence_detail", kwargs={"slug": club.slug, "pk": occurrence.pk})
    ).content.decode()
    assert f'src="{s3_endpoint}/{BUCKET}/{ana.photo.name}"' in page


def test_a_wagtail_image_and_its_renditions_land_in_the_bucket(
    client, bucket, settings
):
    settings.AWS_S3_CUSTOM_DOMAIN = "media.clubs.example"
    admin = make_user(email="root@example.com", is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Breakfast room", "file": png("room.png", (1600, 900))},
    )

    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get(title="Breakfast room")
    assert image.file.name in keys(bucket)
    # The meeting page shows it as the club's cover, through renditions.
    club = make_club(slug="breakfast")
    Club.objects.filter(pk=club.pk).update(cover_image=image)
    occurrence = make_occurrence(club)
    page = client.get(
        reverse("occurrence_detail", kwargs={"slug": club.slug, "pk": occurrence.pk})
    ).content.decode()
    renditions = list(image.renditions.all())
    assert renditions
    for rendition in renditions:
        assert rendition.file.name in keys(bucket)
        assert f"https://media.clubs.example/{rendition.file.name}" in page
    assert "/media/" not in page
