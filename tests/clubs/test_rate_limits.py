"""Abuse limits on the public writes (settings.RATE_LIMITS and allauth's
ACCOUNT_RATE_LIMITS): past a limit, a 429 page in the visitor's language;
the counters live in the shared cache, so every app server counts the same."""

import os

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from clubs.models import Registration
from tests.builders import (
    PASSWORD,
    make_club,
    make_member,
    make_occurrence,
    make_user,
)

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="no REDIS_URL")


def register_url(occurrence) -> str:
    kwargs = {"slug": occurrence.series.club.slug, "pk": occurrence.pk}
    return reverse("occurrence_register", kwargs=kwargs)


def guest(n: int) -> dict:
    return {"name": f"Guest {n}", "email": f"guest{n}@example.net"}


def statuses(responses) -> list[int]:
    return [response.status_code for response in responses]


# --- Guest registration --------------------------------------------------------


def test_fifty_quick_registrations_from_one_address_are_stopped_before_the_tenth(
    client, mailoutbox, committed
):
    occurrence = make_occurrence(capacity=100)

    answers = []
    for n in range(50):
        with committed():
            answers.append(client.post(register_url(occurrence), guest(n)).status_code)

    first_refused = answers.index(429)
    assert first_refused < 9
    assert set(answers[first_refused:]) == {429}
    assert Registration.objects.count() == first_refused < 9
    assert len(mailoutbox) == first_refused


def test_the_limit_answers_with_a_429_page_in_the_visitors_language(client):
    occurrence = make_occurrence(capacity=100)
    url = "/es" + register_url(occurrence)

    responses = [client.post(url, guest(n)) for n in range(10)]

    refused = responses[-1]
    assert refused.status_code == 429
    page = refused.content.decode()
    assert '<html lang="es"' in page
    assert "Ir a la página de inicio" in page  # "Go to the home page"


def test_a_meeting_takes_only_so_many_guests_an_hour_from_all_addresses(
    client, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "guest_registration_meeting": "3/h"}
    occurrence, other = make_occurrence(capacity=100), make_occurrence(capacity=100)

    answers = [
        client.post(register_url(occurrence), guest(n), REMOTE_ADDR=f"198.51.100.{n}")
        for n in range(4)
    ]
    elsewhere = client.post(register_url(other), guest(9), REMOTE_ADDR="198.51.100.9")

    assert statuses(answers) == [302, 302, 302, 429]
    assert elsewhere.status_code == 302


def test_people_at_different_addresses_are_counted_apart(client):
    occurrence = make_occurrence(capacity=100)

    answers = [
        client.post(register_url(occurrence), guest(n), REMOTE_ADDR=f"198.51.100.{n}")
        for n in range(20)
    ]

    assert set(statuses(answers)) == {302}


def test_behind_the_load_balancer_the_visitors_own_address_counts(client, settings):
    """One proxy of ours: the address it saw (the last in X-Forwarded-For),
    not the balancer's own, and not whatever the client claims first."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    occurrence = make_occurrence(capacity=100)

    answers = [
        client.post(
            register_url(occurrence),
            guest(n),
            REMOTE_ADDR="10.0.0.1",  # the balancer
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.{n}",
        )
        for n in range(20)
    ]

    assert set(statuses(answers)) == {302}


def test_the_switch_turns_the_site_limits_off_for_one_test(client, no_rate_limits):
    occurrence = make_occurrence(capacity=100)

    answers = [client.post(register_url(occurrence), guest(n)) for n in range(12)]

    assert set(statuses(answers)) == {302}


# --- The shared cache ----------------------------------------------------------


def test_the_count_lives_in_the_shared_cache_not_in_one_server(client, settings):
    """Two app servers share nothing but the cache: a request to the second,
    with a cache connection of its own, sees the first one's hits."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "guest_registration_ip": "1/h"}
    occurrence = make_occurrence(capacity=100)

    first = client.post(register_url(occurrence), guest(1))
    caches["ratelimit"].close()
    del caches["ratelimit"]  # the next request opens a connection of its own
    second = Client().post(register_url(occurrence), guest(2))

    assert (first.status_code, second.status_code) == (302, 429)


@needs_redis
def test_the_counters_live_in_redis(client):
    occurrence = make_occurrence(capacity=100)
    server = redis.Redis.from_url(os.environ["REDIS_URL"])

    client.post(register_url(occurrence), guest(1))

    assert settings.CACHES["ratelimit"]["BACKEND"].endswith("RedisCache")
    assert server.keys("ratelimit:*")


# --- Every other limited write ---------------------------------------------------


def member_client(club=None) -> tuple[Client, object]:
    member = make_member(club or make_club())
    client = Client()
    client.force_login(member)
    return client, member


LIMITED = [
    # (group, how the request is made, the URL)
    ("referral_create", "post", lambda m: reverse("referral_create")),
    ("check_in", "get", lambda m: reverse("registration_check_in", args=["x"])),
    ("checkout", "post", lambda m: reverse("registration_pay", args=["x"])),
    ("checkout", "post", lambda m: reverse("club_dues_pay", args=["nowhere"])),
    ("checkout", "post", lambda m: reverse("club_billing", args=["nowhere"])),
    ("checkout", "post", lambda m: reverse("mastermind_seat_pay", args=["nowhere"])),
    ("checkout", "post", lambda m: reverse("mastermind_billing", args=["nowhere"])),
    ("waitlist_join", "post", lambda m: reverse("mastermind_apply", args=["nowhere"])),
    ("share_link", "get", lambda m: reverse("share_link", args=["nocode", 1])),
]


@pytest.mark.parametrize(("group", "method", "url"), LIMITED)
def test_each_limited_write_answers_429_past_its_rate(settings, group, method, url):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, group: "2/h"}
    client, member = member_client()
    send = getattr(client, method)

    answers = [send(url(member)).status_code for _ in range(3)]

    assert 429 not in answers[:2]
    assert answers[2] == 429


def test_a_members_registrations_are_limited_per_member(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "member_registration": "1/h"}
    club = make_club()
    client, member = member_client(club)
    first, second = make_occurrence(club), make_occurrence(club)

    answers = [client.post(register_url(first)), client.post(register_url(second))]

    assert statuses(answers) == [302, 429]
    assert member.registrations.count() == 1


def test_the_link_resend_is_limited_per_address(client):
    occurrence = make_occurrence()
    kwargs = {"slug": occurrence.series.club.slug, "pk": occurrence.pk}
    url = reverse("registration_link_resend", kwargs=kwargs)
    allowed = int(settings.RATE_LIMITS["link_resend"].split("/")[0])

    answers = [
        client.post(url, {"email": f"n{n}@example.net"}) for n in range(allowed + 1)
    ]

    assert set(statuses(answers[:allowed])) == {302}
    assert answers[-1].status_code == 429


def test_a_host_checks_in_a_full_room_at_the_door_without_a_pause(settings):
    """A guest every two seconds, looked up and checked in, for a minute."""
    client, host = member_client()

    url = reverse("registration_check_in", args=["x"])

    answers = [
        answer.status_code
        for _ in range(30)
        for answer in [client.get(url), client.post(url)]
    ]

    assert 429 not in answers


# --- allauth's limits -------------------------------------------------------------


def allowed(action: str) -> int:
    """How many requests an allauth action takes from one address."""
    rates = settings.ACCOUNT_RATE_LIMITS[action].split(",")
    return min(int(rate.split("/")[0]) for rate in rates if rate.endswith("/ip"))


@pytest.mark.parametrize(
    ("action", "url_name", "data"),
    [
        ("login", "account_login", lambda n: {"login": f"x{n}@example.net"}),
        ("signup", "account_signup", lambda n: {"email": f"x{n}@example.net"}),
        (
            "reset_password",
            "account_reset_password",
            lambda n: {"email": f"x{n}@example.net"},
        ),
    ],
)
def test_the_account_pages_answer_429_past_their_limits(action, url_name, data):
    make_user(email="ana@example.net")
    url = reverse(url_name)

    answers = [
        Client().post(url, {"password": PASSWORD, **data(n)}).status_code
        for n in range(allowed(action) + 1)
    ]

    assert 429 not in answers[:-1]
    assert answers[-1] == 429


def test_login_codes_stop_past_their_limit_and_send_nothing(mailoutbox):
    """allauth refuses on the form itself here ("too many attempts"), not with
    a 429, and sends no code."""
    url = reverse("account_request_login_code")
    for n in range(allowed("request_login_code")):
        Client().post(url, {"email": f"x{n}@example.net"})
    mailoutbox.clear()

    refused = Client().post(url, {"email": "x99@example.net"})

    assert refused.status_code in {400, 429}
    assert "Too many" in refused.content.decode()
    assert not mailoutbox


def test_allauths_429_is_the_sites_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    url = reverse("account_login")
    client.post(url, {"login": "ana@example.net", "password": "wrong"})

    refused = client.post(url, {"login": "ana@example.net", "password": "wrong"})

    assert refused.status_code == 429
    assert "Too many tries for now" in refused.content.decode()
