import pytest
from django.test import Client
from django.urls import path

from tests.builders import make_club, make_member, make_referral

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]


def test_an_unknown_address_gets_a_friendly_404(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "We can’t find that page" in page
    assert 'href="/"' in page


def test_a_crash_gets_the_500_page(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_missing_page_under_a_language_prefix_answers_in_that_language(
    client, settings
):
    settings.DEBUG = False

    response = client.get("/ru/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert 'class="button" href="/ru/"' in page  # home, in Russian
    assert '<a href="/ru/clubs/">' in page


def test_someone_else_s_referral_is_refused_in_the_reader_s_language(client):
    club = make_club()
    giver, receiver = make_member(club), make_member(club)
    referral = make_referral(giver=giver, club=club, receiver=receiver)
    client.force_login(make_member(club))

    response = client.get(f"/id/referrals/{referral.pk}/")

    assert response.status_code in (403, 404)
    page = response.content.decode()
    assert '<html lang="id">' in page and 'class="button" href="/id/"' in page


def test_too_many_sign_in_attempts_are_told_in_the_reader_s_language(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    attempt = {"login": "olga@example.net", "password": "wrong"}

    client.post("/ru/accounts/login/", attempt)
    response = client.post("/ru/accounts/login/", attempt)

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="ru">' in page and 'class="button" href="/ru/"' in page
