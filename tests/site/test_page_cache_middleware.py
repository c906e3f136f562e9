"""The page cache answers before the rest of the middleware (clubs.caching),
and what it sends is what the whole stack sent the first time: the same
headers, security headers included, apart from the copy's Age and dates."""

import os

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from clubs.caching import CONTENT_TAG, PageCacheMiddleware, public_page
from clubs.page_store import page_store
from tests.builders import make_user
from tests.content.page_builders import make_landing_page

pytestmark = pytest.mark.django_db

DATED = {"age", "date", "expires"}


@pytest.fixture
def page():
    return make_landing_page(title="Bring a friend to breakfast")


@pytest.fixture
def production_headers(settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True


def undated(response) -> dict:
    return {k: v for k, v in response.headers.items() if k.lower() not in DATED}


def test_a_hit_sends_the_same_headers_as_the_miss_that_stored_it(
    page, production_headers, django_assert_num_queries
):
    miss = Client().get(page.url, secure=True)

    with django_assert_num_queries(0):
        hit = Client().get(page.url, secure=True)

    assert "Age" in hit and "Age" not in miss
    assert undated(hit) == undated(miss)
    for header in (
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Language",
    ):
        assert header in hit, header
    assert hit.content == miss.content


def test_head_is_answered_from_the_copy_a_get_stored(page, django_assert_num_queries):
    get = Client().get(page.url)

    with django_assert_num_queries(0):
        head = Client().head(page.url)

    assert head.status_code == 200
    assert head.content == b""
    assert undated(head) == undated(get)


def test_plain_http_is_still_sent_to_https_under_ssl_redirect(page, settings):
    Client().get(page.url, secure=True)  # cached
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get(page.url)

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_an_unknown_host_is_refused_not_served_the_copy(page, settings):
    Client().get(page.url)
    settings.ALLOWED_HOSTS = ["testserver"]

    response = Client().get(page.url, HTTP_HOST="attacker.example")

    assert response.status_code == 400


def test_a_share_link_lands_on_the_clean_address_and_the_cached_copy(
    page, django_assert_num_queries
):
    cached = Client().get(page.url)
    member = make_user()
    visitor = Client()
    link = reverse(
        "share_link", kwargs={"code": member.referral_code, "page_id": page.pk}
    )

    redirect = visitor.get(link)
    with django_assert_num_queries(0):
        landed = visitor.get(redirect["Location"])

    assert redirect["Location"] == page.url  # no code in the address
    assert redirect.cookies  # the attribution rides on the redirect
    assert landed.content == cached.content


def test_publishing_a_page_replaces_the_cached_copy(page):
    assert "Bring a friend" in Client().get(page.url).content.decode()
    page.title = "Bring a colleague to breakfast"
    page.save_revision().publish()

    body = Client().get(page.url).content.decode()

    assert "Bring a colleague to breakfast" in body


def test_unpublishing_a_page_drops_the_cached_copy(page):
    Client().get(page.url)
    page.unpublish()

    assert Client().get(page.url).status_code == 404


def test_a_page_built_while_its_data_changed_is_not_kept(rf):
    """A change committed while a page was being built: the page shows the
    data from before it, and must not outlive it in the cache."""
    builds = []

    def view(request):
        builds.append(request)
        response = public_page(HttpResponse(f"build {len(builds)}"))
        page_store().forget([CONTENT_TAG])  # another request's change
        return response

    serve = PageCacheMiddleware(view)
    serve(rf.get("/news/"))

    assert serve(rf.get("/news/")).content == b"build 2"


@pytest.fixture
def store_commands(monkeypatch) -> list:
    """The commands the page store sends Redis from now on."""
    store = page_store()
    commands = []
    execute = store.client.execute_command

    def counted(*args, **options):
        commands.append(args[0])
        return execute(*args, **options)

    monkeypatch.setattr(store.client, "execute_command", counted)
    return commands


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="no REDIS_URL")
def test_hits_make_one_read_at_most_through_one_reused_redis_client(
    page, store_commands
):
    Client().get(page.url)  # stored
    store = page_store()
    store.recent.clear()  # as in another worker
    store_commands.clear()

    for _ in range(3):
        assert Client().get(page.url).status_code == 200

    assert page_store() is store
    # One read at most; within a second the worker answers from its memory.
    assert store_commands == ["GET"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="no REDIS_URL")
def test_a_forgotten_page_is_not_answered_from_the_workers_memory(page):
    Client().get(page.url)
    Client().get(page.url)  # read, and remembered for a second
    page.title = "Bring a colleague to breakfast"
    page.save_revision().publish()

    assert "Bring a colleague" in Client().get(page.url).content.decode()


def wsgi(path, *, method="GET", **extra) -> tuple[str, dict, bytes, bool]:
    """A request to the application gunicorn serves (clubsite.wsgi):
    (status, headers, body, whether Django handled it)."""
    from clubsite.wsgi import application

    environ = RequestFactory().generic(method, path, secure=True, **extra).environ
    started, seen = [], {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    # As Django's test client does: the test's transaction stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.connect(
        lambda **kw: started.append(1), weak=False, dispatch_uid="t"
    )
    try:
        result = application(environ, start_response)
        body = b"".join(result)
        getattr(result, "close", lambda: None)()
    finally:
        request_started.disconnect(dispatch_uid="t")
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], body, bool(started)


def test_the_served_application_answers_a_hit_before_django_as_the_middleware_did(
    page, production_headers
):
    miss = Client().get(page.url, secure=True)

    status, headers, body, through_django = wsgi(page.url)

    assert not through_django
    assert status == "200 OK"
    assert "Age" in headers
    assert {k: v for k, v in headers.items() if k.lower() not in DATED} == undated(miss)
    assert body == miss.content
    status, headers, body, _ = wsgi(page.url, method="HEAD")
    assert (status, body) == ("200 OK", b"")


def test_the_served_application_leaves_signed_in_people_and_misses_to_django(page):
    Client().get(page.url, secure=True)  # stored

    _, headers, body, through_django = wsgi(page.url, HTTP_COOKIE="sessionid=somebody")

    assert through_django
    assert "Age" not in headers
    assert b"Bring a friend to breakfast" in body


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="no REDIS_URL")
def test_an_address_never_kept_is_not_asked_of_redis_at_every_request(
    page, store_commands
):
    """A share link's redirect is never stored: within a second, the worker
    remembers that, as it remembers a page it read."""
    member = make_user()
    share_link = reverse(
        "share_link", kwargs={"code": member.referral_code, "page_id": page.pk}
    )

    for _ in range(3):
        assert Client().get(share_link).status_code == 302

    assert store_commands == ["GET"]
