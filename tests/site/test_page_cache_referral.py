"""The site cache and pages that greet a referred visitor (clubs.caching).

Such a page varies on `X-Referral`, which only the fetching middleware sets,
from the referral cookie: visitors with the cookie never get the copy cached
for everyone else, and what was built for them is private. Landing pages do
not vary on it, so every share link still lands on their one cached copy
(tests/site/test_page_cache_landing.py)."""

import pytest
from django.http import HttpResponse

from clubs.caching import (
    PageCacheMiddleware,
    greeting_page,
    public_page,
)
from clubs.cookies import COOKIE

pytestmark = pytest.mark.django_db

URL = "/clubs/northside/meetings/1/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 300


def serve(request, *, greeted: bool, name: str = "Marcus B.") -> HttpResponse:
    """What the site does with one request: the cache, else the page (one
    that asks to be cached for everyone)."""

    def page(request):
        body = f"{name} invited you." if greeted else "Who invited you?"
        return greeting_page(public_page(HttpResponse(body)), greeted=greeted)

    return PageCacheMiddleware(page)(request)


def from_cache(request) -> HttpResponse | None:
    """The cached copy for this request, or None: nothing is built."""
    response = PageCacheMiddleware(lambda r: None)(request)
    return response


def test_a_referred_visitor_never_gets_the_strangers_copy(rf):
    serve(rf.get(URL), greeted=False)  # cached for everyone
    referred = rf.get(URL)
    referred.COOKIES[COOKIE] = "signed-touch"

    response = serve(referred, greeted=True)

    assert response.content == b"Marcus B. invited you."


def test_the_greeted_copy_is_never_served_to_anyone_else(rf):
    referred = rf.get(URL)
    referred.COOKIES[COOKIE] = "signed-touch"
    greeted = serve(referred, greeted=True)
    assert "private" in greeted["Cache-Control"]

    stranger = serve(rf.get(URL), greeted=False)
    # Once a stranger's copy is stored, later strangers read it from the cache.
    again = from_cache(rf.get(URL))

    assert stranger.content == b"Who invited you?"
    assert again is not None and again.content == b"Who invited you?"


def test_a_visitor_cannot_choose_the_header_themselves(rf):
    serve(rf.get(URL), greeted=False)
    spoofed = rf.get(URL, HTTP_X_REFERRAL="1")

    response = from_cache(spoofed)

    assert response is not None and response.content == b"Who invited you?"


def test_two_referred_visitors_each_get_their_own_greeting(rf):
    for_marcus, for_lena = rf.get(URL), rf.get(URL)
    for_marcus.COOKIES[COOKIE] = "marcus-touch"
    for_lena.COOKIES[COOKIE] = "lena-touch"

    serve(for_marcus, greeted=True, name="Marcus B.")
    response = serve(for_lena, greeted=True, name="Lena O.")

    assert response.content == b"Lena O. invited you."
