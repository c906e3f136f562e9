from django.urls import path

from clubs.urls import converters  # noqa: F401  (registers <token:>)
from clubs.views import calendars

urlpatterns = [
    path(
        "clubs/<slug:slug>/calendar.ics",
        calendars.club_calendar_feed,
        name="club_calendar_feed",
    ),
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/event.ics",
        calendars.occurrence_ics,
        name="occurrence_ics",
    ),
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/google-calendar/",
        calendars.occurrence_google_calendar,
        name="occurrence_google_calendar",
    ),
    path(
        "calendar/<token:token>.ics",
        calendars.member_calendar_feed,
        name="member_calendar_feed",
    ),
    path(
        "calendar/<token:token>/clubs/<slug:slug>.ics",
        calendars.member_club_calendar_feed,
        name="member_club_calendar_feed",
    ),
    path("accounts/calendar/", calendars.calendar_settings, name="calendar_settings"),
    path(
        "accounts/calendar/my-meetings.ics",
        calendars.my_calendar_feed,
        name="my_calendar_feed",
    ),
    path(
        "clubs/<slug:slug>/members-calendar.ics",
        calendars.club_members_calendar_feed,
        name="club_members_calendar_feed",
    ),
]
