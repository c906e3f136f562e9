"""The site's URLs, classified once for every suite that walks the resolver.

Every named URL must appear in `URLS`, which says who opens it and how its
address is built; `urls_without_a_class()` lists the ones that do not, so a
URL added to the site without an entry fails both the cache-header suite
(test_private_pages) and the access suite (test_access) the day it is written.
The `world` fixture builds the objects the addresses point at, and the people
who ask for them.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clubs.tokens import registration_check_in_token, registration_manage_token
from tests.builders import (
    ensure_home_page,
    feed_token,
    make_club,
    make_host,
    make_member,
    make_occurrence,
    make_referral,
    make_registration,
    make_user,
)
from tests.masterminds.builders import make_group, seat, sessions

MEMBER, HOST, ADMIN, TOKEN, PUBLIC, MACHINE = (
    "member",
    "host",
    "admin",
    "token",
    "public",
    "machine",
)

# name -> (who opens it, how its address is built, method). Who:
#   member  a signed-in member of the club, on their own things
#   host    the club's organizer
#   token   anyone holding a secret link, not signed in
#   public  anyone; asked here by a signed-in member, whose copy is theirs
#   machine not a page for people (Stripe's webhook), or DEBUG-only media
CLUB = ("slug",)
MEETING = ("slug", "pk")
URLS = {
    # The member's own pages and downloads
    "member_home": (MEMBER, (), "get"),
    "profile_edit": (MEMBER, (), "get"),
    "personal_data_download": (MEMBER, (), "get"),
    "account_delete": (MEMBER, (), "get"),
    "my_meetings": (MEMBER, (), "get"),
    "calendar_settings": (MEMBER, (), "get"),
    "my_calendar_feed": (MEMBER, (), "get"),
    "club_members_calendar_feed": (MEMBER, CLUB, "get"),
    "my_attendance": (MEMBER, (), "get"),
    "my_payments": (MEMBER, (), "get"),
    "my_payment_receipt": (MEMBER, ("payment",), "get"),
    "my_referrals": (MEMBER, (), "get"),
    "my_referrals_csv": (MEMBER, (), "get"),
    "my_rewards": (MEMBER, (), "get"),
    "my_reward": (MEMBER, ("reward",), "get"),
    "my_share_links": (MEMBER, (), "get"),
    "referral_create": (MEMBER, (), "get"),
    "referral_detail": (MEMBER, ("referral",), "get"),
    "referral_status": (MEMBER, ("referral",), "post"),
    "referral_thank": (MEMBER, ("referral",), "get"),
    "club_join": (MEMBER, CLUB, "post"),
    "club_leave": (MEMBER, CLUB, "post"),
    "club_dues_pay": (MEMBER, CLUB, "post"),
    "club_billing": (MEMBER, CLUB, "post"),
    "mastermind_apply": (MEMBER, ("group",), "get"),
    "mastermind_withdraw": (MEMBER, ("group",), "post"),
    "mastermind_leave": (MEMBER, ("group",), "post"),
    "mastermind_seat_pay": (MEMBER, ("group",), "post"),
    "mastermind_billing": (MEMBER, ("group",), "post"),
    "mastermind_history": (MEMBER, ("group",), "get"),
    "mastermind_session": (MEMBER, ("group", "session"), "get"),
    "mastermind_commitment": (MEMBER, ("group", "session"), "post"),
    "mastermind_commitment_mark": (
        MEMBER,
        ("group", "session", "commitment"),
        "post",
    ),
    "mastermind_absence": (MEMBER, ("group", "session"), "post"),
    "account_email": (MEMBER, (), "get"),
    "account_change_password": (MEMBER, (), "get"),
    "account_set_password": (MEMBER, (), "get"),
    "account_reauthenticate": (MEMBER, (), "get"),
    "account_logout": (MEMBER, (), "get"),  # signs out: asked by nobody
    # The hosts' pages, reports and CSVs
    "occurrence_attendance": (HOST, MEETING, "get"),
    "registration_check_in": (HOST, ("check_in_token",), "get"),
    "club_attendance_report": (HOST, CLUB, "get"),
    "club_attendance_csv": (HOST, CLUB, "get"),
    "occurrence_payments": (HOST, MEETING, "get"),
    "occurrence_payments_csv": (HOST, MEETING, "get"),
    "payment_refund": (HOST, ("slug", "pk", "payment_pk"), "post"),
    "club_payments": (HOST, CLUB, "get"),
    "club_payments_csv": (HOST, CLUB, "get"),
    "club_stale_referrals": (HOST, CLUB, "get"),
    "club_referrals_report": (HOST, CLUB, "get"),
    "club_referrals_csv": (HOST, CLUB, "get"),
    "club_referrals_graph": (HOST, CLUB, "get"),
    "club_rewards": (HOST, CLUB, "get"),
    "club_reward_fulfil": (HOST, ("slug", "reward"), "post"),
    "referral_agenda": (HOST, ("referral",), "post"),
    "referral_prospect_erase": (HOST, ("referral",), "post"),
    # Opened with a secret link, no login
    "registration_manage": (TOKEN, ("token",), "get"),
    "registration_cancel": (TOKEN, ("token",), "get"),
    "registration_restore": (TOKEN, ("token",), "post"),
    "registration_pay": (TOKEN, ("token",), "post"),
    "registration_receipt": (TOKEN, ("token",), "get"),
    "member_calendar_feed": (TOKEN, ("feed_token",), "get"),
    "member_club_calendar_feed": (TOKEN, ("feed_token", "slug"), "get"),
    # Public pages
    "club_directory": (PUBLIC, (), "get"),
    "account_deleted": (PUBLIC, (), "get"),
    "club_detail": (PUBLIC, CLUB, "get"),
    "occurrence_detail": (PUBLIC, MEETING, "get"),
    "occurrence_register": (PUBLIC, MEETING, "post"),
    "registration_link_resend": (PUBLIC, MEETING, "post"),
    "occurrence_registered": (PUBLIC, MEETING, "get"),
    "club_calendar_feed": (PUBLIC, CLUB, "get"),
    "occurrence_ics": (PUBLIC, MEETING, "get"),
    "occurrence_google_calendar": (PUBLIC, MEETING, "get"),
    "mastermind_list": (PUBLIC, (), "get"),
    "mastermind_detail": (PUBLIC, ("group",), "get"),
    "mastermind_training": (PUBLIC, ("group",), "get"),
    "share_link": (PUBLIC, ("code", "page_id"), "get"),
    "share_copied": (PUBLIC, ("page_id",), "post"),
    "share_qr_svg": (PUBLIC, ("page_id",), "get"),
    "share_qr_png": (PUBLIC, ("page_id",), "get"),
    "share_channel": (PUBLIC, ("page_id", "channel"), "get"),
    "sitemap": (PUBLIC, (), "get"),
    "robots_txt": (PUBLIC, (), "get"),
    "wagtail_serve": (PUBLIC, ("root",), "get"),
    "wagtailcore_login": (PUBLIC, (), "get"),
    "wagtailcore_authenticate_with_password": (
        PUBLIC,
        ("page_view_restriction_id", "page_id"),
        "get",
    ),
    "wagtaildocs_serve": (PUBLIC, ("document",), "get"),
    "wagtaildocs_authenticate_with_password": (PUBLIC, ("restriction_id",), "get"),
    "account_login": (PUBLIC, (), "get"),
    "account_signup": (PUBLIC, (), "get"),
    "account_inactive": (PUBLIC, (), "get"),
    "account_email_verification_sent": (PUBLIC, (), "get"),
    "account_reset_password": (PUBLIC, (), "get"),
    "account_reset_password_done": (PUBLIC, (), "get"),
    "account_reset_password_from_key": (PUBLIC, ("uidb36", "key"), "get"),
    "account_reset_password_from_key_done": (PUBLIC, (), "get"),
    "account_confirm_email": (PUBLIC, ("key",), "get"),
    "account_request_login_code": (PUBLIC, (), "get"),
    "account_confirm_login_code": (PUBLIC, (), "get"),
    # Not pages for people
    "stripe_webhook": (MACHINE, (), "post"),
    None: (MACHINE, (), "get"),  # DEBUG's media files
}
# Addresses whose object the fixtures below do not build (a payment, a reward,
# a document): the page answers 404, and still must not be kept.
NOT_BUILT = {
    "my_payment_receipt",
    "my_reward",
    "payment_refund",
    "club_reward_fulfil",
    "wagtailcore_authenticate_with_password",
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
    "account_reset_password_from_key",
    "account_confirm_email",
    "referral_agenda",  # a referral with no thank-you yet
    "mastermind_commitment_mark",  # no commitment made
    "club_billing",  # no subscription to manage
    "mastermind_billing",
    "mastermind_seat_pay",  # the group sells no seats
    "registration_receipt",  # a place with no payment has no receipt
}


def patterns(resolver=None, prefix="", namespace=""):
    """(name, route) of every URL, the name with its namespaces (`a:b:name`)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, prefix + str(entry.pattern)


def is_admin(route: str) -> bool:
    return route.startswith("admin/")


@pytest.fixture
def url_world():
    ensure_home_page()
    club = make_club(name="Sunrise Breakfast", slug="sunrise")
    host = make_host(club, email="hana@example.com")
    member = make_member(club, email="mia@example.com")
    other = make_member(club, email="otto@example.com")
    occurrence = make_occurrence(club)
    registration = make_registration(occurrence, member)
    referral = make_referral(giver=member, club=club, receiver=other)
    group = make_group()
    seat(group, member)
    session = sessions(group)[0]
    values = {
        "slug": club.slug,
        "pk": occurrence.pk,
        "payment_pk": 10**9,
        "payment": 10**9,
        "reward": 10**9,
        "referral": referral.pk,
        "group": group.club.slug,
        "session": session.pk,
        "commitment": 10**9,
        "token": registration_manage_token(registration),
        "check_in_token": registration_check_in_token(registration),
        "feed_token": feed_token(member),
        "code": member.referral_code,
        "page_id": ensure_home_page().pk,
        "channel": "email",
        "root": "",
        "page_view_restriction_id": 10**9,
        "restriction_id": 10**9,
        "document": 10**9,
        "uidb36": "4",
        "key": "not-a-key",
    }
    # Who else asks: a signed-in person of no club, and a member of another
    # club (with its own host), neither of whom owns anything above.
    stranger = make_user(email="stan@example.com")
    elsewhere = make_club(name="Moonlight Supper", slug="moonlight")
    make_host(elsewhere, email="olga@example.com")
    outsider = make_member(elsewhere, email="oscar@example.com")
    return {
        "host": host,
        "member": member,
        "stranger": stranger,
        "outsider": outsider,
        "values": values,
    }


def url_for(name: str, needs: tuple, values: dict) -> str:
    aliases = {
        "payment": "pk",
        "reward": "pk",
        "referral": "pk",
        "group": "slug",
        "session": "pk",
        "check_in_token": "token",
        "feed_token": "token",
        "root": None,
        "document": None,
    }
    kwargs, args = {}, []
    for need in needs:
        key = aliases.get(need, need)
        if need in ("root",):
            args.append(values[need])
        elif need == "document":
            args += [values[need], "file.pdf"]
        else:
            kwargs[key] = values[need]
    if name == "wagtail_serve":
        return "/"
    return reverse(name, args=args or None, kwargs=kwargs or None)


def urls_without_a_class() -> list[str]:
    """Non-admin URLs the table does not classify, as `name (route)`."""
    return sorted(
        f"{name} ({route})"
        for name, route in patterns()
        if not is_admin(route) and name not in URLS
    )
