"""Reads: who is in a group, whose turn it is, and how members follow through.

The group's private side (sessions, commitments, the member list) is for its
members and facilitators: pages ask `group_for_person` first and answer 404
to anyone else. `groups` holds the domain reads, `pages` what the pages show.
"""

from masterminds.selectors.groups import (
    FollowThrough,
    absentees,
    commitments_due,
    follow_through,
    group_for_occurrence,
    group_for_person,
    group_is_facilitator,
    group_is_member,
    group_seat_price,
    hot_seat_forecast,
    member_next_hot_seat,
    previous_session,
    rotation_queue,
    seated,
    seated_members,
    sessions,
    waitlist,
)
from masterminds.selectors.pages import (
    PastSession,
    group_by_slug,
    group_facilitators,
    group_session,
    groups_for_list,
    last_training,
    next_session,
    next_trainings,
    person_absent,
    person_application,
    person_commitment,
    person_history,
    session_hot_seats,
)

__all__ = [
    "group_for_occurrence",
    "group_is_facilitator",
    "group_is_member",
    "group_seat_price",
    "group_for_person",
    "seated",
    "seated_members",
    "waitlist",
    "sessions",
    "absentees",
    "rotation_queue",
    "hot_seat_forecast",
    "member_next_hot_seat",
    "previous_session",
    "commitments_due",
    "FollowThrough",
    "follow_through",
    "groups_for_list",
    "group_by_slug",
    "group_facilitators",
    "next_trainings",
    "person_application",
    "next_session",
    "group_session",
    "session_hot_seats",
    "person_commitment",
    "person_absent",
    "PastSession",
    "person_history",
    "last_training",
]
