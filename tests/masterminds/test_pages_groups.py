"""The group list, the group's page (public side and members' view), and
applying for a seat through the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from masterminds.models import Application
from masterminds.selectors import member_next_hot_seat, next_trainings, seated
from masterminds.services import applications as rules
from masterminds.services.applications import (
    application_decline,
    application_submit,
    application_waitlist,
)
from tests.builders import PASSWORD, make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    group = make_group(seat_limit=3, training=True)
    group.club.description = "Owners growing past ten staff."
    group.club.save()
    return group


@pytest.fixture
def sam(group):
    return seat(
        group,
        first_name="Sam",
        last_name="Seated",
        business_name="Sam's Plumbing",
        category=make_category("Plumbing"),
    )


def login(client, person):
    assert client.login(email=person.email, password=PASSWORD)
    return client


def detail_url(group):
    return reverse("mastermind_detail", args=[group.club.slug])


def apply_url(group):
    return reverse("mastermind_apply", args=[group.club.slug])


def text(response) -> str:
    return response.content.decode()


def test_the_list_shows_public_facts_only(client, group, sam):
    response = client.get(reverse("mastermind_list"))

    page = text(response)
    assert response.status_code == 200
    assert group.club.name in page
    assert "1 of 3 seats taken, 2 left" in page
    assert "Next training" in page
    assert "Sam" not in page


def test_the_public_page_invites_to_trainings_and_to_apply(client, group, sam):
    response = client.get(detail_url(group))

    page = text(response)
    training = next_trainings(group)[0]
    register = reverse(
        "occurrence_detail", args=[training.series.club.slug, training.pk]
    )
    assert "Owners growing past ten staff." in page
    assert str(facilitator_of(group)) in page
    assert "1 of 3 seats taken, 2 left" in page
    assert "One member per business category" in page
    assert f'href="{register}"' in page
    assert "attendees are welcome to apply" in page
    assert "Apply for a seat" in page
    # The member list and the sessions are the members' business.
    assert "Sam" not in page
    assert "Your next hot seat" not in page


def test_other_people_of_the_site_see_the_public_page_only(client, group, sam):
    login(client, make_user())

    page = text(client.get(detail_url(group)))

    assert "Apply for a seat" in page
    assert "Sam" not in page
    assert "Members" not in page


def test_a_member_sees_the_members_and_their_next_hot_seat(client, group, sam):
    ana = seat(group, first_name="Ana", business_name="Ana's Books")
    login(client, ana)

    response = client.get(detail_url(group))

    page = text(response)
    turn = member_next_hot_seat(group=group, person=ana)
    assert "Sam Seated" in page and "Sam&#x27;s Plumbing" in page
    assert "Plumbing" in page
    assert "Your next hot seat" in page
    session_url = reverse("mastermind_session", args=[group.club.slug, turn.pk])
    assert f'href="{session_url}"' in page
    assert "Apply for a seat" not in page
    assert "Run this group in the admin" not in page
    assert reverse("mastermind_history", args=[group.club.slug]) in page
    assert f"{reverse('referral_create')}?club={group.club.slug}" in page


def test_a_facilitator_sees_the_members_without_a_hot_seat_of_their_own(
    client, group, sam
):
    login(client, facilitator_of(group))

    page = text(client.get(detail_url(group)))

    assert "Sam Seated" in page
    assert "Next session" in page
    assert "Run this group in the admin" in page
    assert "Your next hot seat" not in page
    assert "Apply for a seat" not in page


def test_the_pages_come_in_spanish_too(client, group):
    with translation.override("en"):  # the request switches this thread to es
        response = client.get(f"/es{detail_url(group)}")

    assert response.status_code == 200
    assert '<html lang="es">' in text(response)


def test_an_unknown_group_is_not_found(client):
    assert client.get(reverse("mastermind_detail", args=["nope"])).status_code == 404


def test_the_group_page_costs_the_same_however_many_members(
    client, group, django_assert_max_num_queries
):
    group.seat_limit = 30
    group.save()
    viewer = seat(group, category=make_category())
    login(client, viewer)
    client.get(detail_url(group))  # warm up the session and the site

    with django_assert_max_num_queries(30) as few:
        client.get(detail_url(group))
    for _ in range(12):
        seat(group, category=make_category(), business_name="Shop")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(detail_url(group))
    assert text(response).count("Shop") == 12


# --- Applying ---------------------------------------------------------------------


def test_applying_needs_an_account(client, group):
    response = client.get(apply_url(group))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert f"next={apply_url(group)}" in response.url


def test_the_form_starts_from_the_profile(client, group):
    category = make_category("Bakery")
    person = make_user(business_name="Bo's Bakes", category=category)
    login(client, person)

    page = text(client.get(apply_url(group)))

    assert 'value="Bo&#x27;s Bakes"' in page
    assert f'<option value="{category.pk}" selected>Bakery</option>' in page


def test_applying_then_seeing_the_status_and_withdrawing(
    client, group, mailoutbox, django_capture_on_commit_callbacks
):
    person = make_user()
    category = make_category()
    login(client, person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            apply_url(group),
            {
                "wants": "Peers to grow with",
                "business": "Bikes",
                "category": category.pk,
            },
            follow=True,
        )

    application = Application.objects.get(person=person)
    assert application.status == Application.Status.PENDING
    assert application.category == category
    assert "The facilitators will read your application soon" in text(response)
    assert "waiting for the facilitators" in text(response)
    assert any(person.email in message.to for message in mailoutbox)
    withdraw = reverse("mastermind_withdraw", args=[group.club.slug])
    assert f'<a href="{withdraw}">Withdraw my application</a>' in text(response)

    asked = text(client.get(withdraw))
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING  # it only asks
    assert 'button--danger">Yes, withdraw my application</button>' in asked
    response = client.post(withdraw, follow=True)

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert "Your application is withdrawn." in text(response)
    assert "Apply for a seat" in text(response)


def test_an_application_from_a_training_link_keeps_the_training(client, group):
    training = next_trainings(group)[0]
    login(client, make_user())

    page = text(client.get(f"{apply_url(group)}?training={training.pk}"))
    assert f'name="training" value="{training.pk}"' in page
    client.post(
        apply_url(group),
        {
            "wants": "More referrals",
            "business": "Bikes",
            "category": make_category().pk,
            "training": training.pk,
        },
    )

    assert Application.objects.get().training == training


def test_applying_twice_is_refused_beside_the_form(client, group):
    person = make_user()
    category = make_category()
    application_submit(
        group=group, person=person, wants="x", business="y", category=category
    )
    login(client, person)

    response = client.post(
        apply_url(group), {"wants": "Again", "business": "y", "category": category.pk}
    )

    assert response.status_code == 400
    assert str(rules.ALREADY_APPLIED).replace("'", "&#x27;") in text(response)
    assert Application.objects.count() == 1


def test_a_member_applying_is_told_they_are_in_already(client, group, sam):
    login(client, sam)

    response = client.post(
        apply_url(group),
        {"wants": "More", "business": "Pipes", "category": sam.category_id},
    )

    assert response.status_code == 400
    assert str(rules.ALREADY_MEMBER) in text(response)
    assert not Application.objects.exists()


def test_an_incomplete_application_shows_what_is_missing(client, group):
    login(client, make_user())

    response = client.post(apply_url(group), {"wants": "", "business": ""})

    page = text(response)
    assert response.status_code == 400
    assert str(rules.NO_WANTS) in page
    assert str(rules.NO_BUSINESS) in page
    assert not Application.objects.exists()


def test_a_missing_category_is_refused_when_the_group_keeps_one_per_category(
    client, group
):
    login(client, make_user())

    response = client.post(apply_url(group), {"wants": "Peers", "business": "Bikes"})

    assert response.status_code == 400
    assert str(rules.NO_CATEGORY) in text(response)
    assert not Application.objects.exists()


def test_a_declined_applicant_sees_the_decision(client, group):
    person = make_user()
    application = application_submit(
        group=group, person=person, wants="x", business="y", category=make_category()
    )
    application_decline(
        application=application, by=facilitator_of(group), note="Try next spring"
    )
    login(client, person)

    page = text(client.get(detail_url(group)))

    assert "Your application was declined." in page
    assert "Try next spring" in page


def test_a_member_leaves_and_the_seat_goes_to_the_waitlist(client, group, sam):
    waiting = make_user()
    application = application_submit(
        group=group, person=waiting, wants="x", business="y", category=make_category()
    )
    application_waitlist(application=application, by=facilitator_of(group))
    login(client, sam)
    leave = reverse("mastermind_leave", args=[group.club.slug])
    page = text(client.get(detail_url(group)))
    # A step of its own, away from "Log a referral in the room".
    assert f'<a href="{leave}">Leave this group</a>' in page
    assert page.index("Log a referral in the room") < page.index('id="members"')
    assert page.index('id="members"') < page.index(leave)

    asked = text(client.get(leave))
    assert seated(group).filter(person=sam).exists()  # the first tap only asks
    assert "Your seat goes at once to the first person on the waitlist." in asked
    assert 'button--danger">Yes, leave the group</button>' in asked
    response = client.post(leave, follow=True)

    assert f"You have left {group.club.name}." in text(response)
    assert "Sam Seated" not in text(response)
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert seated(group).filter(person=waiting).exists()


def test_leaving_without_a_seat_changes_nothing(client, group, sam):
    login(client, facilitator_of(group))

    response = client.post(
        reverse("mastermind_leave", args=[group.club.slug]), follow=True
    )

    assert "You hold no seat in this group." in text(response)
    assert seated(group).count() == 1
    leave = reverse("mastermind_leave", args=[group.club.slug])
    assert client.get(leave).status_code == 404


def test_the_training_page_invites_attendees_to_apply(client, group, time_machine):
    training = next_trainings(group)[0]
    time_machine.move_to(training.end + timedelta(days=2), tick=False)
    login(client, make_user())

    page = text(client.get(reverse("mastermind_training", args=[group.club.slug])))

    assert "Came to a training? Apply for a seat" in page
    assert f"{apply_url(group)}?training={training.pk}" in page
    following = next_trainings(group)[0]
    assert (
        reverse("occurrence_detail", args=[following.series.club.slug, following.pk])
        in page
    )
