"""A visitor registers as a guest from the copy of a meeting page that the
page cache keeps for everyone: no cookie comes with the page, the form works
with and without JavaScript, and the next visitor sees the seat taken."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clubs.models import Registration
from tests.builders import make_club, make_series


@pytest.fixture
def meeting_path():
    club = make_club(name="Northside Breakfast", slug="northside")
    occurrence = make_series(club, capacity=5).occurrences.order_by("start").first()
    return reverse("occurrence_detail", args=[club.slug, occurrence.pk])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_guest_registers_from_the_cached_meeting_page(
    live_server, browser, meeting_path, javascript
):
    url = live_server.url + meeting_path
    first = browser.new_context()
    first.new_page().goto(url)  # the copy every later visitor gets
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()

    response = page.goto(url)

    assert response.headers.get("age") is not None, "not served from the cache"
    assert "set-cookie" not in response.headers
    assert context.cookies() == []
    expect(page.get_by_text("5 of 5 left")).to_be_visible()
    page.get_by_label("Your name").fill("Dana Whitlock")
    page.get_by_label("Email").fill("dana@example.net")
    page.get_by_role("button", name="Register as a guest").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert Registration.objects.filter(email="dana@example.net").exists()

    later = browser.new_context().new_page()
    later.goto(url)
    expect(later.get_by_text("4 of 5 left")).to_be_visible()
    for opened in (first, context, later.context):
        opened.close()


def test_a_form_posted_from_another_site_is_refused(live_server, browser, meeting_path):
    """A page elsewhere that posts to the meeting's form (the browser names
    that page's origin) gets a 403, and no place is taken."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + meeting_path)
    token = page.locator("input[name=form_token]").get_attribute("value")
    action = live_server.url + page.locator("form.stacked-form").get_attribute("action")
    # Another origin: the same server under another name (127.0.0.1 vs localhost).
    other = re.sub(r"//[^:/]+", "//127.0.0.2", live_server.url)
    page.route(
        other + "/evil",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<form method="post" action="{action}">'
            f'<input name="name" value="Mallory"><input name="email" '
            f'value="m@example.com"><input name="form_token" value="{token}">'
            f"<button>Go</button></form>",
        ),
    )
    page.goto(other + "/evil")

    with page.expect_response(action) as answer:
        page.get_by_role("button", name="Go").click()

    assert answer.value.status == 403
    assert not Registration.objects.filter(email="m@example.com").exists()
    context.close()
