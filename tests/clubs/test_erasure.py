"""Members' rights (#15): deleting an account, by the member or by an admin,
erases the person and keeps everybody else's records; a host erases a
prospect named in referrals on request."""

from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clubs.models import (
    Agenda,
    AgendaItem,
    Attendance,
    Attribution,
    Membership,
    Payment,
    Referral,
    ReferralStep,
    Registration,
    ThankYou,
    User,
)
from clubs.services.attendance import attendance_mark
from clubs.services.erasure import erase_person
from clubs.services.referrals import referral_move, referral_thank
from clubs.tokens import registration_check_in_token, registration_manage_token
from content.models import LinkShare, LinkVisit
from tests.builders import (
    PASSWORD,
    ensure_home_page,
    feed_token,
    make_club,
    make_host,
    make_member,
    make_referral,
    make_registration,
    make_series,
    make_user,
)
from tests.clubs.report_builders import meeting

pytestmark = pytest.mark.django_db

MIA_EMAIL = "mia.erasable@example.com"


@pytest.fixture
def world():
    """A club's year in small: Mia gives and receives referrals (steps, a
    won one thanked), came to past breakfasts (marked by the host, one paid
    at the door), holds the last seat of the next one with Zoe waiting,
    brought a guest through her link, and has a feed token."""
    ensure_home_page()
    club = make_club(name="Sunrise Breakfast", slug="sunrise")
    host = make_host(club, email="hana@example.com", first_name="Hana")
    mia = make_member(club, email=MIA_EMAIL, first_name="Mia", last_name="Quist")
    otto = make_member(club, email="otto@example.com", first_name="Otto")
    zoe = make_member(club, email="zoe@example.com", first_name="Zoe")
    past = []
    for weeks in (12, 8, 4):
        occurrence = meeting(club, timezone.now() - timedelta(weeks=weeks))
        for person in (mia, otto):
            registration = Registration.objects.create(
                occurrence=occurrence,
                person=person,
                name=str(person),
                email=person.email,
                status="confirmed",
            )
            attendance_mark(
                occurrence=occurrence,
                registration=registration,
                status="present",
                by=host,
            )
            if person == mia:
                past.append(registration)
    payment = Payment.objects.create(
        registration=past[0],
        amount=1500,
        currency="USD",
        method="door",
        status="paid",
        paid_at=timezone.now() - timedelta(weeks=12),
        recorded_by=host,
    )
    given = [
        make_referral(giver=mia, club=club, receiver=otto, prospect_name=f"P{n}")
        for n in range(3)
    ]
    referral_move(referral=given[0], status="contacted", by=otto)
    referral_move(
        referral=given[0], status="won", by=otto, value=Decimal(500), currency="USD"
    )
    referral_thank(referral=given[0], by=otto, note="Thanks, Mia!")
    received = [
        make_referral(giver=otto, club=club, receiver=mia, prospect_name=f"R{n}")
        for n in range(2)
    ]
    referral_move(referral=received[0], status="contacted", by=mia)
    make_referral(giver=zoe, club=club, receiver=otto, prospect_name="Zed")
    upcoming = make_series(club, capacity=1).occurrences.order_by("start").first()
    seat = make_registration(upcoming, mia)
    waiting = make_registration(upcoming, zoe)
    Attribution.objects.create(
        referrer=mia,
        email_key="gus@example.net",
        name="Gus Guest",
        email="gus@example.net",
        touched_at=timezone.now(),
    )
    LinkVisit.objects.create(
        member=mia, page=ensure_home_page(), day=timezone.localdate(), visits=7
    )
    LinkShare.objects.create(member=mia, page=ensure_home_page(), channel="email")
    # A running order that names her: an item she led, and a draft of it.
    agenda = Agenda(occurrence=past[-1].occurrence, intro="Welcome")
    agenda.items = [
        AgendaItem(kind="welcome", title="Welcome", minutes=5, owner="Mia Quist"),
        AgendaItem(
            kind="wins", title="Wins", minutes=10, notes="Mia Quist: ten new leads"
        ),
    ]
    agenda.save()
    agenda.save_revision(user=host)
    return {
        "club": club,
        "host": host,
        "mia": mia,
        "otto": otto,
        "zoe": zoe,
        "past": past,
        "payment": payment,
        "given": given,
        "received": received,
        "seat": seat,
        "waiting": waiting,
        "token": feed_token(mia),
        "manage": registration_manage_token(past[-1]),
        "check_in": registration_check_in_token(seat),
    }


def _counts(world):
    otto = world["otto"]
    return {
        "referrals": Referral.objects.count(),
        "otto received": Referral.objects.filter(receiver=otto).count(),
        "otto given": Referral.objects.filter(giver=otto).count(),
        "steps": ReferralStep.objects.count(),
        "thank-yous": ThankYou.objects.count(),
        "registrations": Registration.objects.count(),
        "attendance": Attendance.objects.count(),
        "attended": Attendance.objects.filter(status="present").count(),
        "payments": Payment.objects.count(),
        "credits": Attribution.objects.count(),
        "visits": sum(LinkVisit.objects.values_list("visits", flat=True)),
        "shares": LinkShare.objects.count(),
    }


def _rows_mentioning(*needles: str) -> list[str]:
    """Every row of every table with a text column holding one of `needles`
    (case-insensitive), as `app.Model pk=…`."""
    found = []
    for model in apps.get_models():
        text = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not text:
            continue
        for needle in needles:
            query = models.Q()
            for name in text:
                query |= models.Q(**{f"{name}__icontains": needle})
            for pk in model._default_manager.filter(query).values_list("pk", flat=True):
                found.append(f"{model._meta.label} pk={pk} ({needle})")
    return found


def _assert_everyone_elses_records_kept(world, before):
    after = _counts(world)
    # Her own future place is given up, which is all that changes.
    assert after == before
    assert not User.objects.filter(pk=world["mia"].pk).exists()
    assert _rows_mentioning(MIA_EMAIL, "Mia Quist") == []
    given = Referral.objects.get(pk=world["given"][0].pk)
    assert given.giver is None and given.receiver == world["otto"]
    assert given.status == "won" and given.value == 500
    assert given.steps.count() == 3
    assert given.thank_you.note == "Thanks, Mia!"
    assert Referral.objects.get(pk=world["received"][0].pk).receiver is None
    place = Registration.objects.get(pk=world["past"][0].pk)
    assert place.name == "Former member" and MIA_EMAIL not in place.email
    assert Payment.objects.get(pk=world["payment"].pk).registration == place
    waiting = Registration.objects.get(pk=world["waiting"].pk)
    assert waiting.status == "confirmed"  # her seat went to the waitlist
    assert Registration.objects.get(pk=world["seat"].pk).status == "cancelled"


def test_erasing_a_member_keeps_everyone_elses_records(world):
    before = _counts(world)

    erase_person(person=world["mia"], by=world["host"])

    _assert_everyone_elses_records_kept(world, before)
    assert not EmailAddress.objects.filter(email__iexact=MIA_EMAIL).exists()
    assert Attribution.objects.get().referrer is None
    assert Membership.objects.filter(club=world["club"]).count() == 3


def test_the_audit_trail_logs_the_erasure_but_not_the_person(world):
    erase_person(person=world["mia"], by=world["host"])

    entry = ModelLogEntry.objects.get(action="clubs.person_erased")
    assert entry.user_id == world["host"].pk
    assert entry.object_id == str(world["mia"].pk)
    assert "Mia" not in entry.label and entry.data == {}
    # Her attendance marks were logged naming her; they now name nobody.
    marks = ModelLogEntry.objects.filter(action="clubs.attendance_marked")
    assert marks.count() == 6
    assert not [m for m in marks if "Mia" in m.label or "Mia" in str(m.data)]


def test_the_other_member_and_the_host_read_a_former_member(world, client):
    erase_person(person=world["mia"], by=None)
    club, otto, host = world["club"], world["otto"], world["host"]

    client.force_login(otto)
    page = client.get(reverse("referral_detail", args=[world["given"][0].pk]))
    assert page.status_code == 200
    assert "Referred by a former member to Otto" in page.content.decode()
    mine = client.get(reverse("my_referrals")).content.decode()
    assert "from a former member" in mine
    csv = client.get(reverse("my_referrals_csv")).content.decode()
    assert "a former member" in csv

    client.force_login(host)
    for name in (
        "club_referrals_report",
        "club_referrals_csv",
        "club_referrals_graph",
        "club_stale_referrals",
        "club_attendance_report",
        "club_attendance_csv",
        "club_payments",
    ):
        response = client.get(reverse(name, kwargs={"slug": club.slug}))
        assert response.status_code == 200, name
    report_csv = client.get(reverse("club_referrals_csv", kwargs={"slug": club.slug}))
    assert "a former member" in report_csv.content.decode()
    page = client.get(reverse("referral_detail", args=[world["received"][0].pk]))
    assert "Referred by Otto" in page.content.decode()
    assert "to a former member" in page.content.decode()


def test_a_former_member_is_thanked_by_nobody(world, client):
    referral = world["given"][1]
    referral_move(
        referral=referral,
        status="won",
        by=world["otto"],
        value=Decimal(9),
        currency="USD",
    )
    erase_person(person=world["mia"], by=None)

    client.force_login(world["otto"])
    page = client.get(reverse("referral_detail", args=[referral.pk])).content
    assert b'action="/referrals/%d/thank/"' % referral.pk not in page


def test_her_feed_and_signed_links_die(world, client):
    feed = reverse("member_calendar_feed", kwargs={"token": world["token"]})
    manage = reverse("registration_manage", kwargs={"token": world["manage"]})
    check_in = reverse("registration_check_in", kwargs={"token": world["check_in"]})
    assert client.get(feed).status_code == 200
    assert client.get(manage).status_code == 200

    erase_person(person=world["mia"], by=None)

    assert client.get(feed).status_code == 404
    assert client.get(manage).status_code == 404
    client.force_login(world["host"])
    assert client.get(check_in).status_code == 404


def test_a_member_deletes_their_account(
    world, client, no_rate_limits, django_capture_on_commit_callbacks
):
    mia = world["mia"]
    mia.language = "es"
    mia.save()
    elsewhere = type(client)()
    elsewhere.force_login(mia)  # her phone stays signed in too
    client.force_login(mia)
    before = _counts(world)

    profile = client.get(reverse("profile_edit")).content.decode()
    assert reverse("account_delete") in profile
    page = client.get(reverse("account_delete"))
    assert "a former member" in page.content.decode()
    wrong = client.post(reverse("account_delete"), {"password": "guess"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=mia.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("account_delete"), {"password": PASSWORD}, follow=True
        )

    assert done.redirect_chain[-1][0] == reverse("account_deleted")
    assert "Your account is deleted" in done.content.decode()
    _assert_everyone_elses_records_kept(world, before)
    for session in (client, elsewhere):
        response = session.get(reverse("profile_edit"))
        assert response.status_code == 302 and "login" in response["Location"]
    (message,) = [m for m in mail.outbox if MIA_EMAIL in m.to]
    # In her language: its link leads to the Spanish pages. (The words follow
    # once the catalogues are translated, centrally.)
    assert "/es/clubs/" in message.body
    entry = ModelLogEntry.objects.get(action="clubs.person_erased")
    assert entry.user_id is None


def test_an_account_without_a_password_confirms_with_its_address(client):
    person = make_user(email="code.only@example.com")
    person.set_unusable_password()
    person.save()
    client.force_login(person)

    refused = client.post(reverse("account_delete"), {"email": "other@example.com"})
    assert refused.status_code == 400
    client.post(reverse("account_delete"), {"email": "Code.Only@example.com"})

    assert not User.objects.filter(pk=person.pk).exists()


def test_a_clubs_only_organizer_is_asked_to_hand_it_over(world, client):
    client.force_login(world["host"])

    response = client.post(reverse("account_delete"), {"password": PASSWORD})

    assert response.status_code == 400
    assert "only organizer of Sunrise Breakfast" in response.content.decode()
    assert User.objects.filter(pk=world["host"].pk).exists()


def test_an_admin_deletes_a_member_through_the_same_erasure(world, client):
    admin = make_user(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    before = _counts(world)
    url = reverse("wagtailusers_users:delete", args=[world["mia"].pk])
    assert client.get(url).status_code == 200

    response = client.post(url)

    assert response.status_code == 302
    _assert_everyone_elses_records_kept(world, before)
    entry = ModelLogEntry.objects.get(action="clubs.person_erased")
    assert entry.user_id == admin.pk


def test_an_admin_bulk_delete_erases_too(world, client):
    admin = make_user(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    before = _counts(world)
    url = (
        reverse("wagtail_bulk_action", args=("clubs", "user", "delete"))
        + f"?id={world['mia'].pk}"
    )

    response = client.post(url)

    assert response.status_code == 302
    _assert_everyone_elses_records_kept(world, before)


# --- A prospect asks to be forgotten -------------------------------------------


@pytest.fixture
def prospects():
    club = make_club(name="Sunrise Breakfast", slug="sunrise")
    host = make_host(club)
    giver, receiver = make_member(club), make_member(club)
    named = [
        make_referral(
            giver=giver,
            club=club,
            receiver=receiver,
            prospect_name="Paula Prospect",
            prospect_email="Paula@Example.com",
            prospect_phone="+1 555 0100",
            prospect_company="Roofs Ltd",
        )
        for _ in range(2)
    ]
    referral_move(
        referral=named[0], status="won", by=receiver, value=Decimal(750), currency="USD"
    )
    other_club = make_club(name="Moonlight Supper", slug="moonlight")
    other_host = make_host(other_club)
    elsewhere = make_referral(
        giver=make_member(other_club),
        club=other_club,
        receiver=make_member(other_club),
        prospect_email="paula@example.com",
    )
    return locals()


def _erase(client, person, referral, data=None):
    client.force_login(person)
    url = reverse("referral_prospect_erase", args=[referral.pk])
    return client.post(url, {"confirm": "on"} if data is None else data)


def test_a_host_erases_a_prospect_from_their_clubs_referrals(prospects, client):
    first, second = prospects["named"]

    response = _erase(client, prospects["host"], first)

    assert response.status_code == 302
    for referral in (first, second):
        referral.refresh_from_db()
        assert referral.prospect_name == "Former member"
        assert referral.prospect_email == referral.prospect_phone == ""
        assert referral.prospect_company == referral.need == ""
        assert referral.prospect_erased_at is not None
    assert first.status == "won" and first.value == 750
    assert first.steps.count() == 2  # new, won
    # Another club's slip is not the host's to erase.
    prospects["elsewhere"].refresh_from_db()
    assert prospects["elsewhere"].prospect_name == "Paula Prospect"
    entries = ModelLogEntry.objects.filter(action="clubs.prospect_erased")
    assert entries.count() == 2
    assert not [e for e in entries if "Paula" in e.label]
    page = client.get(reverse("referral_detail", args=[first.pk])).content.decode()
    assert "Paula" not in page and "erased at their request" in page


def test_a_prospect_without_an_email_is_erased_from_that_referral_only(
    prospects, client
):
    first, second = prospects["named"]
    Referral.objects.filter(pk=first.pk).update(prospect_email="")

    _erase(client, prospects["host"], first)

    first.refresh_from_db(), second.refresh_from_db()
    assert first.prospect_name == "Former member"
    assert second.prospect_name == "Paula Prospect"


def test_only_the_clubs_hosts_may_erase_a_prospect(prospects, client):
    referral = prospects["named"][0]
    for person in (
        prospects["giver"],
        prospects["receiver"],
        prospects["other_host"],
    ):
        assert _erase(client, person, referral).status_code == 404
    assert _erase(client, prospects["host"], referral, data={}).status_code == 400
    referral.refresh_from_db()
    assert referral.prospect_name == "Paula Prospect"
