"""A personal share link sits outside the language prefixes by design; it
names one language's version of the page, so a member reading Russian
shares, and their friend lands on, the Russian page."""

import pytest
from wagtail.models import Locale

from tests.builders import make_club, make_member
from tests.content.page_builders import make_landing_page, translate

pytestmark = pytest.mark.django_db


def test_a_russian_member_shares_the_russian_page_and_the_friend_lands_on_it(client):
    english = make_landing_page(title="Bring a guest", slug="bring-a-guest")
    russian = translate(
        english,
        Locale.objects.get_or_create(language_code="ru")[0],
        title="Приведите гостя",
        slug="privedite-gostya",
    )
    member = make_member(make_club(), language="ru")
    client.force_login(member)

    home = client.get("/ru/home/").content.decode()

    link = f"/r/{member.referral_code}/{russian.pk}/"
    assert link in home
    assert f"/r/{member.referral_code}/{english.pk}/" not in home
    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == "/ru/privedite-gostya/"
