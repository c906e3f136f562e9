"""Fixtures the clubs tests share.

`club` is Sunrise Breakfast, where Gina gives Rob referrals. A module whose
tests happen in another club overrides `club` with one of the clubs named
here (`riverside_club`, `hosted_club`), and `host` or `receiver` the same
way, so that each module says which one it uses.
"""

from datetime import date
from functools import partial

import pytest

from clubs.selectors import referral_reports as reports
from tests.builders import (
    make_club,
    make_host,
    make_member,
    make_membership,
    make_referral,
    make_user,
)
from tests.clubs.report_builders import NOW

# --- Referrals at Sunrise Breakfast -------------------------------------------


@pytest.fixture
def club():
    return make_club(name="Sunrise Breakfast", slug="sunrise")


@pytest.fixture
def giver(club):
    return make_member(
        club, email="gina@example.com", first_name="Gina", last_name="Giver"
    )


@pytest.fixture
def receiver(club):
    return make_member(
        club, email="rob@example.com", first_name="Rob", last_name="Roofer"
    )


@pytest.fixture
def receiver_with_business(club):
    """Rob again, with the name of his business (the slip form shows it)."""
    return make_member(
        club,
        email="rob@example.com",
        first_name="Rob",
        last_name="Roofer",
        business_name="Rob's Roofs",
    )


@pytest.fixture
def third(club):
    """Another member of the same club: no business with this referral."""
    return make_member(
        club, email="tom@example.com", first_name="Tom", last_name="Third"
    )


@pytest.fixture
def slip(club, giver, receiver):
    """Give a hot referral from Gina to Rob; keyword arguments override."""
    return partial(
        make_referral, giver=giver, club=club, receiver=receiver, temperature="hot"
    )


# --- Hosts, and the clubs admin at Riverside Breakfast ------------------------


@pytest.fixture
def host():
    """Hana, who hosts the club a module puts her in."""
    return make_user(first_name="Hana", last_name="Host")


@pytest.fixture
def host_client(client, host):
    client.force_login(host)
    return client


@pytest.fixture
def riverside_club():
    return make_club(name="Riverside Breakfast", time_zone="America/Chicago")


@pytest.fixture
def rosa(club):
    """Rosa hosts `club` through the clubs admin."""
    return make_host(club, email="rosa@example.com")


@pytest.fixture
def _before_2026(time_machine):
    """1 December 2025, for modules that ask for it: 2026 is still to come."""
    time_machine.move_to(date(2025, 12, 1))


# --- The referral report ------------------------------------------------------


@pytest.fixture
def now(time_machine):
    """20 May 2026 at noon in Chicago, standing still, for modules that ask."""
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def hosted_club(host):
    """Northside Breakfast at /breakfast/, with `host` as its organizer."""
    club = make_club(slug="breakfast", name="Northside Breakfast")
    make_membership(club, host, role="organizer")
    return club


@pytest.fixture
def people(club):
    members = {}
    for name in ["Ana", "Ben", "Cat", "Dan", "Eve"]:
        members[name] = make_user(first_name=name, last_name="Member")
        make_membership(club, members[name])
    return members


@pytest.fixture
def period(club):
    """This quarter: 1 April to today, 20 May 2026."""
    return reports.period_for(club, start=date(2026, 4, 1), end=date(2026, 5, 20))
