"""The list of groups and each group's page: public facts for everyone, and
the members' view (who is in, the next session, your next hot seat, your
follow-through) for its members and facilitators."""

from django.http import Http404
from django.template.response import TemplateResponse

from clubs.selectors.calendars import club_feed_url
from clubs.selectors.payments import online_payment_ready
from clubs.selectors.subscriptions import person_subscription
from masterminds import selectors
from masterminds.models import MastermindGroup


def mastermind_list(request):
    context = {"groups": selectors.groups_for_list()}
    return TemplateResponse(request, "masterminds/group_list.html", context)


def mastermind_detail(request, slug):
    group = group_or_404(slug)
    is_member = selectors.group_is_member(person=request.user, group=group)
    context = {
        "group": group,
        "club": group.club,
        "facilitators": selectors.group_facilitators(group),
        "trainings": selectors.next_trainings(group),
        "application": selectors.person_application(group=group, person=request.user),
        "is_member": is_member,
        "seat_price": selectors.group_seat_price(group),
        "online_payment": online_payment_ready(),
        "seat_hold": selectors.person_seat_hold(group=group, person=request.user),
        "subscription": person_subscription(club=group.club, person=request.user),
        "feed_url": club_feed_url(club=group.club, person=request.user),
        **(_members_view(group, request.user) if is_member else {}),
    }
    return TemplateResponse(request, "masterminds/group_detail.html", context)


def _members_view(group: MastermindGroup, person) -> dict:
    forecast = selectors.hot_seat_forecast(group=group)
    members = selectors.seated_members(group)
    return {
        "members": [(member, forecast.get(member.pk)) for member in members],
        "is_seated": any(member.pk == person.pk for member in members),
        "is_facilitator": selectors.group_is_facilitator(person=person, group=group),
        "my_hot_seat": forecast.get(person.pk),
        "next_session": selectors.next_session(group),
        "follow_through": selectors.follow_through(person=person, group=group),
    }


def group_or_404(slug: str) -> MastermindGroup:
    group = selectors.group_by_slug(slug)
    if group is None:
        raise Http404("No such group.")
    return group


def mastermind_training(request, slug):
    """The monthly training: open to guests, and the way into the group."""
    group = group_or_404(slug)
    context = {
        "group": group,
        "club": group.club,
        "trainings": selectors.next_trainings(group, limit=6),
        "last_training": selectors.last_training(group),
        "application": selectors.person_application(group=group, person=request.user),
        "is_member": selectors.group_is_member(person=request.user, group=group),
    }
    return TemplateResponse(request, "masterminds/training.html", context)
