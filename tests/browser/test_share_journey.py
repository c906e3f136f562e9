"""Issue 4, journey 1: a member shares a landing page with their personal
link; a visitor follows it, registers as a guest for the next breakfast and
comes; the member sees the visitor and the reward on "Your share links"."""

import re

from django.core import mail
from playwright.sync_api import expect

from clubs.models import Attribution
from content.models import LandingPage, LandingPageShareKit, ShareKit
from tests.browser.steps import sign_in
from tests.builders import (
    ensure_home_page,
    make_club,
    make_membership,
    make_series,
    make_user,
)
from tests.content.funnel_builders import make_program

PHONE = {"width": 390, "height": 844}
GUEST, GUEST_EMAIL = "Dana Whitlock", "dana@whitlock.example"


def breakfast_club():
    """A club with a monthly breakfast, its host, a member who shares, and a
    landing page offering the next breakfasts with a kit and a reward."""
    club = make_club(name="Northside Business Breakfast", slug="northside")
    series = make_series(club, capacity=30)
    cast = {}
    for key, first, last, role in [
        ("host", "Hana", "Host", "organizer"),
        ("member", "Marcus", "Bell", "member"),
    ]:
        cast[key] = make_user(
            email=f"{first.lower()}@example.com", first_name=first, last_name=last
        )
        make_membership(club, cast[key], role=role)
    kit = ShareKit.objects.create(
        name="Breakfast invitation",
        email_subject="Come to breakfast with me?",
        email_body="Pick a date: {link}\n\n{name}",
        post_text="Come to breakfast as my guest: {link}",
    )
    body = [
        {"type": "hero", "value": {"headline": "Your first breakfast is on us"}},
        {"type": "reward_terms", "value": {"heading": "What you both get"}},
        {
            "type": "upcoming_meetings",
            "value": {"heading": "Next breakfasts", "club": club.pk, "count": 3},
        },
    ]
    landing = ensure_home_page().add_child(
        instance=LandingPage(
            title="Bring a guest to breakfast",
            slug="bring-a-guest",
            body=body,
            reward_program=make_program(
                referrer_reward="A free breakfast", friend_reward="Breakfast on us"
            ),
            share_kits=[LandingPageShareKit(kit=kit)],
        )
    )
    landing.save_revision().publish()
    return series, cast, landing


def take_attendance(page, live_server, series):
    occurrence = series.occurrences.order_by("start").first()
    page.goto(f"{live_server.url}/clubs/northside/meetings/{occurrence.pk}/")
    page.get_by_role("link", name="Take attendance").click()
    heading = page.get_by_role("heading", name=GUEST, level=3)
    row = page.get_by_role("listitem").filter(has=heading)
    row.get_by_role("button", name="Present").click()
    expect(row).to_contain_text("Mark: Present")


def test_a_shared_link_brings_a_guest_and_earns_both_rewards(
    live_server, browser, phone, settings
):
    settings.SITE_URL = live_server.url  # personal links are absolute
    series, cast, landing = breakfast_club()
    phone.grant_permissions(["clipboard-read", "clipboard-write"])
    member = phone.new_page()
    others = [browser.new_context(viewport=PHONE) for _ in range(2)]
    for context in others:
        context.set_default_timeout(10_000)
    visitor, host = (context.new_page() for context in others)
    try:
        sign_in(member, live_server, cast["member"].email)
        member.goto(live_server.url + landing.url)
        panel = member.get_by_role("region", name="Share this page")
        link = panel.get_by_label("Your personal link").input_value()
        assert link == (
            f"{live_server.url}/r/{cast['member'].referral_code}/{landing.pk}/"
        )
        panel.get_by_role("button", name="Copy link").click()
        expect(panel.get_by_role("status")).to_have_text("Link copied.")

        visitor.goto(link)
        expect(visitor).to_have_url(live_server.url + landing.url)
        expect(visitor.get_by_role("heading", level=1)).to_have_text(landing.title)
        visitor.get_by_role("link", name=re.compile(r"^Register")).first.click()
        visitor.get_by_label("Your name").fill(GUEST)
        visitor.get_by_label("Email").fill(GUEST_EMAIL)
        visitor.get_by_role("button", name="Register as a guest").click()
        expect(visitor.get_by_role("status")).to_contain_text("Look in your inbox")
        assert Attribution.objects.get(email=GUEST_EMAIL).referrer == cast["member"]

        sign_in(host, live_server, cast["host"].email)
        take_attendance(host, live_server, series)

        member.goto(live_server.url + "/accounts/share-links/")
        totals = member.get_by_label("Your totals")
        expect(totals).to_contain_text(re.compile(r"Links shared\s*1"))
        expect(totals).to_contain_text(re.compile(r"Attended\s*1"))
        visitors = member.get_by_role("region", name="Visitors you brought").first
        row = visitors.get_by_role("row").filter(has_text=GUEST)
        expect(row.get_by_role("rowheader")).to_have_text(GUEST)
        expect(row).to_contain_text(landing.title)
        rewards = member.get_by_role("region", name="Your rewards")
        expect(rewards).to_contain_text("A free breakfast")
        expect(rewards).to_contain_text(f"for bringing {GUEST}")
        assert any(
            m.to == [GUEST_EMAIL] and "Breakfast on us" in m.body for m in mail.outbox
        )
    finally:
        for context in others:
            context.close()
