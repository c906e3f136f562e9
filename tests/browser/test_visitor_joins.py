import re

from playwright.sync_api import expect

from tests.browser.steps import confirm_email, open_menu
from tests.builders import PASSWORD


def test_a_visitor_signs_up_signs_out_and_signs_in_again(live_server, phone):
    page = phone.new_page()
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grow your business")

    open_menu(page)
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Lima")
    page.get_by_label("Email").fill("ana.lima@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    confirm_email(page, live_server, "ana.lima@example.com")

    open_menu(page)
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    open_menu(page)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill("ana.lima@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/home/$"))
    open_menu(page)
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()


def test_a_member_fills_in_their_profile_on_a_phone(live_server, phone):
    page = phone.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("First name").fill("Marcus")
    page.get_by_label("Last name").fill("Bell")
    page.get_by_label("Email").fill("marcus@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    confirm_email(page, live_server, "marcus@example.com")

    open_menu(page)
    page.get_by_role("link", name="Your profile").click()
    page.get_by_label("Business name").fill("Bell & Ortiz Bookkeeping")
    page.get_by_label("Phone").fill("not a number")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Enter a phone number")).to_be_visible()

    page.get_by_label("Phone").fill("+1 312 555 0142")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    expect(page.get_by_label("Business name")).to_have_value("Bell & Ortiz Bookkeeping")
