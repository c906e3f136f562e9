"""Steps several journeys take, as a person would: by labels and roles."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.builders import PASSWORD


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/home/$"))  # the member's own home


def open_menu(page):
    """Open the header's menu when it is folded behind "Menu" (a phone);
    on a wide screen its links are always shown."""
    # menu.js is deferred: it folds the menu just before DOMContentLoaded, so
    # looking earlier sees an open menu that is about to close.
    page.wait_for_load_state("domcontentloaded")
    button = page.get_by_role("button", name="Menu")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")


def emailed_link(live_server, email, path_start):
    """The newest link starting with `path_start` in the emails sent to
    `email`, on the live server (the emails carry the site's own address)."""
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(
                rf"https?://[^/\s]+({re.escape(path_start)}\S*)", message.body
            )
            if found:
                return live_server.url + found[1]
    raise AssertionError(f"no {path_start} link emailed to {email}")


def confirm_email(page, live_server, email):
    """Open the link of the sign-up's confirmation email and confirm: a new
    account signs in so (ACCOUNT_EMAIL_VERIFICATION is mandatory)."""
    page.goto(emailed_link(live_server, email, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/home/$"))
