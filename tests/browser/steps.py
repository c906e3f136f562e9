"""Steps several journeys take, as a person would: by labels and roles."""

import re

from playwright.sync_api import expect

from tests.builders import PASSWORD


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()
