"""Absolute links for emails and calendar entries, which leave the site."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse

from clubs.models import Occurrence, Registration
from clubs.tokens import registration_manage_token


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def occurrence_url(occurrence: Occurrence) -> str:
    return absolute(
        reverse(
            "occurrence_detail",
            kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
        )
    )


def registration_manage_url(registration: Registration) -> str:
    token = registration_manage_token(registration)
    return absolute(reverse("registration_manage", kwargs={"token": token}))


OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search"


def map_url(address: str) -> str:
    """A plain link to the address on OpenStreetMap: no embedded map, no
    third-party script on our pages."""
    return f"{OPENSTREETMAP_SEARCH}?{urlencode({'query': address})}"
