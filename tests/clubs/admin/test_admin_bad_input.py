"""Tampered admin forms (found by tests/site/test_fuzz_input.py) get a form
error or the usual page, never a 500."""

import pytest
from django.urls import reverse

from clubs.models import Club, Occurrence
from tests.builders import make_occurrence

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "٣", "1.5", "abc"])
def test_a_chooser_given_no_id_at_all_is_refused_beside_the_field(
    host_client, club, value
):
    """`"²".isdigit()` is true, yet no id: Wagtail's chooser looked it up to
    show the form again and answered 500."""
    url = reverse("clubs:edit", args=[club.pk])
    form = host_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(cover_image=value, name_en="Renamed by garbage")

    response = host_client.post(url, data)

    assert response.status_code == 200
    assert "cover_image" in response.context["form"].errors
    assert Club.objects.get(pk=club.pk).name_en != "Renamed by garbage"


@pytest.mark.parametrize("next_url", ["not-a-url", "\ufffd\ufffd", "index"])
def test_a_next_that_is_no_path_returns_to_the_listing(host_client, club, next_url):
    """Wagtail lets a `next` with no slash through, and `redirect` took it for
    a view's name: a 500 after the meeting was cancelled."""
    meeting = make_occurrence(club)
    url = reverse("club_meetings:cancel", args=[meeting.pk])

    response = host_client.post(
        f"{url}?next={next_url}", {"cancel_reason": "The venue flooded."}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("club_meetings:index")
    assert Occurrence.objects.get(pk=meeting.pk).is_cancelled


@pytest.mark.parametrize(
    "listing",
    ["wagtailsnippets_clubs_rewardprogram", "wagtailsnippets_content_sharekit"],
)
def test_a_nul_in_an_admin_listings_query_is_a_400(admin_client, listing):
    """Wagtail filters a translatable snippet's listing by `?locale=` as it
    comes, and PostgreSQL refuses a NUL in text: a 500 there, found by the
    fuzz suite on PostgreSQL. Bad input is a 400 on every database."""
    url = reverse(f"{listing}:list")

    assert admin_client.get(url, {"locale": "\x00"}).status_code == 400
    assert admin_client.get(url, {"q": "bus\x00"}).status_code == 400
    assert admin_client.get(url).status_code == 200
