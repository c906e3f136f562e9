import io
import struct
import zlib
import zoneinfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from clubsite.middleware import MemberTimezoneMiddleware
from tests.builders import make_category, make_user

pytestmark = pytest.mark.django_db

URL = reverse("profile_edit")


def profile_data(**overrides):
    return {
        "first_name": "Marcus",
        "last_name": "Bell",
        "business_name": "Bell & Ortiz Bookkeeping",
        "category": "",
        "phone": "+1 (312) 555-0142",
        "website": "bellortiz.example.com",
        "bio": "Monthly books for small teams.",
        "time_zone": "America/Chicago",
        **overrides,
    }


def png(size=(40, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def test_the_profile_is_for_signed_in_people_only(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_member_edits_their_profile(client):
    user = make_user()
    accounting = make_category("Accounting")
    client.force_login(user)

    response = client.post(
        URL, profile_data(category=accounting.pk, photo=png((1200, 800))), follow=True
    )

    assert "Your profile is saved." in response.content.decode()
    user.refresh_from_db()
    assert user.get_full_name() == "Marcus Bell"
    assert user.business_name == "Bell & Ortiz Bookkeeping"
    assert user.category == accounting
    assert user.phone == "+1 (312) 555-0142"
    assert user.website == "https://bellortiz.example.com"
    assert user.time_zone == "America/Chicago"
    # Kept as a small square JPEG: faces show at 40 px.
    assert user.photo.name.endswith(".jpg")
    assert (user.photo.width, user.photo.height) == (256, 256)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call me maybe", "Enter a phone number"),
        ("website", "not a website", "Enter a valid URL"),
        ("time_zone", "Mars/Olympus_Mons", "Select a valid choice"),
        ("first_name", "", "This field is required"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_changes(
    client, field, value, message
):
    user = make_user(first_name="Original", time_zone="Europe/Berlin")
    client.force_login(user)

    response = client.post(URL, profile_data(**{field: value}))

    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert (user.first_name, user.time_zone) == ("Original", "Europe/Berlin")
    assert user.business_name == ""


def test_a_file_that_is_not_an_image_is_refused(client):
    client.force_login(make_user())
    text = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")

    response = client.post(URL, profile_data(photo=text))

    assert response.status_code == 400
    assert response.context["form"].errors["photo"]


def test_times_show_in_the_members_own_time_zone():
    user = make_user(time_zone="Asia/Tokyo")
    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "signed-in"
    request.user = user
    seen = []

    MemberTimezoneMiddleware(
        lambda request: seen.append(timezone.get_current_timezone())
    )(request)

    assert seen == [zoneinfo.ZoneInfo("Asia/Tokyo")]


def scrambled_png() -> SimpleUploadedFile:
    """A PNG whose chunks all check out (Django's ImageField accepts it) but
    whose pixels will not decompress."""
    data = bytearray(png((400, 400)).read())
    at = data.find(b"IDAT")
    size = struct.unpack(">I", data[at - 4 : at])[0]
    pixels = bytearray(data[at + 4 : at + 4 + size])
    pixels[2:12] = b"\xff" * 10
    crc = struct.pack(">I", zlib.crc32(b"IDAT" + pixels) & 0xFFFFFFFF)
    data[at + 4 : at + 8 + size] = pixels + crc
    return SimpleUploadedFile("me.png", bytes(data), content_type="image/png")


def test_a_photo_that_will_not_decode_is_refused_beside_the_field(client):
    user = make_user()
    client.force_login(user)

    response = client.post(URL, profile_data(photo=scrambled_png()))

    assert response.status_code == 400
    assert "could not be read" in str(response.context["form"].errors["photo"])
    user.refresh_from_db()
    assert not user.photo
