"""Issue 5, done when: a giver logs a referral on a phone, the receiver moves
it to won with a value and thanks the giver, the giver sees it, a third
member gets 404 on it, and the host's leaderboard and graph show it."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.steps import sign_in
from tests.builders import make_club, make_membership, make_user

PHONE = {"width": 390, "height": 844}
PROSPECT = "Dana Whitlock"
THANKS = "Thank you, Gina: Dana signed for a year of bookkeeping."


def people():
    club = make_club(name="Northside Business Breakfast", slug="northside")
    cast = {}
    for key, first, last, role in [
        ("host", "Hana", "Host", "organizer"),
        ("giver", "Gina", "Giver", "member"),
        ("receiver", "Ravi", "Receiver", "member"),
        ("third", "Theo", "Third", "member"),
    ]:
        cast[key] = make_user(
            email=f"{first.lower()}@example.com", first_name=first, last_name=last
        )
        make_membership(club, cast[key], role=role)
    return club, cast


def log_referral(page, live_server) -> str:
    """The giver's slip, on a phone: only what the form must ask."""
    page.goto(live_server.url + "/referrals/new/")
    page.get_by_label("For member").select_option(label="Ravi Receiver")
    page.get_by_label("Prospect's name").fill(PROSPECT)
    page.get_by_label("Their email").fill("dana@whitlock.example")
    page.get_by_label("What they need").fill("Monthly bookkeeping")
    page.get_by_label("They agreed to be contacted").check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("heading", name=PROSPECT)).to_be_visible()
    return page.url


def win_and_thank(page, live_server, detail_url) -> None:
    page.goto(detail_url)
    page.get_by_label("Won", exact=True).check()
    page.get_by_label("Value of the business closed").fill("1200")
    page.get_by_label(re.compile(r"^Currency:?$")).fill("USD")
    page.get_by_role("button", name="Save the status").click()
    expect(page.get_by_role("status")).to_contain_text("Won")
    page.get_by_label("Your thank-you").fill(THANKS)
    page.get_by_role("button", name="Send your thank-you").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you sent")


def test_a_referral_from_slip_to_thank_you_to_the_leaderboard(
    live_server, browser, phone
):
    club, cast = people()
    # Everyone on a phone of their own: separate cookies, the giver's too.
    others = [browser.new_context(viewport=PHONE) for _ in range(3)]
    for context in others:
        context.set_default_timeout(10_000)
    giver = phone.new_page()
    receiver, third, host = (context.new_page() for context in others)
    try:
        sign_in(giver, live_server, "gina@example.com")
        detail_url = log_referral(giver, live_server)
        assert any(m.to == ["ravi@example.com"] for m in mail.outbox)

        sign_in(receiver, live_server, "ravi@example.com")
        win_and_thank(receiver, live_server, detail_url)

        giver.goto(detail_url)
        expect(giver.get_by_text("1,200.00 USD")).to_be_visible()
        expect(giver.get_by_text(THANKS)).to_be_visible()
        assert any(
            m.to == ["gina@example.com"] and THANKS in m.body for m in mail.outbox
        )

        sign_in(third, live_server, "theo@example.com")
        assert third.goto(detail_url).status == 404

        sign_in(host, live_server, "hana@example.com")
        leaderboard_and_graph(host, live_server, club)
    finally:
        for context in others:
            context.close()


def leaderboard_and_graph(page, live_server, club) -> None:
    page.goto(f"{live_server.url}/clubs/{club.slug}/referrals/")
    first = page.get_by_role("table", name="Champions").get_by_role("row").nth(1)
    expect(first.get_by_role("rowheader")).to_have_text("Gina Giver")
    expect(first).to_contain_text(re.compile(r"1,200\sUSD"))
    graph = page.get_by_role("img", name=re.compile("Who refers whom"))
    expect(graph).to_contain_text("Gina G.")
    expect(graph).to_contain_text("Ravi R.")
    expect(page.get_by_role("img", name=re.compile("by month"))).to_be_visible()

    page.get_by_role("link", name="Open the graph as an image").click()
    expect(page.locator("svg")).to_contain_text("Gina G.")
    assert page.url.split("?")[0].endswith("/referrals/graph.svg")
